"""Proof of play (监督检查): how long each item was actually on public screens.

Displays log every slide they show through their outbox. The hub keeps one row per showing
it can believe (gongkai.domain.proof decides): a version of an item that the feed's own
scope rule gave that device, live at the time, inside the device's life, not in the future,
not overlapping another showing on the screen. A record it cannot believe is counted per
device and reason for the device list; its raw form stays in submissions. So an inspection
sees, per screen, how often and how long a 公示 was shown, from accepted records only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from gongkai.domain import proof as rules
from gongkai.domain.proof import Claim, Refusal
from hub.storage import db
from hub.workflow import versions

from . import feed
from .devices import Device


@dataclass(frozen=True)
class ScreenTime:
    """One screen's showings of an item, for the item's page: how often, how long, first and last."""

    device: str
    showings: int
    seconds: float
    first: str
    last: str


def record(conn: sa.Connection, device: Device, payload: dict[str, Any], now: datetime) -> Refusal | None:
    """File one showing as evidence, or count why it is refused (returned)."""
    try:
        claim = rules.read(payload)
        version = versions.get(conn, claim.item_id, claim.version)
        rules.check(claim, now, _life(conn, device.id), _span(version),
                    version is not None and feed.view_of(conn, device).shows(version),
                    _neighbours(conn, device.id, claim))
    except rules.Refused as refused:
        _count(conn, device.id, refused.reason, now)
        return refused.reason
    conn.execute(db.plays.insert().values(item_id=claim.item_id, version=claim.version, device_id=device.id,
                                          started_at=_utc(claim.started), seconds=claim.seconds))
    return None


def _life(conn: sa.Connection, device_id: int) -> rules.Life:
    row = conn.execute(sa.select(db.devices.c.created_at, db.devices.c.revoked_at, db.devices.c.reinstated_at)
                       .where(db.devices.c.id == device_id)).one()
    return rules.Life(_time(row.created_at), _time(row.revoked_at), _time(row.reinstated_at))


def _span(version: sa.Row | None) -> rules.Span | None:
    return None if version is None else rules.Span(_time(version.live_from), _time(version.superseded_at))


def _neighbours(conn: sa.Connection, device_id: int, claim: Claim) -> list[Claim]:
    """The accepted showings on the screen that could overlap ``claim``: those starting while
    it runs, and the last to start before it (accepted showings never overlap one another,
    so no earlier one can reach past that one into the claim)."""
    plays, start = db.plays, _utc(claim.started)
    mine = sa.select(plays).where(plays.c.device_id == device_id)
    before = conn.execute(mine.where(plays.c.started_at <= start).order_by(plays.c.started_at.desc()).limit(1))
    during = conn.execute(mine.where(plays.c.started_at > start, plays.c.started_at < _utc(claim.ended)))
    return [Claim(row.item_id, row.version, _time(row.started_at), row.seconds) for row in [*before, *during]]


def _count(conn: sa.Connection, device_id: int, reason: Refusal, now: datetime) -> None:
    table = db.play_refusals
    counted = conn.execute(table.update().where(table.c.device_id == device_id, table.c.reason == reason.value)
                           .values(count=table.c.count + 1, last_at=now.isoformat())).rowcount
    if not counted:
        conn.execute(table.insert().values(device_id=device_id, reason=reason.value, count=1,
                                           last_at=now.isoformat()))


def refusals(conn: sa.Connection) -> dict[int, dict[Refusal, int]]:
    """Per device, how many play records were refused, by reason (in the order they are checked)."""
    found: dict[int, dict[Refusal, int]] = {}
    for row in conn.execute(sa.select(db.play_refusals)):
        found.setdefault(row.device_id, {})[Refusal(row.reason)] = row.count
    return {device: {reason: counts[reason] for reason in Refusal if reason in counts}
            for device, counts in found.items()}


def screen_time(conn: sa.Connection, item_id: int) -> list[ScreenTime]:
    """Per screen: how many showings, how long in all, first and last, most shown first."""
    rows = conn.execute(
        sa.select(db.devices.c.name, sa.func.count(), sa.func.sum(db.plays.c.seconds),
                  sa.func.min(db.plays.c.started_at), sa.func.max(db.plays.c.started_at))
        .join(db.devices, db.devices.c.id == db.plays.c.device_id)
        .where(db.plays.c.item_id == item_id)
        .group_by(db.devices.c.name).order_by(sa.func.sum(db.plays.c.seconds).desc()))
    return [ScreenTime(name, count, total, first, last) for name, count, total, first, last in rows]


def _utc(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat()


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
