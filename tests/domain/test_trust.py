"""The rules a device applies to a signed answer before it believes it (gongkai.trust), and
the staleness rule the device's status and the hub's device list share (gongkai.domain.fleet)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from gongkai import trust
from gongkai.domain.fleet import Freshness, health, is_stale
from gongkai.protocol import Change, FeedPage
from tests.content import demo_page

T0 = datetime(2026, 11, 28, 2, 0, tzinfo=timezone.utc)
ASKED = trust.Asked(device="0123456789abcdef", nonce="n" * 22, cursor=71, scope=2, org=4,
                    types=("answer", "rating", "contact"))
PAGE = FeedPage(cursor=75, more=False, changes=[], after=71, scope=2, org=4, device=ASKED.device,
                nonce=ASKED.nonce, types=ASKED.types, hub_time=T0)


def test_the_answer_to_this_request_is_believed():
    trust.check_page(PAGE, ASKED)
    trust.check_page(replace(PAGE, cursor=71), ASKED)  # nothing new
    trust.check_page(replace(PAGE, reset=True, scope=3, after=0, org=5), ASKED)  # moved: a newer view


@pytest.mark.parametrize("change, reason", [
    ({"device": "fedcba9876543210"}, "another device"),
    ({"nonce": "m" * 22}, "answers another request"),
    ({"types": ("answer",)}, "carries change types"),
    ({"reset": True, "after": 0, "scope": 2}, "already holds view 2"),
    ({"reset": True, "after": 0, "scope": 1}, "already holds view 2"),
    ({"reset": True, "after": 5, "scope": 3}, "does not start from zero"),
    ({"scope": 1}, "made for view 1"),
    ({"scope": 3}, "made for view 3"),
    ({"org": 5}, "made for org 5"),
    ({"after": 70}, "does not continue from cursor 71"),
    ({"after": 72}, "does not continue from cursor 71"),
    ({"more": True, "cursor": 71}, "does not continue from cursor 71"),
])
def test_anything_else_is_refused(change, reason):
    with pytest.raises(trust.Refused, match=reason):
        trust.check_page(replace(PAGE, **change), ASKED)


def test_a_device_before_its_first_page_knows_no_org_yet():
    trust.check_page(replace(PAGE, reset=True, scope=1, after=0), replace(ASKED, cursor=0, scope=0, org=None))


def test_an_item_older_than_a_version_the_device_showed_is_refused():
    item = next(c.record for c in demo_page(T0).changes if c.kind == "item")
    page = replace(PAGE, changes=[Change(72, "item", item.id, replace(item, version=1))])
    trust.check_versions(page, {item.id: 1})
    trust.check_versions(page, {})
    with pytest.raises(trust.Refused, match=f"item {item.id} at version 1, older than version 2"):
        trust.check_versions(page, {item.id: 2})
    trust.check_versions(replace(page, changes=[Change(72, "item", item.id, None)]), {item.id: 2})  # tombstone


def test_a_device_is_named_by_its_tokens_key_id():
    assert trust.device_id("a-device-token") == trust.device_id("a-device-token")
    assert len(trust.device_id("a-device-token")) == 16 and trust.device_id("x") != trust.device_id("y")
    assert trust.new_nonce() != trust.new_nonce() and len(trust.new_nonce()) >= 16


def test_the_clock_is_read_at_the_middle_of_a_short_round_trip():
    sent = T0 - timedelta(days=400)  # the device's clock is a year behind
    offset = trust.clock_offset(T0, sent, sent + timedelta(seconds=2), max_round_trip=10)
    assert offset == pytest.approx(timedelta(days=400).total_seconds() - 1)


@pytest.mark.parametrize("round_trip", [timedelta(seconds=11), timedelta(hours=3), timedelta(seconds=-1)])
def test_a_slow_or_backward_round_trip_tells_nothing_about_the_time(round_trip):
    assert trust.clock_offset(T0, T0, T0 + round_trip, max_round_trip=10) is None


def test_stale_after_the_limit_or_when_never_fresh():
    limit = timedelta(hours=1)
    assert not is_stale(T0, limit, T0 + limit)
    assert is_stale(T0, limit, T0 + limit + timedelta(seconds=1))
    assert is_stale(None, limit, T0)


def test_the_device_list_warns_of_a_device_without_the_hubs_word():
    fresh = health(T0, 10, 10, T0, Freshness(T0 - timedelta(minutes=3), timedelta(hours=1)))
    assert fresh.label == "在线，内容最新" and fresh.warning is None
    cut_off = health(T0, 10, 10, T0, Freshness(T0 - timedelta(hours=5), timedelta(hours=1)))
    assert cut_off.stale and cut_off.warning == "已 5 小时未收到中心签名应答"
    assert health(T0, 10, 10, T0, Freshness(None, timedelta(hours=1))).warning == "从未收到中心签名应答"
    assert health(T0, 10, 10, T0).warning is None  # a device that never reported it
