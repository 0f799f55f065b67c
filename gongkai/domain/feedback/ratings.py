"""评议 (六.5): satisfaction ratings of an org's disclosure work, and their results per quarter;
and when a kiosk asks a reader to rate the item just read.

Results are counted per org and calendar quarter; the satisfaction rate counts 满意 and
基本满意 together, as such rates are usually published.
"""
from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.domain.rules import Presence

GLANCE_SECONDS = 8.0
"""Reaching the end of an item sooner than this is flicking past it, not reading it."""


class Satisfaction(enum.StrEnum):
    """A rater's verdict in 评议: 满意, 基本满意 or 不满意."""

    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"

    @property
    def label(self) -> str:
        """The verdict as the rating buttons and the results show it."""
        return {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"}[self.value]


def quarter_of(day: date) -> str:
    """The quarter key a rating counts for: 2026Q4."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def is_quarter(key: str) -> bool:
    """Whether ``key`` is a well-formed quarter key (2026Q4), as the console and the feed accept."""
    return re.fullmatch(r"\d{4}Q[1-4]", key) is not None


def quarter_label(key: str) -> str:
    """A quarter key in words: 2026Q4 → 2026年第四季度."""
    year, quarter = key.split("Q")
    return f"{year}年第{'一二三四'[int(quarter) - 1]}季度"


@dataclass(frozen=True)
class Tally:
    """The 评议 ratings of an org in one quarter, counted by verdict."""

    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0

    @property
    def total(self) -> int:
        """How many ratings were given (人次)."""
        return self.satisfied + self.basically + self.dissatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        """Share of 满意 + 基本满意; None with no ratings at all."""
        return (self.satisfied + self.basically) / self.total if self.total else None

    def rate_text(self) -> str:
        """The satisfaction rate as published (93.3%), or 暂无评议 when nobody rated."""
        rate = self.satisfaction_rate
        return "暂无评议" if rate is None else f"{rate * 100:.1f}%"


def tally(levels: Iterable[Satisfaction]) -> Tally:
    """Count a quarter's verdicts into a Tally."""
    counts = Counter(levels)
    return Tally(counts[Satisfaction.SATISFIED], counts[Satisfaction.BASICALLY],
                 counts[Satisfaction.DISSATISFIED])


def ask_after_reading(presence: Presence, *, seconds_open: float, reached_end: bool,
                      asked_before: bool, dwell_seconds: float) -> bool:
    """Whether to ask the reader of an item 「这条公开内容对您有帮助吗？」 now.

    Asked only once the item has been read: its end reached after at least GLANCE_SECONDS,
    or ``dwell_seconds`` spent on it wherever the reader is (a long text read slowly), so
    nobody is asked about what they only glanced at. Asked once per item and reader:
    answered or dismissed, it does not come back. A withdrawal notice, or an item gone
    from the screens, is not content to rate.
    """
    if asked_before or presence is not Presence.LIVE:
        return False
    return seconds_open >= dwell_seconds or (reached_end and seconds_open >= GLANCE_SECONDS)
