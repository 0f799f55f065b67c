"""Whether a 公示 was actually on public screens for its whole period (六.4 监督检查).

A 公示 that was approved but never shown, or shown only some of its days, is exactly what
an inspection looks for. The evidence is the days on which at least one public screen
showed the item; a day still under way is never counted as missed.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class GongshiCoverage:
    """The checked days of one 公示 inside a reporting period, and those with no showing."""

    checked_days: int
    shown_days: int
    missed: tuple[date, ...]

    @property
    def complete(self) -> bool:
        """Whether the 公示 was on a public screen every checked day: what an inspection wants to see."""
        return not self.missed

    @property
    def label(self) -> str:
        """已展示 12/15 天, or 尚未开始 before the window opens."""
        if self.checked_days == 0:
            return "尚未开始"
        return f"已展示 {self.shown_days}/{self.checked_days} 天"


def gongshi_coverage(start: date, end: date, shown: Collection[date], period_first: date,
                     period_last: date, today: date) -> GongshiCoverage:
    """Check each day of the 公示 window that falls in the period and has begun by ``today``;
    today counts when it already has a showing, and is not missed until it is over."""
    first, last = max(start, period_first), min(end, period_last, today)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    missed = tuple(d for d in days if d not in shown and d < today)
    counted = [d for d in days if d < today or d in shown]
    return GongshiCoverage(len(counted), sum(1 for d in counted if d in shown), missed)


def missed_label(missed: tuple[date, ...], limit: int = 5) -> str:
    """The missed days for a table cell: 11月3日、11月4日 and how many more."""
    shown = "、".join(f"{d.month}月{d.day}日" for d in missed[:limit])
    return shown + (f" 等 {len(missed)} 天" if len(missed) > limit else "")
