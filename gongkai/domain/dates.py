"""Dates written the Chinese way: 2026年11月28日 星期六."""
from __future__ import annotations

from datetime import date, datetime

_WEEKDAYS = "一二三四五六日"


def chinese_date(d: date) -> str:
    """2026年11月28日: a day as screens and notices write it."""
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_month_day(d: date) -> str:
    """11月28日, for a day whose year goes without saying (countdowns, deadlines)."""
    return f"{d.month}月{d.day}日"


def chinese_weekday(d: date) -> str:
    """星期六, for the date line in a screen's header."""
    return "星期" + _WEEKDAYS[d.weekday()]


def chinese_clock(t: datetime) -> str:
    """09:05, for the header clock and the time an urgent notice ends."""
    return f"{t.hour:02d}:{t.minute:02d}"


def chinese_date_time(t: datetime) -> str:
    """2026年11月29日 20:54: a moment as the console shows when something happened on a screen."""
    return f"{chinese_date(t)} {chinese_clock(t)}"


def quarter_label(d: date) -> str:
    """The 定期 period an item belongs to, e.g. 2026年第三季度."""
    return f"{d.year}年第{'一二三四'[(d.month - 1) // 3]}季度"
