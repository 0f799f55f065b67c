"""Dates written the Chinese way: 2026年11月28日 星期六."""
from __future__ import annotations

from datetime import date, datetime

_WEEKDAYS = "一二三四五六日"


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_month_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


def chinese_weekday(d: date) -> str:
    return "星期" + _WEEKDAYS[d.weekday()]


def chinese_clock(t: datetime) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def quarter_label(d: date) -> str:
    """The 定期 period an item belongs to, e.g. 2026年第三季度."""
    return f"{d.year}年第{'一二三四'[(d.month - 1) // 3]}季度"
