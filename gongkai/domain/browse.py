"""How a kiosk reader narrows the live items: by category, by org, by quarter, by time limit.

Each way of browsing (a facet) offers choices worked out from the content itself, so a
chip is never offered that would lead to an empty list, except the eight categories,
which are always there (四、主要内容).
"""
from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from . import rules
from .dates import quarter_label
from .model import Category, Disclosure, Org, TimeLimit
from .orgtree import outline, subtree


class Facet(enum.Enum):
    """A way of browsing the live items: by category, org, period or time limit."""

    CATEGORY = "category"
    ORG = "org"
    PERIOD = "period"
    TIME_LIMIT = "time_limit"

    @property
    def label(self) -> str:
        """The facet's button text on the browse screen (按栏目 …)."""
        return {"category": "按栏目", "org": "按单位", "period": "按时间",
                "time_limit": "按时限"}[self.value]


@dataclass(frozen=True)
class Filter:
    """One choice made while browsing; None fields do not narrow."""

    category: Category | None = None
    org_id: int | None = None
    year: int | None = None
    quarter: int | None = None
    time_limit: TimeLimit | None = None


@dataclass(frozen=True)
class Choice:
    """One chip a facet offers: its words, and the filter a tap applies."""

    label: str
    filter: Filter
    note: str = ""
    """A second, quieter line: 本单位 / 上级单位 / 下级单位, or an item count."""


def quarter_of(item: Disclosure, zone: tzinfo) -> tuple[int, int]:
    """(year, quarter) of the item's publish date on the screen's own calendar."""
    day = item.published_at.astimezone(zone).date()
    return day.year, (day.month - 1) // 3 + 1


def matches(item: Disclosure, f: Filter, zone: tzinfo) -> bool:
    """Whether ``item`` passes every narrowing in ``f`` (quarters read on the screen's calendar)."""
    if f.category is not None and item.category is not f.category:
        return False
    if f.org_id is not None and item.org_id != f.org_id:
        return False
    if f.time_limit is not None and item.time_limit is not f.time_limit:
        return False
    if f.year is not None:
        year, quarter = quarter_of(item, zone)
        return year == f.year and (f.quarter is None or quarter == f.quarter)
    return True


def browse(items: Iterable[Disclosure], f: Filter, now: datetime) -> list[Disclosure]:
    """The live items ``f`` selects, in display order (current 公示 first, then newest)."""
    return [item for item in rules.live(items, now) if matches(item, f, now.tzinfo)]


@dataclass(frozen=True)
class Overview:
    """What the home screen shows of the live items."""

    counts: dict[Category, int]
    """Live items per category, all eight included."""
    new: dict[Category, int]
    """Of those, how many are 新 (published within NEW_ITEM_PERIOD)."""
    gongshi: list[Disclosure]
    """The 公示 running now, the one ending soonest first: the home screen's strip."""


def overview(items: Iterable[Disclosure], now: datetime) -> Overview:
    """The home screen's figures from one pass of the rules: the home screen is shown after
    every reading, and sorting 10,000 live items once instead of three times is most of it."""
    shown = rules.live(items, now)
    counts = Counter(item.category for item in shown)
    new = Counter(item.category for item in shown if rules.is_new(item, now))
    return Overview(counts={category: counts.get(category, 0) for category in Category},
                    new={category: new.get(category, 0) for category in Category},
                    gongshi=[item for item in shown if rules.is_current_gongshi(item, now)])


def new_counts(items: Iterable[Disclosure], now: datetime) -> dict[Category, int]:
    """How many live items of each category are 新 (published within NEW_ITEM_PERIOD)."""
    return overview(items, now).new


def current_gongshi(items: Iterable[Disclosure], now: datetime) -> list[Disclosure]:
    """The 公示 running now, the one ending soonest first: the home screen's strip."""
    return overview(items, now).gongshi


def highlights(items: Iterable[Disclosure], now: datetime, limit: int = 12) -> list[Disclosure]:
    """What the attract loop shows a passer-by: current 公示, then new items."""
    shown = rules.live(items, now)
    picked = [i for i in shown if rules.is_current_gongshi(i, now)]
    picked += [i for i in shown if rules.is_new(i, now) and i not in picked]
    return picked[:limit]


def choices(facet: Facet, items: Iterable[Disclosure], orgs: Mapping[int, Org],
            own_org: int | None, now: datetime) -> list[Choice]:
    """The chips a facet offers for the live ``items`` (sorted out only for facets that need them)."""
    if facet is Facet.CATEGORY:
        return [Choice(c.label, Filter(category=c)) for c in Category]
    if facet is Facet.ORG:
        return org_choices(orgs, own_org)
    shown = rules.live(items, now)
    if facet is Facet.TIME_LIMIT:
        present = {item.time_limit for item in shown}
        return [Choice(t.label, Filter(time_limit=t)) for t in TimeLimit if t in present]
    return period_choices(shown, now.tzinfo)


def org_choices(orgs: Mapping[int, Org], own_org: int | None) -> list[Choice]:
    """The kiosk's own org, the orgs above it (top first) and its branches, in tree order.

    A kiosk without an own org (or one the store does not know yet) offers every org.
    """
    if own_org not in orgs:
        return [Choice(org.name, Filter(org_id=org.id)) for org, _ in outline(orgs)]
    chain: list[Org] = []
    parent = orgs[own_org].parent_id
    while parent in orgs and len(chain) < len(orgs):
        chain.insert(0, orgs[parent])
        parent = orgs[parent].parent_id
    below = subtree(orgs, own_org) - {own_org}
    branches = [org for org, _ in outline(orgs) if org.id in below]
    return ([Choice(o.name, Filter(org_id=o.id), "上级单位") for o in chain]
            + [Choice(orgs[own_org].name, Filter(org_id=own_org), "本单位")]
            + [Choice(o.name, Filter(org_id=o.id), "下级单位") for o in branches])


def period_choices(items: Iterable[Disclosure], zone: tzinfo) -> list[Choice]:
    """Each year with items, newest first, followed by its quarters that have items."""
    counts = Counter(quarter_of(item, zone) for item in items)
    result: list[Choice] = []
    for year in sorted({y for y, _ in counts}, reverse=True):
        in_year = sum(n for (y, _), n in counts.items() if y == year)
        result.append(Choice(f"{year}年", Filter(year=year), f"{in_year} 条"))
        for quarter in sorted((q for y, q in counts if y == year), reverse=True):
            label = quarter_label(datetime(year, quarter * 3, 1).date())
            result.append(Choice(label, Filter(year=year, quarter=quarter), f"{counts[(year, quarter)]} 条"))
    return result


def title_of(f: Filter, orgs: Mapping[int, Org]) -> str:
    """The heading of a browsed list: what was chosen, in words."""
    if f.category is not None:
        return f.category.label
    if f.org_id is not None:
        return orgs[f.org_id].name if f.org_id in orgs else "单位"
    if f.time_limit is not None:
        return f.time_limit.label
    if f.year is not None:
        return quarter_label(datetime(f.year, f.quarter * 3, 1).date()) if f.quarter else f"{f.year}年"
    return "全部公开内容"
