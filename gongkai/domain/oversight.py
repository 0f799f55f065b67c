"""Supervision of periodic disclosure (六.4 监督检查, 六.5 考核评价) as pure rules.

五(三)2 says 定期 matters are disclosed "in principle once a quarter", and the mission
asks that a missed quarter be visible. For each quarterly 定期 entry of an org's
catalogue and each calendar quarter (Asia/Shanghai), this module decides whether the org
disclosed a matching item in that quarter, is late, or still has time; and it counts the
items an org disclosed by category and time limit, for the quarterly report.

The rules, and why:

* An item matches an entry as it does for publishing (五(一)2): same category, time
  limit and audience. The catalogue cannot tell two entries with the same three apart,
  so one item satisfies both.
* An item counts for the quarter its ``published_at`` falls in, read on the district's
  calendar; a late report published next quarter does not mend the missed one.
* Only an item still published counts: a withdrawn or terminated one was taken back,
  so the matter has to be disclosed again; a scheduled one is not disclosed until its
  publication time has come.
* An entry is due from the quarter it was added to the catalogue, not before: a new
  entry does not make every past quarter overdue. Entries are checked as the catalogue
  stands now; a removed entry is no longer checked for past quarters.
* A quarter without a matching item is overdue once it has ended; until then the
  current quarter is "due by" its last day. On-time rate counts only settled entries
  (disclosed, or overdue): an entry that may still be disclosed on time is neither.
"""
from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from .catalogue import CatalogueEntry, Frequency
from .dates import chinese_month_day, quarter_label
from .model import Category, Disclosure, ItemStatus, TimeLimit

ZONE = ZoneInfo("Asia/Shanghai")
"""Quarters are the district's calendar quarters, whatever offset a time was stored with."""

_ORDINALS = "一二三四"


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter of the district: the period a quarterly 定期 entry must be disclosed in."""

    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter a calendar day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def at(cls, moment: datetime) -> Quarter:
        """The quarter an aware time falls in on the district's calendar."""
        return cls.of(moment.astimezone(ZONE).date())

    @property
    def first_day(self) -> date:
        """The day the quarter begins."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """The day the quarter ends: the deadline for its 定期 disclosures."""
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Quarter:
        """The quarter after this one (the next year's first after a fourth)."""
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def label(self) -> str:
        """2026年第三季度"""
        return quarter_label(self.first_day)

    @property
    def short_label(self) -> str:
        """第三季度, for a table whose year is already said."""
        return f"第{_ORDINALS[self.number - 1]}季度"


def quarters_of(year: int) -> list[Quarter]:
    """The four quarters of ``year`` in order, for reviewing a year."""
    return [Quarter(year, n) for n in range(1, 5)]


@dataclass(frozen=True)
class Duty:
    """A quarterly 定期 catalogue entry an org must disclose, from the quarter it was added."""

    entry: CatalogueEntry
    since: Quarter


def quarterly_duties(entries: Iterable[CatalogueEntry], added: Mapping[int, date]) -> list[Duty]:
    """The org's quarterly 定期 entries (others have no quarter to miss), with the quarter
    each was added in (``added``: entry id → date it was added)."""
    return [Duty(e, Quarter.of(added[e.id])) for e in entries
            if e.time_limit is TimeLimit.PERIODIC and e.frequency is Frequency.QUARTERLY]


class Standing(enum.StrEnum):
    """Where one entry stands in one quarter."""

    DISCLOSED = "disclosed"  # a matching item was published within the quarter
    OVERDUE = "overdue"      # the quarter ended without one
    PENDING = "pending"      # the current quarter, not disclosed yet: due by its last day


@dataclass(frozen=True)
class EntryCheck:
    """How one catalogue entry stands in one quarter, with the items that satisfied it."""

    entry: CatalogueEntry
    quarter: Quarter
    standing: Standing
    items: tuple[Disclosure, ...]  # the matching items disclosed within the quarter


@dataclass(frozen=True)
class QuarterReview:
    """Every entry due in one quarter, each with its standing."""

    quarter: Quarter
    checks: tuple[EntryCheck, ...]

    def with_standing(self, standing: Standing) -> tuple[EntryCheck, ...]:
        """The quarter's entries that stand as ``standing``."""
        return tuple(c for c in self.checks if c.standing is standing)

    @property
    def disclosed(self) -> tuple[EntryCheck, ...]:
        """The entries disclosed within the quarter."""
        return self.with_standing(Standing.DISCLOSED)

    @property
    def overdue(self) -> tuple[EntryCheck, ...]:
        """The entries whose quarter ended without a disclosure."""
        return self.with_standing(Standing.OVERDUE)

    @property
    def pending(self) -> tuple[EntryCheck, ...]:
        """The entries of the current quarter still to be disclosed, not yet late."""
        return self.with_standing(Standing.PENDING)

    @property
    def rate(self) -> Fraction | None:
        """The quarter's on-time rate (see on_time_rate); None while nothing is settled."""
        return on_time_rate([self])


def disclosed_in(items: Iterable[Disclosure], quarter: Quarter, now: datetime) -> list[Disclosure]:
    """The items that went public within ``quarter`` by ``now`` (withdrawn ones included:
    they were disclosed, and their withdrawal was published too)."""
    return [i for i in items if i.published_at <= now and Quarter.at(i.published_at) == quarter]


def review_quarter(duties: Sequence[Duty], items: Iterable[Disclosure], quarter: Quarter,
                   now: datetime) -> QuarterReview:
    """Check each entry due in ``quarter`` against the org's items; a quarter that has not
    begun by ``now`` has nothing due yet."""
    if quarter > Quarter.at(now):
        return QuarterReview(quarter, ())
    standing_items = [i for i in disclosed_in(items, quarter, now) if i.status is ItemStatus.PUBLISHED]
    ended = quarter < Quarter.at(now)
    checks = []
    for duty in duties:
        if duty.since > quarter:
            continue
        found = tuple(i for i in standing_items if _matches(duty.entry, i))
        standing = Standing.DISCLOSED if found else Standing.OVERDUE if ended else Standing.PENDING
        checks.append(EntryCheck(duty.entry, quarter, standing, found))
    return QuarterReview(quarter, tuple(checks))


def review_year(duties: Sequence[Duty], items: Sequence[Disclosure], year: int,
                now: datetime) -> list[QuarterReview]:
    """The year's quarters up to the current one, each reviewed."""
    return [review_quarter(duties, items, q, now) for q in quarters_of(year) if q <= Quarter.at(now)]


def on_time_rate(reviews: Iterable[QuarterReview]) -> Fraction | None:
    """Entries disclosed within their quarter / entries settled (disclosed or overdue);
    None when nothing is settled yet, which is not the same as 0%."""
    disclosed = settled = 0
    for review in reviews:
        disclosed += len(review.disclosed)
        settled += len(review.disclosed) + len(review.overdue)
    return Fraction(disclosed, settled) if settled else None


def _matches(entry: CatalogueEntry, item: Disclosure) -> bool:
    return (item.category, item.time_limit, item.audience) == (entry.category, entry.time_limit,
                                                               entry.audience)


# ---- the quarterly report's table ----------------------------------------------------------

@dataclass(frozen=True)
class Tally:
    """How many items an org disclosed, by category (rows) and time limit (columns)."""

    counts: Mapping[tuple[Category, TimeLimit], int]

    @classmethod
    def of(cls, items: Iterable[Disclosure]) -> Tally:
        """Count ``items`` (an org's items of the quarter) into the report's table."""
        return cls(Counter((i.category, i.time_limit) for i in items))

    def count(self, category: Category, time_limit: TimeLimit) -> int:
        """One cell of the table: the items of ``category`` with ``time_limit``."""
        return self.counts.get((category, time_limit), 0)

    def in_category(self, category: Category) -> int:
        """A row's total: the items of ``category``, whatever their time limit."""
        return sum(n for (c, _), n in self.counts.items() if c is category)

    def with_time_limit(self, time_limit: TimeLimit) -> int:
        """A column's total: the items with ``time_limit``, across the categories."""
        return sum(n for (_, t), n in self.counts.items() if t is time_limit)

    @property
    def total(self) -> int:
        """Every item counted: the table's corner total."""
        return sum(self.counts.values())


# ---- wording (Chinese) ----------------------------------------------------------------------

def check_label(check: EntryCheck) -> str:
    """How one entry stands in its quarter, as the supervisor reads it."""
    if check.standing is Standing.DISCLOSED:
        first = min(i.published_at for i in check.items).astimezone(ZONE).date()
        return f"已按期公开（{chinese_month_day(first)}）"
    deadline = chinese_month_day(check.quarter.last_day)
    if check.standing is Standing.OVERDUE:
        return f"逾期未公开（应于{deadline}前公开）"
    return f"本季度尚未公开，截止{deadline}"


def rate_label(rate: Fraction | None) -> str:
    """87.5%, 100%; a dash when nothing was due yet."""
    if rate is None:
        return "—"
    percent = round(float(rate) * 100, 1)
    return f"{percent:g}%"


def review_label(review: QuarterReview) -> str:
    """One quarter in a few words: 按期公开 3 项 · 逾期 2 项 · 待公开 1 项."""
    if not review.checks:
        return "无应公开的定期事项"
    parts = [("按期公开", review.disclosed), ("逾期", review.overdue), ("待公开", review.pending)]
    return " · ".join(f"{word} {len(checks)} 项" for word, checks in parts if checks)
