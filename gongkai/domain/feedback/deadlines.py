"""Answer deadlines counted in working days (五(二)3: answered "在一定期限内").

A working day is Monday to Friday unless the calendar marks it a public holiday, plus the
weekend days the calendar marks as make-up working days (调休上班). The calendar is data
the district keeps, because the State Council announces each year's holidays late in
the year before.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    """The district's working days: weekdays less public holidays, plus make-up days (调休上班)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    make_up_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` counts towards an answer deadline."""
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (the day received does not count)."""
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            counted += self.is_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


@dataclass(frozen=True)
class DeadlinePolicy:
    """How long staff have to answer a request, and when they are reminded, in working days."""

    answer_days: int = 15
    remind_days: int = 3
    """Working days before the deadline at which the responsible org is reminded."""


def deadline(calendar: WorkCalendar, received: date, policy: DeadlinePolicy) -> date:
    """The day by which a request received on ``received`` must be answered."""
    return calendar.add_working_days(received, policy.answer_days)


def is_overdue(due: date, today: date) -> bool:
    """Whether a request due on ``due`` is late ``today`` (the due day itself is still in time)."""
    return today > due


def needs_reminder(calendar: WorkCalendar, due: date, today: date, policy: DeadlinePolicy) -> bool:
    """Due within ``remind_days`` working days, and not yet overdue."""
    return not is_overdue(due, today) and calendar.working_days_between(today, due) <= policy.remind_days
