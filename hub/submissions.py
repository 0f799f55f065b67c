"""What devices send up through their outbox, stored exactly once per client id.

A device may resend a record many times (it cannot know whether an answer was lost on
the way back); the unique (device, client id) pair makes every resend harmless.
Heartbeats are not kept as rows: they update the device's line in the device list.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from . import db
from .devices import Device
from .disclosures import utcnow

KINDS = frozenset({"dianti", "feedback", "rating", "application", "play", "heartbeat"})
MAX_PAYLOAD_BYTES = 16_384


@dataclass(frozen=True)
class Record:
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
        exists = conn.execute(sa.select(db.submissions.c.id).where(
            db.submissions.c.device_id == device.id,
            db.submissions.c.client_id == record.client_id)).first()
        if exists is None:
            conn.execute(db.submissions.insert().values(
                client_id=record.client_id, device_id=device.id, kind=record.kind,
                payload=json.dumps(record.payload, ensure_ascii=False),
                created_at=record.created_at, received_at=utcnow().isoformat()))


def _heartbeat(conn: sa.Connection, device: Device, record: Record) -> None:
    payload = record.payload
    conn.execute(db.devices.update().where(db.devices.c.id == device.id).values(
        last_heartbeat_at=utcnow().isoformat(),
        app_version=str(payload.get("app_version", ""))[:40],
        cursor=_int_or_none(payload.get("cursor")),
        outbox_depth=_int_or_none(payload.get("outbox_depth")),
    ))


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62 else None


def count(conn: sa.Connection, device_id: int | None = None, kind: str | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(db.submissions)
    if device_id is not None:
        query = query.where(db.submissions.c.device_id == device_id)
    if kind is not None:
        query = query.where(db.submissions.c.kind == kind)
    return conn.execute(query).scalar_one()
