"""The district's 公示 showing check: every 公示 of the orgs a user oversees, in a quarter,
with the days public screens actually showed it (from proof of play, hub.fleet.proof).

Computed from the items and plays tables as they stand; nothing is stored.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from gongkai.domain.model import TimeLimit
from gongkai.domain.oversight import ZONE, Quarter
from gongkai.domain.showings import GongshiCoverage, gongshi_coverage
from hub.storage import db

from .quarterly import PUBLIC_STATES


@dataclass(frozen=True)
class GongshiShowing:
    """One 公示 in the showing check: its window, the days screens showed it in the quarter, and how
    often, how long and on how many screens it was shown."""

    item_id: int
    org_id: int
    title: str
    start: date
    end: date
    coverage: GongshiCoverage
    showings: int
    seconds: float
    screens: int


def quarter_showings(conn: sa.Connection, org_ids: Iterable[int], quarter: Quarter,
                     now: datetime) -> list[GongshiShowing]:
    """Each 公示 whose window meets the quarter, those with missed days first."""
    items = conn.execute(sa.select(db.items.c.id, db.items.c.org_id, db.items.c.title, db.items.c.gongshi_start,
                                   db.items.c.gongshi_end).where(
        db.items.c.org_id.in_(list(org_ids)), db.items.c.status.in_(PUBLIC_STATES),
        db.items.c.time_limit == TimeLimit.IMMEDIATE.value,
        db.items.c.gongshi_start <= quarter.last_day.isoformat(),
        db.items.c.gongshi_end >= quarter.first_day.isoformat())).all()
    ids = [row.id for row in items]
    days, totals = _shown_days(conn, ids, quarter), _totals(conn, ids)
    today = now.astimezone(ZONE).date()
    found = [_showing(row, days[row.id], totals.get(row.id, (0, 0.0, 0)), quarter, today) for row in items]
    return sorted(found, key=lambda s: (s.coverage.complete, s.start, s.item_id))


def _showing(row: sa.Row, shown: set[date], totals: tuple[int, float, int], quarter: Quarter,
             today: date) -> GongshiShowing:
    start, end = date.fromisoformat(row.gongshi_start), date.fromisoformat(row.gongshi_end)
    coverage = gongshi_coverage(start, end, shown, quarter.first_day, quarter.last_day, today)
    return GongshiShowing(row.id, row.org_id, row.title, start, end, coverage, *totals)


def _local_day() -> sa.ColumnElement:
    """A showing's start as a district date, in SQL (the district keeps no summer time)."""
    offset = int(ZONE.utcoffset(datetime(2000, 1, 1)).total_seconds())
    return sa.func.date(db.plays.c.started_at, f"{offset:+d} seconds")


def _shown_days(conn: sa.Connection, item_ids: list[int], quarter: Quarter) -> defaultdict[int, set[date]]:
    day = _local_day()
    rows = conn.execute(sa.select(db.plays.c.item_id, day).distinct().where(
        db.plays.c.item_id.in_(item_ids), day >= quarter.first_day.isoformat(), day <= quarter.last_day.isoformat()))
    shown: defaultdict[int, set[date]] = defaultdict(set)
    for item_id, text in rows:
        shown[item_id].add(date.fromisoformat(text))
    return shown


def _totals(conn: sa.Connection, item_ids: list[int]) -> dict[int, tuple[int, float, int]]:
    """Per item: showings, seconds on screen and screens, over the whole 公示."""
    rows = conn.execute(sa.select(db.plays.c.item_id, sa.func.count(), sa.func.sum(db.plays.c.seconds),
                                  sa.func.count(sa.distinct(db.plays.c.device_id)))
                        .where(db.plays.c.item_id.in_(item_ids)).group_by(db.plays.c.item_id))
    return {item_id: (count, seconds, screens) for item_id, count, seconds, screens in rows}
