"""举报 rules: the reasons a citizen chooses from, and when reports hide an entry."""
from __future__ import annotations

from gongkai.domain.feedback import abuse
from gongkai.domain.feedback.echo_wall_reports import DEFAULT_THRESHOLD, REPORTER_WINDOWS, ReportReason, hides


def test_reasons_are_a_short_chinese_list():
    assert [reason.label for reason in ReportReason] == [
        "辱骂、人身攻击", "广告、垃圾信息", "泄露他人隐私", "虚假、不实信息", "其他不当内容"]


def test_distinct_reports_reaching_the_threshold_hide_an_entry():
    assert DEFAULT_THRESHOLD == 3
    assert not hides(2, 3) and hides(3, 3) and hides(1, 1)


def test_one_address_may_report_a_page_of_entries_but_not_sweep_the_wall():
    assert abuse.oldest_needed(REPORTER_WINDOWS).days == 1
    assert REPORTER_WINDOWS[0].limit == 5
