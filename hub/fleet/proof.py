"""Proof of play (监督检查): how long each item was actually on public screens.

Displays log every slide they show through their outbox; the hub keeps one row per
showing, so an inspection can see, per screen, how often and how long a 公示 was shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from hub.storage import db

from .devices import Device

MAX_SECONDS = 3600.0
"""A longer single showing is a device error (a frozen screen), not evidence."""


@dataclass(frozen=True)
class ScreenTime:
    device: str
    showings: int
    seconds: float
    first: str
    last: str


def record(conn: sa.Connection, device: Device, payload: dict[str, Any]) -> None:
    """File one showing; a payload that does not read as one raises ValueError."""
    item_id, version, seconds = payload.get("item_id"), payload.get("version"), payload.get("seconds")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in (item_id, version)):
        raise ValueError("play record needs a positive item_id and version")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 < seconds <= MAX_SECONDS:
        raise ValueError("play record seconds out of range")
    started = datetime.fromisoformat(str(payload.get("started_at")))
    if started.tzinfo is None:
        raise ValueError("play record start has no time zone")
    conn.execute(db.plays.insert().values(item_id=item_id, version=version, device_id=device.id,
                                          started_at=started.isoformat(), seconds=float(seconds)))


def screen_time(conn: sa.Connection, item_id: int) -> list[ScreenTime]:
    """Per screen: how many showings, how long in all, first and last, most shown first."""
    rows = conn.execute(
        sa.select(db.devices.c.name, sa.func.count(), sa.func.sum(db.plays.c.seconds),
                  sa.func.min(db.plays.c.started_at), sa.func.max(db.plays.c.started_at))
        .join(db.devices, db.devices.c.id == db.plays.c.device_id)
        .where(db.plays.c.item_id == item_id)
        .group_by(db.devices.c.name).order_by(sa.func.sum(db.plays.c.seconds).desc()))
    return [ScreenTime(name, count, total, first, last) for name, count, total, first, last in rows]
