"""How a slide is worded on a signage screen: its tag, its badge, its text.

Pure functions of the playlist's slide and "now"; the LCD slide and the LED wall both
word slides through here, so an urgent notice or a withdrawal reads the same on both.
"""
from __future__ import annotations

from datetime import datetime

from device.ui import wording
from gongkai.domain import rules
from gongkai.domain.dates import chinese_clock, chinese_month_day
from gongkai.domain.model import Disclosure
from gongkai.domain.playlist import Slide, SlideKind
from gongkai.domain.rotation import CONTINUED

URGENT_TAG = "紧急通知"
NOTICE_TAG = "撤回公告"
WITHDRAWN = "已撤回"
URGENT = "紧急"


def tag(slide: Slide) -> str:
    """The coloured tag over a slide: what kind of notice, or the item's category."""
    return {SlideKind.URGENT: URGENT_TAG, SlideKind.WITHDRAWAL: NOTICE_TAG}.get(
        slide.kind, slide.item.category.label)


def badge(slide: Slide, now: datetime) -> str:
    """What a passer-by must not miss: urgency, a withdrawal, or a 公示 countdown."""
    if slide.kind is SlideKind.URGENT:
        return URGENT
    if slide.kind is SlideKind.WITHDRAWAL:
        return WITHDRAWN
    return wording.countdown(slide.item, now)


def particulars(slide: Slide, now: datetime) -> str:
    """The slide's one line of particulars: when an urgent notice ends (what a passer-by
    needs of it, not its time-limit type), else the item's own."""
    if slide.kind is SlideKind.WITHDRAWAL:
        return ""
    if slide.kind is SlideKind.URGENT:
        return urgent_until(slide.item, now)
    return wording.particulars(slide.item, now)


def urgent_until(item: Disclosure, now: datetime) -> str:
    """有效至11月28日 18:00, as the screen's own clock reads it; 发布 date when it has no end."""
    if item.urgent_until is None:
        return f"{wording.published_on(item, now)}发布"
    end = item.urgent_until.astimezone(now.tzinfo)
    return f"有效至{chinese_month_day(end.date())} {chinese_clock(end)}"


def body(slide: Slide) -> str:
    """The item's text, or in its place the withdrawal notice with its explanation (六.1)."""
    if slide.kind is SlideKind.WITHDRAWAL:
        return rules.withdrawal_notice(slide.item)
    return slide.item.body


def led_headline(slide: Slide) -> str:
    """【发展党员公示】2026年第二批发展党员公示: an LED wall's first line."""
    return f"【{tag(slide)}】{slide.item.title}"


def led_text(slide: Slide, now: datetime, max_chars: int) -> str:
    """The running text of an LED wall: a 公示's countdown, then the text, cut to ``max_chars``
    with a pointer to the kiosk (a wall can hold a passer-by for only so long). An urgent
    notice's or a withdrawal's badge would repeat the headline's tag, on a wall that has
    room for a dozen characters a line."""
    lead = "" if slide.kind in (SlideKind.URGENT, SlideKind.WITHDRAWAL) else badge(slide, now)
    text = " ".join(body(slide).split())
    full = f"{lead}：{text}" if lead else text
    if len(full) <= max_chars:
        return full
    return full[:max(0, max_chars - len(CONTINUED))] + CONTINUED
