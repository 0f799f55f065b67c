from datetime import date, datetime

from gongkai.domain.dates import chinese_clock, chinese_date, chinese_weekday, quarter_label


def test_chinese_forms():
    d = date(2026, 11, 28)
    assert chinese_date(d) == "2026年11月28日"
    assert chinese_weekday(d) == "星期六"
    assert chinese_weekday(date(2026, 11, 29)) == "星期日"
    assert chinese_clock(datetime(2026, 11, 28, 9, 5)) == "09:05"


def test_quarters():
    assert quarter_label(date(2026, 1, 1)) == "2026年第一季度"
    assert quarter_label(date(2026, 9, 30)) == "2026年第三季度"
    assert quarter_label(date(2026, 10, 1)) == "2026年第四季度"
