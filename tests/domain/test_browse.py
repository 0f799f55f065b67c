from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from gongkai.domain import browse, rules
from gongkai.domain.browse import Facet, Filter
from gongkai.domain.model import Audience, Category, Disclosure, Org, OrgKind, TimeLimit

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=ZONE)
ORGS = {1: Org(1, "区委", OrgKind.DISTRICT), 2: Org(2, "街道", OrgKind.STREET, 1),
        3: Org(3, "社区", OrgKind.COMMUNITY, 2), 4: Org(4, "镇", OrgKind.TOWN, 1),
        5: Org(5, "村", OrgKind.VILLAGE, 4)}


def item(n: int, **changes) -> Disclosure:
    base = Disclosure(id=n, org_id=3, category=Category.ORGANISATION, title=f"事项{n}", body="正文",
                      audience=Audience.PUBLIC, time_limit=TimeLimit.STANDING,
                      published_at=NOW - timedelta(days=30))
    return replace(base, **changes)


ITEMS = [
    item(1),
    item(2, category=Category.CADRES, org_id=1, published_at=NOW - timedelta(days=2)),
    item(3, time_limit=TimeLimit.IMMEDIATE, gongshi_start=date(2026, 11, 25), gongshi_end=date(2026, 11, 30),
         published_at=NOW - timedelta(days=3)),
    item(4, published_at=datetime(2025, 3, 1, tzinfo=ZONE), time_limit=TimeLimit.PERIODIC),
    item(5, audience=Audience.PARTY, published_at=NOW - timedelta(days=1)),
]


def ids(items):
    return [i.id for i in items]


def test_browse_filters_live_items_by_each_facet():
    assert ids(browse.browse(ITEMS, Filter(category=Category.CADRES), NOW)) == [2]
    assert ids(browse.browse(ITEMS, Filter(org_id=1), NOW)) == [2]
    assert ids(browse.browse(ITEMS, Filter(year=2025), NOW)) == [4]
    assert ids(browse.browse(ITEMS, Filter(year=2026, quarter=4), NOW)) == [3, 2, 1]
    assert ids(browse.browse(ITEMS, Filter(time_limit=TimeLimit.IMMEDIATE), NOW)) == [3]
    assert 5 not in ids(browse.browse(ITEMS, Filter(), NOW)), "党内 items never show"


def test_new_counts_and_gongshi_strip():
    counts = browse.new_counts(ITEMS, NOW)
    assert counts[Category.CADRES] == 1 and counts[Category.ORGANISATION] == 1
    assert ids(browse.current_gongshi(ITEMS, NOW)) == [3]
    assert ids(browse.highlights(ITEMS, NOW)) == [3, 2]


def test_overview_agrees_with_the_rules_it_combines():
    shown = browse.overview(ITEMS, NOW)
    assert shown.counts == rules.category_counts(ITEMS, NOW)
    assert shown.new == browse.new_counts(ITEMS, NOW)
    assert ids(shown.gongshi) == [3]


def test_category_chips_need_no_items():
    assert [c.label for c in browse.choices(Facet.CATEGORY, [], ORGS, None, NOW)] == [c.label for c in Category]


def test_org_choices_are_superiors_own_and_branches():
    chosen = browse.org_choices(ORGS, 2)
    assert [(c.label, c.note) for c in chosen] == [("区委", "上级单位"), ("街道", "本单位"), ("社区", "下级单位")]
    assert [c.label for c in browse.org_choices(ORGS, None)] == ["区委", "街道", "社区", "镇", "村"]


def test_period_choices_group_quarters_under_years():
    chosen = browse.choices(Facet.PERIOD, ITEMS, ORGS, None, NOW)
    assert [c.label for c in chosen] == ["2026年", "2026年第四季度", "2025年", "2025年第一季度"]
    assert chosen[0].note == "3 条"


def test_category_choices_always_offer_all_eight_and_time_limits_only_present_ones():
    assert len(browse.choices(Facet.CATEGORY, [], ORGS, None, NOW)) == 8
    limits = browse.choices(Facet.TIME_LIMIT, ITEMS, ORGS, None, NOW)
    assert [c.filter.time_limit for c in limits] == [TimeLimit.STANDING, TimeLimit.PERIODIC, TimeLimit.IMMEDIATE]


def test_titles_name_the_choice():
    assert browse.title_of(Filter(year=2026, quarter=3), ORGS) == "2026年第三季度"
    assert browse.title_of(Filter(org_id=2), ORGS) == "街道"
    assert browse.title_of(Filter(category=Category.OTHER), ORGS) == "其他"
