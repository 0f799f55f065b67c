"""Oversight rules (六.4, 六.5): which quarterly 定期 entries were disclosed on time, which
are overdue, which are still due this quarter; and the report's tally."""
from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from gongkai.domain.catalogue import CatalogueEntry, Frequency
from gongkai.domain.model import Audience, Category, Disclosure, ItemStatus, OrgKind, TimeLimit
from gongkai.domain.oversight import (
    Quarter,
    Standing,
    Tally,
    check_label,
    disclosed_in,
    on_time_rate,
    quarterly_duties,
    rate_label,
    review_label,
    review_quarter,
    review_year,
)
from hub.demo.content import ORGS

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
C, T, A = Category, TimeLimit, Audience
TREE = {o.id: o for o in ORGS}  # 1 district → 2 street → 4 community; 1 → 3 town → 5 village

FEES = CatalogueEntry(3, OrgKind.VILLAGE, C.ORGANISATION, A.PUBLIC, T.PERIODIC, Frequency.QUARTERLY,
                      "党务工作经费使用情况", id=1)
ASSETS = CatalogueEntry(3, OrgKind.VILLAGE, C.INTEGRITY, A.PUBLIC, T.PERIODIC, Frequency.QUARTERLY,
                        "村集体“三资”管理情况", id=2)
OPINIONS = CatalogueEntry(3, OrgKind.VILLAGE, C.SERVICE, A.PUBLIC, T.PERIODIC, Frequency.QUARTERLY,
                          "党员群众意见建议办理情况", id=3)
ENTRIES = [FEES, ASSETS, OPINIONS]
ADDED_LONG_AGO = {e.id: date(2025, 1, 1) for e in ENTRIES}
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)   # 2026 Q4


def at(y, m, d, hour=9, zone=SHANGHAI) -> datetime:
    return datetime(y, m, d, hour, 30, tzinfo=zone)


def item(entry: CatalogueEntry, published_at: datetime, n: int = 1,
         status: ItemStatus = ItemStatus.PUBLISHED, audience: Audience | None = None) -> Disclosure:
    return Disclosure(id=n, org_id=5, category=entry.category, title=entry.title, body="",
                      audience=audience or entry.audience, time_limit=entry.time_limit,
                      published_at=published_at, status=status)


def standings(review) -> dict[str, Standing]:
    return {c.entry.title: c.standing for c in review.checks}


def test_quarters_are_calendar_quarters():
    q3 = Quarter(2026, 3)
    assert (q3.first_day, q3.last_day) == (date(2026, 7, 1), date(2026, 9, 30))
    assert Quarter(2026, 4).last_day == date(2026, 12, 31)
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter.of(date(2026, 2, 28)) == Quarter(2026, 1)
    assert q3.label == "2026年第三季度" and q3.short_label == "第三季度"


def test_a_quarter_is_read_on_the_shanghai_calendar():
    # 30 September 17:00 UTC is already 1 October in Nanhu: the fourth quarter
    assert Quarter.at(datetime(2026, 9, 30, 17, 0, tzinfo=UTC)) == Quarter(2026, 4)
    assert Quarter.at(datetime(2026, 9, 30, 15, 59, tzinfo=UTC)) == Quarter(2026, 3)


def test_only_quarterly_periodic_entries_are_duties():
    yearly = CatalogueEntry(3, OrgKind.VILLAGE, C.LEADERSHIP, A.PUBLIC, T.PERIODIC, Frequency.YEARLY,
                            "述职述廉", id=4)
    standing = CatalogueEntry(3, OrgKind.VILLAGE, C.DUTIES, A.PUBLIC, T.STANDING, Frequency.ON_CHANGE,
                              "议事规则", id=5)
    found = quarterly_duties([FEES, yearly, standing], {1: date(2026, 5, 6), 4: date(2025, 1, 1),
                                                        5: date(2025, 1, 1)})
    assert [(d.entry.title, d.since) for d in found] == [("党务工作经费使用情况", Quarter(2026, 2))]


def test_an_ended_quarter_without_a_matching_item_is_overdue():
    items = [item(FEES, at(2026, 7, 15)), item(ASSETS, at(2026, 9, 30), n=2)]
    review = review_quarter(quarterly_duties(ENTRIES, ADDED_LONG_AGO), items, Quarter(2026, 3), NOW)
    assert standings(review) == {"党务工作经费使用情况": Standing.DISCLOSED,
                                 "村集体“三资”管理情况": Standing.DISCLOSED,
                                 "党员群众意见建议办理情况": Standing.OVERDUE}
    assert review.rate == Fraction(2, 3)
    assert [c.entry for c in review.overdue] == [OPINIONS]


def test_a_late_item_does_not_mend_the_missed_quarter_but_counts_for_its_own():
    late = item(OPINIONS, at(2026, 10, 8))   # the third quarter's report, a week late
    duties = quarterly_duties(ENTRIES, ADDED_LONG_AGO)
    assert standings(review_quarter(duties, [late], Quarter(2026, 3), NOW))["党员群众意见建议办理情况"] \
        is Standing.OVERDUE
    assert standings(review_quarter(duties, [late], Quarter(2026, 4), NOW))["党员群众意见建议办理情况"] \
        is Standing.DISCLOSED


def test_the_current_quarter_is_due_by_its_end_not_overdue():
    review = review_quarter(quarterly_duties(ENTRIES, ADDED_LONG_AGO),
                            [item(FEES, at(2026, 10, 20))], Quarter(2026, 4), NOW)
    assert standings(review)["村集体“三资”管理情况"] is Standing.PENDING
    assert review.overdue == ()
    assert review.rate == 1   # the one settled entry was on time; the pending two are not late
    assert check_label(review.pending[0]) == "本季度尚未公开，截止12月31日"
    assert check_label(review.disclosed[0]) == "已按期公开（10月20日）"


def test_a_future_quarter_has_nothing_due_and_no_rate():
    review = review_quarter(quarterly_duties(ENTRIES, ADDED_LONG_AGO), [], Quarter(2027, 1), NOW)
    assert review.checks == () and review.rate is None
    assert review_label(review) == "无应公开的定期事项" and rate_label(review.rate) == "—"


def test_an_entry_is_due_only_from_the_quarter_it_was_added():
    duties = quarterly_duties(ENTRIES, {**ADDED_LONG_AGO, OPINIONS.id: date(2026, 8, 20)})
    assert "党员群众意见建议办理情况" not in standings(review_quarter(duties, [], Quarter(2026, 2), NOW))
    assert standings(review_quarter(duties, [], Quarter(2026, 3), NOW))["党员群众意见建议办理情况"] \
        is Standing.OVERDUE


def test_withdrawn_scheduled_and_mismatched_items_do_not_count():
    items = [item(FEES, at(2026, 8, 1), status=ItemStatus.WITHDRAWN),
             item(ASSETS, at(2026, 12, 10), n=2),                  # scheduled, not yet public
             item(OPINIONS, at(2026, 11, 2), n=3, audience=A.PARTY)]  # 党内, the entry is 全社会
    duties = quarterly_duties(ENTRIES, ADDED_LONG_AGO)
    assert standings(review_quarter(duties, items, Quarter(2026, 3), NOW))["党务工作经费使用情况"] \
        is Standing.OVERDUE
    assert set(standings(review_quarter(duties, items, Quarter(2026, 4), NOW)).values()) == {Standing.PENDING}


def test_disclosed_in_keeps_withdrawn_items_for_the_report():
    withdrawn = item(FEES, at(2026, 8, 1), status=ItemStatus.WITHDRAWN)
    assert disclosed_in([withdrawn, item(FEES, at(2026, 10, 1), n=2)], Quarter(2026, 3), NOW) == [withdrawn]


def test_year_review_stops_at_the_current_quarter_and_rates_the_settled_entries():
    items = [item(FEES, at(2026, m, 5), n=m) for m in (2, 5, 8)] + [item(ASSETS, at(2026, 3, 1), n=20)]
    reviews = review_year(quarterly_duties(ENTRIES, ADDED_LONG_AGO), items, 2026, NOW)
    assert [r.quarter.number for r in reviews] == [1, 2, 3, 4]
    assert [len(r.overdue) for r in reviews] == [1, 2, 2, 0]
    assert on_time_rate(reviews) == Fraction(4, 9)
    assert rate_label(on_time_rate(reviews)) == "44.4%"
    assert review_label(reviews[1]) == "按期公开 1 项 · 逾期 2 项"
    assert review_label(reviews[3]) == "待公开 3 项"


def test_overdue_wording_names_the_deadline():
    review = review_quarter(quarterly_duties([FEES], ADDED_LONG_AGO), [], Quarter(2026, 2), NOW)
    assert check_label(review.checks[0]) == "逾期未公开（应于6月30日前公开）"


def test_rate_wording():
    assert rate_label(Fraction(1)) == "100%"
    assert rate_label(Fraction(7, 8)) == "87.5%"
    assert rate_label(Fraction(0)) == "0%"


def test_tally_counts_by_category_and_time_limit():
    items = [item(FEES, at(2026, 7, 1)), item(FEES, at(2026, 7, 2), n=2), item(ASSETS, at(2026, 7, 3), n=3)]
    tally = Tally.of(items)
    assert tally.count(C.ORGANISATION, T.PERIODIC) == 2
    assert tally.count(C.ORGANISATION, T.STANDING) == 0
    assert tally.in_category(C.INTEGRITY) == 1
    assert tally.with_time_limit(T.PERIODIC) == 3 and tally.total == 3
