from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from gongkai.domain.model import Category
from gongkai.domain.schedule import ALWAYS_ON, Calendar, Daypart, state_at

ZONE = ZoneInfo("Asia/Shanghai")
NATIONAL_DAY = date(2026, 10, 1)        # a Thursday
MAKEUP_SATURDAY = date(2026, 10, 10)    # 调休: a Saturday worked
CALENDAR = Calendar(holidays=frozenset({NATIONAL_DAY}), workdays=frozenset({MAKEUP_SATURDAY}))
NIGHT = Daypart(days=frozenset({"daily"}), start=time(22), end=time(7), off=True, name="夜间关屏")
WEEKEND = Daypart(days=frozenset({"restdays"}), start=time(7), end=time(22),
                  categories=frozenset({Category.SERVICE}), name="周末")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize("day, rest", [
    (date(2026, 9, 30), False),   # Wednesday
    (NATIONAL_DAY, True),         # a holiday on a Thursday
    (date(2026, 10, 3), True),    # Saturday
    (MAKEUP_SATURDAY, False),     # Saturday worked in exchange for the holiday
])
def test_rest_days_follow_the_configured_calendar(day, rest):
    assert CALENDAR.is_rest_day(day) is rest


def test_an_overnight_daypart_darkens_both_sides_of_midnight():
    wednesday = date(2026, 9, 30)
    assert not state_at([NIGHT], CALENDAR, at(wednesday, 22)).on
    assert not state_at([NIGHT], CALENDAR, at(wednesday, 3)).on
    assert not state_at([NIGHT], CALENDAR, at(wednesday, 6, 59)).on
    assert state_at([NIGHT], CALENDAR, at(wednesday, 7)).on
    assert state_at([NIGHT], CALENDAR, at(wednesday, 21, 59)).on


def test_the_first_matching_daypart_decides_and_no_match_means_everything_on():
    parts = [NIGHT, WEEKEND]
    assert state_at(parts, CALENDAR, at(NATIONAL_DAY, 10)).categories == {Category.SERVICE}
    assert state_at(parts, CALENDAR, at(MAKEUP_SATURDAY, 10)) == ALWAYS_ON
    assert state_at(parts, CALENDAR, at(NATIONAL_DAY, 23)).daypart == "夜间关屏"
    assert state_at([], CALENDAR, at(NATIONAL_DAY, 23)) == ALWAYS_ON


def test_weekday_names_select_single_days():
    friday_evening = Daypart(days=frozenset({"fri"}), start=time(18), end=time(22), off=True)
    assert not state_at([friday_evening], CALENDAR, at(date(2026, 10, 2), 19)).on
    assert state_at([friday_evening], CALENDAR, at(date(2026, 10, 3), 19)).on


def test_a_daypart_from_midnight_to_midnight_is_the_whole_day():
    holiday_off = Daypart(days=frozenset({"holidays"}), start=time(0), end=time(0), off=True)
    assert not state_at([holiday_off], CALENDAR, at(NATIONAL_DAY, 12)).on
    assert state_at([holiday_off], CALENDAR, at(date(2026, 10, 3), 12)).on
