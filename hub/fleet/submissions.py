"""What devices send up through their outbox, stored exactly once per client id.

A device may resend a record many times (it cannot know whether an answer was lost on
the way back); the unique (device, client id) pair makes every resend harmless.
Heartbeats are not kept as rows: they update the device's line in the device list.
Screenshots are kept apart, only each device's latest few (hub.fleet.screenshots).
A 点题, comment or application is filed in the responsible org's inbox (hub.feedback.citizen_requests) and a
rating counted (hub.feedback.ratings) the first time it arrives; the raw record is kept either
way, so a payload the hub cannot file is still there to look at, never lost. A play record
is taken as evidence or refused and counted against the device (hub.fleet.proof). Every
stored record is acknowledged, refused or not: acknowledgement means "kept, stop resending",
and a resend could not change the verdict.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gongkai.domain.feedback import abuse
from gongkai.domain.feedback.citizen_requests import RequestKind
from gongkai.domain.feedback.ratings import Satisfaction
from gongkai.protocol import OUTBOX_KINDS
from hub.feedback import citizen_requests, ratings
from hub.storage import db
from hub.workflow.disclosures import utcnow

from . import proof, releases, screenshots
from .devices import Device

log = logging.getLogger("gongkai.hub")

KINDS = OUTBOX_KINDS


@dataclass(frozen=True)
class Record:
    """One outbox record as a device sends it; its client id makes every resend harmless."""

    client_id: str
    kind: str
    created_at: str
    payload: dict[str, Any]


def store(conn: sa.Connection, device: Device, records: list[Record]) -> None:
    """Keep each record once; a record already stored is acknowledged again, not duplicated."""
    for record in records:
        if record.kind == "heartbeat":
            _heartbeat(conn, device, record)
            continue
        if record.kind == "screenshot":
            screenshots.receive(conn, device, record.client_id, record.created_at, record.payload)
            continue
        exists = conn.execute(sa.select(db.submissions.c.id).where(
            db.submissions.c.device_id == device.id,
            db.submissions.c.client_id == record.client_id)).first()
        if exists is None:
            conn.execute(db.submissions.insert().values(
                client_id=record.client_id, device_id=device.id, kind=record.kind,
                payload=json.dumps(record.payload, ensure_ascii=False),
                created_at=record.created_at, received_at=utcnow().isoformat()))
            _file(conn, device, record)


def _file(conn: sa.Connection, device: Device, record: Record) -> None:
    """Hand a citizen's record to the inbox or the rating count, in its own savepoint so a
    payload that cannot be filed leaves the raw record stored and the batch acknowledged."""
    if record.kind not in _FILERS:
        return
    try:
        with conn.begin_nested():
            _FILERS[record.kind](conn, device, record)
    except (abuse.Refused, ValueError, TypeError, KeyError, sa.exc.IntegrityError) as exc:
        log.warning("device %s record %s kept but not filed: %s", device.id, record.client_id, exc)


def _file_request(conn: sa.Connection, device: Device, record: Record) -> None:
    p = record.payload
    citizen_requests.file_from_device(conn, citizen_requests.Submission(
        kind=RequestKind(record.kind), org_id=_int(p, "org_id"), text=_str(p, "text"), source="kiosk",
        category=_int_or_none(p.get("category")), topic=_str(p, "topic"), name=_str(p, "name"),
        phone=_str(p, "phone"), purpose=_str(p, "purpose"), receipt=_str(p, "receipt"),
        device_id=device.id, item_id=_int_or_none(p.get("item_id")),
        submitted_at=_submitted_at(record.created_at)))


def _file_rating(conn: sa.Connection, device: Device, record: Record) -> None:
    p = record.payload
    ratings.record(conn, _int(p, "org_id"), Satisfaction(p.get("level")), _str(p, "reason"), "kiosk",
                      device_id=device.id, item_id=_int_or_none(p.get("item_id")))


def _file_play(conn: sa.Connection, device: Device, record: Record) -> None:
    refused = proof.record(conn, device, record.payload, utcnow())
    if refused is not None:
        log.warning("device %s play record %s refused: %s", device.id, record.client_id, refused.value)


_FILERS = {"dianti": _file_request, "feedback": _file_request, "application": _file_request,
           "rating": _file_rating, "play": _file_play}


def _int(payload: dict, key: str) -> int:
    value = _int_or_none(payload.get(key))
    if value is None:
        raise ValueError(f"payload field {key!r} must be a whole number")
    return value


def _str(payload: dict, key: str) -> str:
    value = payload.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"payload field {key!r} must be text")
    return value


def _submitted_at(created_at: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(created_at)
    except ValueError:
        return utcnow()
    return parsed if parsed.tzinfo else utcnow()


def _heartbeat(conn: sa.Connection, device: Device, record: Record) -> None:
    payload = record.payload
    conn.execute(db.devices.update().where(db.devices.c.id == device.id).values(
        last_heartbeat_at=utcnow().isoformat(),
        app_version=str(payload.get("app_version", ""))[:40],
        cursor=_int_or_none(payload.get("cursor")),
        outbox_depth=_int_or_none(payload.get("outbox_depth")),
        fresh_hub_time=_fresher(conn, device, payload.get("fresh_hub_time")),
        stale_after=_int_or_none(payload.get("stale_after")),
    ))
    releases.note_heartbeat(conn, device, payload)


def _fresher(conn: sa.Connection, device: Device, reported: Any) -> str | None:
    """The later of the stored and the reported time of the device's freshest signed answer,
    so a late or replayed heartbeat never makes a device look cut off when it is not."""
    stored = conn.execute(sa.select(db.devices.c.fresh_hub_time).where(db.devices.c.id == device.id)).scalar_one()
    times = [t for t in (_aware(stored), _aware(reported)) if t is not None]
    return max(times).isoformat() if times else None


def _aware(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62 else None


def count(conn: sa.Connection, device_id: int | None = None, kind: str | None = None) -> int:
    """How many records devices have sent up (of one device, of one kind), each counted once however often resent."""
    query = sa.select(sa.func.count()).select_from(db.submissions)
    if device_id is not None:
        query = query.where(db.submissions.c.device_id == device_id)
    if kind is not None:
        query = query.where(db.submissions.c.kind == kind)
    return conn.execute(query).scalar_one()
