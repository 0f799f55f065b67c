"""Fleet updates on the hub: app versions uploaded as wheels, signed manifests, offers to
device groups, and what each device reports back.

A release's manifest ``{filename, sha256, size, version}`` is signed with the same Ed25519
key as the feed, so a device trusts an update exactly as far as it trusts its content. The
wheel itself is kept in the content-addressed file store beside attachments (one backup).
An offer names the version a device group should run; ``*`` offers it to every device. A
device in several groups takes the newest version any of them offers, else the ``*`` one;
offering an older version rolls the group back. Versions are ordered as PEP 440 orders them
(gongkai.versions). A pre-release (0.3.0rc1) goes only to a device that asks for them
(``[update] prereleases = true`` in its config, sent with its offer request); for any other
device an offer of a pre-release is as if there were none.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongkai import signing, versions
from gongkai.domain.roles import Actor
from hub.clock import utcnow
from hub.storage import db
from hub.storage.files import FileStore

from .devices import Device, list_devices

EVERY_DEVICE = "*"
OUTCOMES = ("installed", "failed", "rolled_back")
MAX_WHEEL_BYTES = 512 * 2**20
_VERSION_TEXT = r"[0-9][0-9A-Za-z.+_]{0,39}"
_VERSION = re.compile(rf"^{_VERSION_TEXT}$")
_WHEEL_NAME = re.compile(rf"^gongkai-({_VERSION_TEXT})-py3-none-any\.whl$")


class ReleaseError(ValueError):
    """A release or offer the hub refuses; the message is for the admin, in Chinese."""


@dataclass(frozen=True)
class Release:
    """An uploaded app version: its wheel in the file store and the signed manifest devices
    check before installing it."""

    version: str
    filename: str
    sha256: str
    size: int
    manifest: str
    signature: str


def add_release(conn: sa.Connection, key: Ed25519PrivateKey, files: FileStore, filename: str,
                data: bytes, actor: str) -> Release:
    """Check an uploaded wheel, keep it and sign its manifest."""
    match = _WHEEL_NAME.match(filename)
    if not match:
        raise ReleaseError("请上传本系统的安装包（文件名形如 gongkai-0.2.0-py3-none-any.whl）")
    version = match.group(1)
    if versions.parse(version) is None:
        raise ReleaseError(f"版本号 {version} 不符合规范（应形如 0.2.0、0.3.0rc1）")
    if not data or len(data) > MAX_WHEEL_BYTES:
        raise ReleaseError("安装包为空或超过 512 MB")
    if not _is_gongkai_wheel(data, version):
        raise ReleaseError("文件不是有效的本系统安装包（缺少 gongkai 的包信息）")
    if conn.execute(sa.select(db.releases.c.version).where(db.releases.c.version == version)).first():
        raise ReleaseError(f"版本 {version} 已上传过；新的安装包请使用新的版本号")
    sha256 = files.put(data)
    manifest = json.dumps({"filename": filename, "sha256": sha256, "size": len(data), "version": version},
                          sort_keys=True, separators=(",", ":"))
    release = Release(version, filename, sha256, len(data), manifest, signing.sign(key, manifest.encode()))
    conn.execute(db.releases.insert().values(
        version=version, filename=filename, sha256=sha256, size=len(data), manifest=manifest,
        signature=release.signature, uploaded_by=actor, uploaded_at=utcnow().isoformat()))
    return release


def _is_gongkai_wheel(data: bytes, version: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as wheel:
            return f"gongkai-{version}.dist-info/METADATA" in wheel.namelist()
    except zipfile.BadZipFile:
        return False


def offer(conn: sa.Connection, group: str, version: str, actor: str) -> None:
    """Offer ``version`` to a device group (``*``: every device); an empty version withdraws the offer."""
    group = group.strip() or EVERY_DEVICE
    if len(group) > 100:
        raise ReleaseError("分组名称过长")
    conn.execute(db.release_offers.delete().where(db.release_offers.c.group_name == group))
    if not version:
        return
    if release(conn, version) is None:
        raise ReleaseError(f"没有版本 {version}，请先上传安装包")
    conn.execute(db.release_offers.insert().values(group_name=group, version=version, offered_by=actor,
                                                   offered_at=utcnow().isoformat()))


def release(conn: sa.Connection, version: str) -> Release | None:
    """The uploaded version with this number, or None: an offer may name only one that exists."""
    row = conn.execute(sa.select(db.releases).where(db.releases.c.version == version)).first()
    return None if row is None else Release(row.version, row.filename, row.sha256, row.size, row.manifest,
                                            row.signature)


def offered_to(conn: sa.Connection, device: Device, prereleases: bool = False) -> Release | None:
    """The version this device should run: its groups' newest offer, else the all-devices one;
    pre-releases count only when the device takes them."""
    rows = [row for row in conn.execute(sa.select(db.release_offers))
            if prereleases or not versions.is_prerelease(row.version)]
    mine = [row.version for row in rows if row.group_name in device.groups]
    fallback = [row.version for row in rows if row.group_name == EVERY_DEVICE]
    chosen = max(mine or fallback, key=versions.order_key, default=None)
    return None if chosen is None else release(conn, chosen)


def record_report(conn: sa.Connection, device: Device, version: str, outcome: str, detail: str) -> None:
    """Keep the device's latest update outcome for the console."""
    conn.execute(db.release_reports.delete().where(db.release_reports.c.device_id == device.id))
    conn.execute(db.release_reports.insert().values(device_id=device.id, version=version[:40], outcome=outcome,
                                                    detail=detail[:500], reported_at=utcnow().isoformat()))


def note_heartbeat(conn: sa.Connection, device: Device, payload: dict) -> None:
    """Take the update outcome a heartbeat repeats, in case the device's own report was lost
    on the way: a failed update must reach the device list even over a flaky link."""
    version, outcome = payload.get("update_version"), payload.get("update_outcome")
    if not isinstance(version, str) or not _VERSION.match(version) or outcome not in OUTCOMES:
        return
    known = reports(conn).get(device.id)
    if known is None or (known.version, known.outcome) != (version, outcome):
        record_report(conn, device, version, outcome, str(payload.get("update_detail") or ""))


def reports(conn: sa.Connection) -> dict[int, sa.Row]:
    """Every device's latest update outcome, by device id."""
    return {row.device_id: row for row in conn.execute(sa.select(db.release_reports))}


def overview(conn: sa.Connection, actor: Actor) -> dict:
    """What the console's release page shows: versions, offers, and the state of every screen
    of the orgs whose records ``actor`` reads."""
    releases = conn.execute(sa.select(db.releases).order_by(db.releases.c.uploaded_at.desc())).all()
    offers = conn.execute(sa.select(db.release_offers).order_by(db.release_offers.c.group_name)).all()
    devices = sorted((d for d in list_devices(conn, actor) if not d.revoked), key=lambda d: d.name)
    return {"releases": sorted(releases, key=lambda r: versions.order_key(r.version), reverse=True),
            "offers": offers, "reports": reports(conn), "devices": devices}
