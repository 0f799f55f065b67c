"""Oversight on the hub (六.4 监督检查, 六.5 考核评价): the quarterly report per org and the
year's overview of every org a user may oversee.

The rules are gongkai.domain.oversight; this module loads what they need from the
existing tables (no table of its own: a report is always computed from the items and
catalogues as they stand).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

import sqlalchemy as sa

from gongkai.domain.catalogue import catalogue_for
from gongkai.domain.model import Disclosure, Org
from gongkai.domain.oversight import (
    ZONE,
    Duty,
    Quarter,
    QuarterReview,
    Tally,
    check_label,
    disclosed_in,
    on_time_rate,
    quarterly_duties,
    rate_label,
    review_label,
    review_quarter,
    review_year,
)
from gongkai.domain.workflow import State
from hub.storage import db
from hub.workflow import catalogues
from hub.workflow.disclosures import state_of, to_disclosure

PUBLIC_STATES = (State.PUBLISHED.value, State.WITHDRAWN.value)
"""Item statuses that went public (a termination is stored as withdrawn): drafts never did."""

_WITHOUT_TEXT = [sa.literal("").label(c.name) if c.name in ("body", "work_plan") else c for c in db.items.c]

WORDING = dict(check_label=check_label, rate_label=rate_label, review_label=review_label)
"""The domain's Chinese wording, for the templates that show a review."""


@dataclass(frozen=True)
class QuarterReport:
    """One org's quarter, as the report page shows it."""

    org: Org
    review: QuarterReview
    tally: Tally
    items: list[Disclosure]      # everything it disclosed in the quarter, withdrawn ones included
    states: Mapping[int, State]  # each item's state: the console tells withdrawn from terminated


@dataclass(frozen=True)
class OrgYear:
    """One org's year on the oversight dashboard."""

    org: Org
    duties: list[Duty]
    reviews: list[QuarterReview]

    @property
    def overdue(self) -> int:
        """How many 定期 entries the org let pass their quarter this year: the overview's warning."""
        return sum(len(r.overdue) for r in self.reviews)

    @property
    def rate(self) -> Fraction | None:
        """The org's on-time rate (按时公开率) for the year; None while nothing is settled yet."""
        return on_time_rate(self.reviews)


def quarter_report(conn: sa.Connection, orgs: Mapping[int, Org], org_id: int, quarter: Quarter,
                   now: datetime) -> QuarterReport:
    """One org's quarter for its report page: what its catalogue required, what it disclosed and what is overdue."""
    rows = public_rows(conn, [org_id], quarter.first_day, quarter.last_day)
    items = [to_disclosure(r) for r in rows]
    review = review_quarter(duties_of(conn, orgs, [org_id])[org_id], items, quarter, now)
    shown = sorted(disclosed_in(items, quarter, now), key=lambda i: i.published_at)
    return QuarterReport(orgs[org_id], review, Tally.of(shown), shown, {r.id: state_of(r) for r in rows})


def year_overview(conn: sa.Connection, orgs: Mapping[int, Org], org_ids: Iterable[int], year: int,
                  now: datetime) -> list[OrgYear]:
    """Each org with quarterly 定期 entries, in the order given, its year reviewed quarter
    by quarter."""
    ids = [i for i in org_ids if i in orgs]
    duties = duties_of(conn, orgs, ids)
    items = public_items(conn, ids, date(year, 1, 1), date(year, 12, 31))
    return [OrgYear(orgs[i], duties[i], review_year(duties[i], items[i], year, now))
            for i in ids if duties[i]]


def duties_of(conn: sa.Connection, orgs: Mapping[int, Org], org_ids: Iterable[int]) -> dict[int, list[Duty]]:
    """Each org's quarterly 定期 catalogue entries, with the date each was added."""
    entries = catalogues.all_entries(conn)
    added = {row.id: datetime.fromisoformat(row.created_at).astimezone(ZONE).date()
             for row in conn.execute(sa.select(db.catalogue_entries.c.id, db.catalogue_entries.c.created_at))}
    return {i: quarterly_duties(catalogue_for(entries, orgs, i), added) for i in org_ids}


def public_items(conn: sa.Connection, org_ids: Iterable[int], first: date, last: date
                 ) -> defaultdict[int, list[Disclosure]]:
    """The items of ``org_ids`` that went public between two district dates, by org."""
    found: defaultdict[int, list[Disclosure]] = defaultdict(list)
    for row in public_rows(conn, org_ids, first, last):
        found[row.org_id].append(to_disclosure(row))
    return found


def public_rows(conn: sa.Connection, org_ids: Iterable[int], first: date, last: date) -> list[sa.Row]:
    """The rows of ``public_items``.

    Times are stored with the offset they were given (UTC from the console, +08:00 from
    imports), so text comparison is only a coarse filter with a day's margin each side;
    the exact cut is made on the parsed times. A review needs no item's text, so the long
    columns are left behind: a district's year stays small in memory.
    """
    rows = conn.execute(sa.select(*_WITHOUT_TEXT).where(
        db.items.c.org_id.in_(list(org_ids)), db.items.c.status.in_(PUBLIC_STATES),
        *published_between(first, last)))
    return [r for r in rows if first <= datetime.fromisoformat(r.published_at).astimezone(ZONE).date() <= last]


def published_between(first: date, last: date) -> tuple[sa.ColumnElement[bool], ...]:
    """A coarse SQL filter on ``published_at`` text, a day wider than ``first``..``last``."""
    column = db.items.c.published_at
    return column >= (first - timedelta(days=1)).isoformat(), column < (last + timedelta(days=2)).isoformat()


def first_year(conn: sa.Connection, fallback: int) -> int:
    """The earliest year anything was published (for the year pickers)."""
    earliest = conn.execute(sa.select(sa.func.min(db.items.c.published_at))
                            .where(db.items.c.status.in_(PUBLIC_STATES))).scalar_one()
    return min(int(earliest[:4]), fallback) if earliest else fallback
