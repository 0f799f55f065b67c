from datetime import date

from gongkai.domain.showings import gongshi_coverage, missed_label

NOV = dict(period_first=date(2026, 10, 1), period_last=date(2026, 12, 31))


def days(*numbers: int) -> set[date]:
    return {date(2026, 11, n) for n in numbers}


def test_a_gongshi_shown_every_day_is_complete():
    c = gongshi_coverage(date(2026, 11, 1), date(2026, 11, 7), days(*range(1, 8)), today=date(2026, 11, 20), **NOV)
    assert (c.checked_days, c.shown_days, c.missed, c.complete) == (7, 7, (), True)
    assert c.label == "已展示 7/7 天"


def test_days_without_a_showing_are_missed():
    c = gongshi_coverage(date(2026, 11, 1), date(2026, 11, 7), days(1, 2, 5, 6, 7), today=date(2026, 11, 20), **NOV)
    assert c.missed == (date(2026, 11, 3), date(2026, 11, 4)) and c.label == "已展示 5/7 天"


def test_today_is_not_missed_while_it_lasts_and_counts_once_shown():
    unshown = gongshi_coverage(date(2026, 11, 1), date(2026, 11, 7), days(1, 2), today=date(2026, 11, 3), **NOV)
    assert (unshown.checked_days, unshown.missed) == (2, ())
    shown = gongshi_coverage(date(2026, 11, 1), date(2026, 11, 7), days(1, 2, 3), today=date(2026, 11, 3), **NOV)
    assert (shown.checked_days, shown.shown_days) == (3, 3)


def test_a_window_not_yet_open_checks_nothing():
    c = gongshi_coverage(date(2026, 12, 1), date(2026, 12, 7), set(), today=date(2026, 11, 28), **NOV)
    assert (c.checked_days, c.missed, c.label) == (0, (), "尚未开始")


def test_only_the_part_inside_the_period_is_checked():
    c = gongshi_coverage(date(2026, 9, 25), date(2026, 10, 3), set(), today=date(2026, 11, 28), **NOV)
    assert c.missed == (date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3))


def test_a_long_list_of_missed_days_is_shortened():
    missed = tuple(sorted(days(*range(1, 11))))
    assert missed_label(missed[:2]) == "11月1日、11月2日"
    assert missed_label(missed) == "11月1日、11月2日、11月3日、11月4日、11月5日 等 10 天"
