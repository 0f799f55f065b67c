"""What a public screen shows, and how it words time: the rules kiosk and display share.

Every function takes ``now`` as an aware datetime in the screen's own time zone, already
corrected for clock drift by the caller, so that "today" is the local calendar day the
公示 dates are written in.
"""
from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from .dates import chinese_date, chinese_month_day
from .model import Audience, Category, Disclosure, ItemStatus, TimeLimit

WITHDRAWAL_NOTICE_PERIOD = timedelta(days=7)
"""六.1: a withdrawal is "published with an explanation"; the notice stays this long."""

NEW_ITEM_PERIOD = timedelta(days=7)


class Presence(enum.Enum):
    """How an item appears on a public screen at a given moment."""

    HIDDEN = "hidden"
    LIVE = "live"
    WITHDRAWAL_NOTICE = "withdrawal_notice"


def presence(item: Disclosure, now: datetime) -> Presence:
    """Whether ``item`` is on a public screen at ``now``, and in which form.

    Only 全社会 items ever reach a public screen (五(二)). A scheduled item waits for its
    publish time; a 即时 item shows only within its 公示 dates; an urgent notice ends at
    its ``urgent_until``; a withdrawn item leaves behind its explanation for
    WITHDRAWAL_NOTICE_PERIOD, never silently.
    """
    if item.audience is not Audience.PUBLIC or item.published_at > now:
        return Presence.HIDDEN
    if item.status is ItemStatus.WITHDRAWN:
        if item.withdrawn_at is not None and now < item.withdrawn_at + WITHDRAWAL_NOTICE_PERIOD:
            return Presence.WITHDRAWAL_NOTICE
        return Presence.HIDDEN
    if item.time_limit is TimeLimit.IMMEDIATE and not in_gongshi_window(item, now.date()):
        return Presence.HIDDEN
    if item.urgent and item.urgent_until is not None and now >= item.urgent_until:
        return Presence.HIDDEN
    return Presence.LIVE


def in_gongshi_window(item: Disclosure, today: date) -> bool:
    """True while ``today`` lies within the item's inclusive 公示 dates (open ends allowed)."""
    if item.gongshi_start is not None and today < item.gongshi_start:
        return False
    return item.gongshi_end is None or today <= item.gongshi_end


def on_screen(items: Iterable[Disclosure], now: datetime) -> list[Disclosure]:
    """The items a public screen shows at ``now`` (live ones and withdrawal notices), in display order."""
    return display_order([i for i in items if presence(i, now) is not Presence.HIDDEN], now)


def live(items: Iterable[Disclosure], now: datetime) -> list[Disclosure]:
    """The items a public screen shows as content at ``now``, in display order."""
    return display_order([i for i in items if presence(i, now) is Presence.LIVE], now)


def is_current_gongshi(item: Disclosure, now: datetime) -> bool:
    """Whether ``item`` is a 即时 公示 on screen now: what leads lists and fills the 公示 strip."""
    return item.time_limit is TimeLimit.IMMEDIATE and presence(item, now) is Presence.LIVE


def is_new(item: Disclosure, now: datetime) -> bool:
    """Whether ``item`` still earns its 新 badge (published within NEW_ITEM_PERIOD)."""
    return now - item.published_at < NEW_ITEM_PERIOD


def display_order(items: Iterable[Disclosure], now: datetime) -> list[Disclosure]:
    """Current 公示 first, the one ending soonest leading; then newest first.

    A 公示 that is about to end is what a passer-by most needs to see; everything else
    reads like a notice board, latest on top. Ties break on id so the order is stable.
    """
    def key(item: Disclosure):
        if is_current_gongshi(item, now):
            end = item.gongshi_end or date.max
            return (0, end.toordinal(), -item.published_at.timestamp(), item.id)
        return (1, 0, -item.published_at.timestamp(), item.id)

    return sorted(items, key=key)


def category_counts(items: Iterable[Disclosure], now: datetime) -> dict[Category, int]:
    """How many live items each of the eight categories holds (zero included)."""
    counts = Counter(item.category for item in live(items, now))
    return {category: counts.get(category, 0) for category in Category}


def gongshi_countdown(item: Disclosure, today: date) -> str | None:
    """The countdown a 即时 item's 公示 carries, e.g. 公示期剩余 3 天 (today counted).

    None for items that are not 公示 with an end date.
    """
    if item.time_limit is not TimeLimit.IMMEDIATE or item.gongshi_end is None:
        return None
    if item.gongshi_start is not None and today < item.gongshi_start:
        return f"公示将于{chinese_month_day(item.gongshi_start)}开始"
    days_left = (item.gongshi_end - today).days
    if days_left < 0:
        return "公示期已结束"
    if days_left == 0:
        return "公示期今天截止"
    return f"公示期剩余 {days_left + 1} 天"


def gongshi_period(item: Disclosure) -> str | None:
    """公示期：2026年11月20日至2026年11月27日."""
    if item.gongshi_start is None or item.gongshi_end is None:
        return None
    return f"公示期：{chinese_date(item.gongshi_start)}至{chinese_date(item.gongshi_end)}"


def withdrawal_notice(item: Disclosure) -> str:
    """The text a screen shows in place of a withdrawn item (六.1)."""
    when = chinese_date(item.withdrawn_at.date()) if item.withdrawn_at else ""
    note = item.withdrawal_note.strip() or "未附说明"
    return f"《{item.title}》已于{when}撤回。说明：{note}"
