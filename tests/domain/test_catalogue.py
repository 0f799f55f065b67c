"""Catalogue rules (五(一)1-2): who owns an org's catalogue, and whether an item follows it."""
from __future__ import annotations

from datetime import date

import pytest

from gongkai.domain.catalogue import (
    CatalogueEntry,
    CatalogueError,
    Frequency,
    catalogue_for,
    catalogue_owner,
    check_entry,
    check_owner,
    default_frequency,
    follows_catalogue,
    kinds_catalogued_by,
    matching_entry,
)
from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit
from hub.demo.content import ORGS, build

TREE = {o.id: o for o in ORGS}  # 1 district → 2 street → 4 community; 1 → 3 town → 5 village
C, T, A = Category, TimeLimit, Audience


def entry(owner=3, kind=OrgKind.VILLAGE, category=C.ORGANISATION, time_limit=T.IMMEDIATE,
          audience=A.PUBLIC, frequency=None, title="发展党员公示") -> CatalogueEntry:
    return CatalogueEntry(owner, kind, category, audience, time_limit,
                          frequency or default_frequency(time_limit), title)


def test_the_level_above_owns_an_orgs_catalogue():
    assert catalogue_owner(TREE, 5) == 3   # the town writes its villages' catalogue
    assert catalogue_owner(TREE, 4) == 2   # the street writes its communities'
    assert catalogue_owner(TREE, 2) == 1   # the district writes the streets'


def test_the_district_owns_its_own_catalogue():
    assert catalogue_owner(TREE, 1) == 1


def test_an_org_follows_its_owners_entries_for_its_kind_only():
    entries = [entry(), entry(owner=3, kind=OrgKind.COMMUNITY, title="社区的"),
               entry(owner=2, kind=OrgKind.VILLAGE, title="别人的")]
    assert [e.title for e in catalogue_for(entries, TREE, 5)] == ["发展党员公示"]


def test_an_item_follows_on_category_time_limit_and_audience_together():
    entries = [entry()]
    assert follows_catalogue(entries, C.ORGANISATION, T.IMMEDIATE, A.PUBLIC)
    assert not follows_catalogue(entries, C.ORGANISATION, T.PERIODIC, A.PUBLIC)
    assert not follows_catalogue(entries, C.ORGANISATION, T.IMMEDIATE, A.PARTY)
    assert not follows_catalogue(entries, C.CADRES, T.IMMEDIATE, A.PUBLIC)
    assert matching_entry(entries, C.ORGANISATION, T.IMMEDIATE, A.PUBLIC).title == "发展党员公示"


def test_an_empty_catalogue_makes_everything_need_a_work_plan():
    assert not follows_catalogue([], C.DUTIES, T.STANDING, A.PUBLIC)


def test_periodic_entries_are_quarterly_by_default():
    assert default_frequency(T.PERIODIC) is Frequency.QUARTERLY
    check_entry(entry(time_limit=T.PERIODIC, frequency=Frequency.MONTHLY))


@pytest.mark.parametrize("time_limit, frequency", [
    (T.PERIODIC, Frequency.AS_NEEDED), (T.IMMEDIATE, Frequency.QUARTERLY), (T.PHASED, Frequency.YEARLY)])
def test_a_frequency_that_contradicts_the_time_limit_is_refused(time_limit, frequency):
    with pytest.raises(CatalogueError, match="公开频次应为"):
        check_entry(entry(time_limit=time_limit, frequency=frequency))


@pytest.mark.parametrize("title", ["", "   ", "长" * 201])
def test_an_entry_needs_a_name(title):
    with pytest.raises(CatalogueError, match="名称"):
        check_entry(entry(title=title))


def test_an_owner_writes_catalogues_only_for_the_kinds_it_leads():
    assert OrgKind.VILLAGE in kinds_catalogued_by(TREE[3])
    assert OrgKind.VILLAGE not in kinds_catalogued_by(TREE[2])     # streets have no villages
    assert kinds_catalogued_by(TREE[5]) == ()                      # a village leads no one
    assert OrgKind.DISTRICT in kinds_catalogued_by(TREE[1])        # the top writes its own
    check_owner(TREE, entry(owner=3, kind=OrgKind.VILLAGE))
    with pytest.raises(CatalogueError, match="不负责制定"):
        check_owner(TREE, entry(owner=5, kind=OrgKind.VILLAGE))
    with pytest.raises(CatalogueError, match="不存在"):
        check_owner(TREE, entry(owner=99))


def test_every_demo_item_follows_its_orgs_demo_catalogue():
    content = build(date(2026, 11, 28))
    for item in content.items:
        entries = catalogue_for(content.catalogue, TREE, item.org_id)
        assert follows_catalogue(entries, item.category, item.time_limit, item.audience), item.title
    for e in content.catalogue:
        check_entry(e)
        check_owner(TREE, e)
