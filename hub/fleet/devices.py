"""Devices: pairing, tokens, org and groups. Only a SHA-256 of each token is stored, so a
stolen database does not let anyone impersonate a screen.

A new screen asks for pairing and shows a six-digit code; an admin types the code into
the console with the screen's name, org and groups; the screen then collects its token
(and the hub's public key) once, with a secret only it holds.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from gongkai.domain.fleet import Freshness, Health, health
from gongkai.domain.roles import Actor, readable_orgs, require_reader
from gongkai.qrtoken import key_id
from hub.clock import utcnow
from hub.storage import db
from hub.workflow.orgs import load_orgs

LAST_SEEN_RESOLUTION = timedelta(seconds=60)
PAIRING_LIFETIME = timedelta(hours=24)
PAIRINGS_PER_ADDRESS_PER_HOUR = 5
KINDS = ("kiosk", "display")
MAX_GROUPS = 20


class DeviceError(ValueError):
    """A device action that cannot be done; the message is for the admin (Chinese)."""


class PairingRefused(Exception):
    """Too many pairing requests from one address."""


@dataclass(frozen=True)
class Device:
    """A paired screen as the feed and the device API see it: its name, org and groups decide what it is sent."""

    id: int
    name: str
    org_id: int
    scope_version: int = 1
    groups: frozenset[str] = frozenset()
    key_id: str = ""
    """How signed feed pages name the device: the first 16 hex digits of its token's SHA-256."""
    screenshot_requested_at: str | None = None
    """When an admin asked it for a screenshot that has not arrived yet (hub.fleet.screenshots)."""


@dataclass(frozen=True)
class Pairing:
    """A screen waiting to be paired: the code it shows the admin, and the secret only it holds to collect its token."""

    id: int
    code: str
    secret: str
    expires_at: datetime


def token_hash(token: str) -> str:
    """What the hub keeps of a token or secret (devices, pairings, console sessions), so a
    stolen database opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def enrol(conn: sa.Connection, name: str, org_id: int, kind: str = "kiosk",
          groups: frozenset[str] = frozenset()) -> tuple[Device, str]:
    """Create a device; returns it with its token, which is shown once and never stored."""
    _check_name(conn, name)
    token = secrets.token_urlsafe(32)
    device_id = conn.execute(db.devices.insert().values(
        name=name, org_id=org_id, kind=kind, token_hash=token_hash(token), created_at=utcnow().isoformat(),
    )).inserted_primary_key[0]
    _write_groups(conn, device_id, groups)
    return Device(device_id, name, org_id, 1, frozenset(groups), key_id(token_hash(token))), token


def issue_token(conn: sa.Connection, name: str, org_id: int) -> str:
    """A fresh token for the device called ``name``, enrolling it first if it is new.

    The old token stops working at once: this is also how a lost token is replaced. A revoked
    device is reinstated, and the time noted: what it showed while revoked is no evidence.
    """
    row = conn.execute(sa.select(db.devices.c.id, db.devices.c.revoked).where(db.devices.c.name == name)).first()
    if row is None:
        return enrol(conn, name, org_id)[1]
    token = secrets.token_urlsafe(32)
    reinstated = {"reinstated_at": utcnow().isoformat()} if row.revoked else {}
    conn.execute(db.devices.update().where(db.devices.c.id == row.id)
                 .values(token_hash=token_hash(token), org_id=org_id, revoked=False, **reinstated))
    return token


def authenticate(conn: sa.Connection, token: str) -> Device | None:
    """The device a bearer token belongs to, noting when it was last seen (at most once a minute)."""
    row = conn.execute(sa.select(db.devices).where(db.devices.c.token_hash == token_hash(token),
                                                   db.devices.c.revoked.is_(False))).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_seen_at is None or now - datetime.fromisoformat(row.last_seen_at) > LAST_SEEN_RESOLUTION:
        conn.execute(db.devices.update().where(db.devices.c.id == row.id)
                     .values(last_seen_at=now.isoformat()))
    return _device(conn, row)


def _device(conn: sa.Connection, row: sa.Row) -> Device:
    return Device(row.id, row.name, row.org_id, row.scope_version, groups_of(conn, row.id), key_id(row.token_hash),
                  row.screenshot_requested_at)


def groups_of(conn: sa.Connection, device_id: int) -> frozenset[str]:
    """The device groups a screen belongs to, which items and app versions can be aimed at."""
    return frozenset(conn.execute(sa.select(db.device_groups.c.name)
                                  .where(db.device_groups.c.device_id == device_id)).scalars())


# --- pairing ---------------------------------------------------------------

def request_pairing(conn: sa.Connection, kind: str, address: str) -> Pairing:
    """A new pairing code for a screen at ``address`` (rate-limited per address)."""
    if kind not in KINDS:
        raise DeviceError("终端类型只能是触摸屏或显示屏")
    now = utcnow()
    recent = conn.execute(sa.select(sa.func.count()).select_from(db.pairings).where(
        db.pairings.c.address == address,
        db.pairings.c.created_at > (now - timedelta(hours=1)).isoformat())).scalar_one()
    if recent >= PAIRINGS_PER_ADDRESS_PER_HOUR:
        raise PairingRefused()
    code = _free_code(conn, now)
    secret = secrets.token_urlsafe(32)
    expires = now + PAIRING_LIFETIME
    pairing_id = conn.execute(db.pairings.insert().values(
        code=code, secret_hash=token_hash(secret), kind=kind, address=address[:64],
        created_at=now.isoformat(), expires_at=expires.isoformat())).inserted_primary_key[0]
    return Pairing(pairing_id, code, secret, expires)


def _free_code(conn: sa.Connection, now: datetime) -> str:
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        taken = conn.execute(sa.select(db.pairings.c.id).where(
            db.pairings.c.code == code, db.pairings.c.expires_at > now.isoformat())).first()
        if taken is None:
            return code


def confirm_pairing(conn: sa.Connection, code: str, name: str, org_id: int, groups: frozenset[str]) -> Device:
    """The admin's side: the code a screen shows becomes a named device in an org and groups."""
    row = conn.execute(sa.select(db.pairings).where(
        db.pairings.c.code == code.strip().replace(" ", ""), db.pairings.c.device_id.is_(None),
        db.pairings.c.expires_at > utcnow().isoformat())).first()
    if row is None:
        raise DeviceError("配对码无效或已过期，请核对终端屏幕上显示的配对码")
    _check_org(conn, org_id)
    device, token = enrol(conn, name, org_id, row.kind, groups)
    conn.execute(db.pairings.update().where(db.pairings.c.id == row.id)
                 .values(device_id=device.id, token=token))
    return device


def collect_pairing(conn: sa.Connection, pairing_id: int, secret: str) -> tuple[str, Device] | None:
    """The screen's side: its token, exactly once, once the admin has confirmed the code.

    None while waiting. A wrong secret, an expired request or a second collection raise
    DeviceError, so the token never leaves the hub twice.
    """
    row = conn.execute(sa.select(db.pairings).where(db.pairings.c.id == pairing_id)).first()
    if row is None or row.secret_hash != token_hash(secret):
        raise DeviceError("unknown pairing request")
    if row.device_id is None:
        if row.expires_at < utcnow().isoformat():
            raise DeviceError("pairing request expired; start again")
        return None
    if row.token is None:
        raise DeviceError("this pairing was already collected")
    conn.execute(db.pairings.update().where(db.pairings.c.id == pairing_id).values(token=None))
    device = conn.execute(sa.select(db.devices).where(db.devices.c.id == row.device_id)).first()
    return row.token, _device(conn, device)


# --- managing devices ----------------------------------------------------

def update(conn: sa.Connection, device_id: int, org_id: int, groups: frozenset[str]) -> None:
    """Move a device or change its groups; what it may show changes, so it resyncs from zero."""
    _check_org(conn, org_id)
    conn.execute(db.devices.update().where(db.devices.c.id == device_id).values(
        org_id=org_id, scope_version=db.devices.c.scope_version + 1))
    _write_groups(conn, device_id, groups)


def revoke(conn: sa.Connection, device_id: int) -> None:
    """Its token stops working at once (a stolen or retired screen)."""
    conn.execute(db.devices.update().where(db.devices.c.id == device_id, db.devices.c.revoked.is_(False))
                 .values(revoked=True, revoked_at=utcnow().isoformat(), reinstated_at=None))


def parse_groups(text: str) -> frozenset[str]:
    """Group names as an admin types them: separated by commas (，or ,) or new lines."""
    names = {n.strip() for n in text.replace("，", ",").replace("\n", ",").split(",") if n.strip()}
    if len(names) > MAX_GROUPS or any(len(n) > 100 for n in names):
        raise DeviceError(f"分组最多{MAX_GROUPS}个，每个名称不超过100字")
    return frozenset(names)


def _write_groups(conn: sa.Connection, device_id: int, groups: frozenset[str]) -> None:
    conn.execute(db.device_groups.delete().where(db.device_groups.c.device_id == device_id))
    for name in sorted(groups):
        conn.execute(db.device_groups.insert().values(device_id=device_id, name=name))


def _check_org(conn: sa.Connection, org_id: int) -> None:
    if conn.execute(sa.select(db.orgs.c.id).where(db.orgs.c.id == org_id)).first() is None:
        raise DeviceError("请选择终端所属的党组织")


def _check_name(conn: sa.Connection, name: str) -> None:
    if not name.strip() or len(name) > 200:
        raise DeviceError("终端名称不能为空，且不超过200字")
    if conn.execute(sa.select(db.devices.c.id).where(db.devices.c.name == name)).first():
        raise DeviceError("已有同名终端，请换一个名称")


def list_devices(conn: sa.Connection, actor: Actor) -> list[sa.Row]:
    """The screens of the orgs whose records ``actor`` reads."""
    readable = readable_orgs(actor, load_orgs(conn))
    return list(conn.execute(sa.select(db.devices).where(db.devices.c.org_id.in_(readable)).order_by(db.devices.c.id)))


def readable_device(conn: sa.Connection, actor: Actor, device_id: int) -> sa.Row:
    """One screen's row, for an actor who reads its org's records; DeviceError if there is none."""
    row = conn.execute(sa.select(db.devices).where(db.devices.c.id == device_id)).first()
    if row is None:
        raise DeviceError("没有这个终端")
    require_reader(actor, load_orgs(conn), row.org_id)
    return row


def health_of(row: sa.Row, head: int, now: datetime) -> Health:
    """How a device on the list stands: online, up to date, and whether it has gone longer
    than its own limit without a fresh signed answer from this hub (its heartbeat says)."""
    freshness = None if row.stale_after is None else Freshness(_time(row.fresh_hub_time),
                                                               timedelta(seconds=row.stale_after))
    return health(_time(row.last_seen_at), row.cursor, head, now, freshness)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
