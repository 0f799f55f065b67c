"""When a signage screen is on, and what it plays: dayparts over a holiday-aware calendar.

A daypart names the days it applies to and a time range on those days; the first daypart
that matches a moment decides, and a moment no daypart matches is "on, everything". A
range whose end is not after its start runs past midnight (22:00–07:00): each moment is
judged on the calendar day it falls on, so "restdays 20:00–09:00" darkens Saturday morning.

Rest days follow the Chinese calendar as configured: Saturdays, Sundays and the listed
holidays, except the weekend days listed as working days (调休上班).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from .model import Category

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SELECTORS = frozenset({"daily", "workdays", "restdays", "holidays", *WEEKDAY_NAMES})


@dataclass(frozen=True)
class Calendar:
    """The district's rest days: weekends and holidays, minus weekend working days."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def is_rest_day(self, day: date) -> bool:
        """Whether the district rests on ``day``: a holiday, or a weekend day not worked (调休上班)."""
        if day in self.holidays:
            return True
        return day.weekday() >= 5 and day not in self.workdays

    def matches(self, selector: str, day: date) -> bool:
        """Whether ``day`` is one of the days ``selector`` (one of DAY_SELECTORS) names."""
        if selector == "daily":
            return True
        if selector == "workdays":
            return not self.is_rest_day(day)
        if selector == "restdays":
            return self.is_rest_day(day)
        if selector == "holidays":
            return day in self.holidays
        return WEEKDAY_NAMES[day.weekday()] == selector


@dataclass(frozen=True)
class Daypart:
    """A stretch of the week: screen off, or on with only some categories.

    ``categories`` None means every category; urgent notices ignore it (see playlist).
    """

    days: frozenset[str]
    start: time
    end: time
    off: bool = False
    categories: frozenset[Category] | None = None
    name: str = ""

    def covers(self, moment: datetime, calendar: Calendar) -> bool:
        """Whether this daypart decides ``moment``, a range past midnight judged on the day it falls on."""
        day, clock = moment.date(), moment.time().replace(tzinfo=None)
        if not any(calendar.matches(selector, day) for selector in self.days):
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end


@dataclass(frozen=True)
class ScreenState:
    """What the schedule says for one moment: screen on or off, and which categories play."""

    on: bool
    categories: frozenset[Category] | None = None
    daypart: str = ""


ALWAYS_ON = ScreenState(on=True)


def state_at(dayparts: Sequence[Daypart], calendar: Calendar, now: datetime) -> ScreenState:
    """The first daypart covering ``now`` decides; none covering means on, everything."""
    for part in dayparts:
        if part.covers(now, calendar):
            return ScreenState(on=not part.off, categories=part.categories, daypart=part.name)
    return ALWAYS_ON
