"""Hub and sync together, on a real loopback server: publish, withdraw, nothing new, refusal, bad pages."""
from __future__ import annotations

import json

import pytest
import requests

from device import config
from device.clock import now
from device.store import Store
from gongkai.domain import rules
from gongkai.domain.model import Audience, Category, ItemStatus, TimeLimit
from gongkai.domain.roles import Actor, Role
from hub.server import signing_key
from hub.workflow import disclosures
from hub.workflow.disclosures import Draft
from sync.feed import SyncError, sync_once
from tests.sync.fakehub import Behaviour, FakeHub

ADMIN = Actor("测试管理员", Role.DISTRICT_ADMIN, None)


def publish(hub, title="禾丰社区2026年第四季度党费收缴情况", **fields) -> int:
    draft = Draft(org_id=fields.pop("org_id", 4), category=fields.pop("category", Category.ORGANISATION),
                  title=title, body="本季度应收党费一万二千四百六十元，实收一万二千四百六十元。",
                  audience=fields.pop("audience", Audience.PUBLIC),
                  time_limit=fields.pop("time_limit", TimeLimit.PERIODIC), **fields)
    with hub.engine.begin() as conn:
        return disclosures.publish(conn, draft, ADMIN)


def test_first_sync_fills_the_store(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    result = sync_once(cfg, store)
    assert result.pages == 1 and not result.not_modified
    assert len(store.orgs()) == 5
    titles = {item.title for item in store.items()}
    assert "区管干部任前公示" in titles
    assert "区委组织部关于党员组织关系排查的内部通知" not in titles  # 党内: never sent to a public screen
    assert store.meta("last_error") is None


def test_publish_then_sync_puts_the_item_on_screen(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    item_id = publish(hub)
    result = sync_once(cfg, store)
    assert result.changes == 1
    item = store.item(item_id)
    assert item.title == "禾丰社区2026年第四季度党费收缴情况"
    assert item in rules.live(store.items(), now(cfg.zone))


def test_withdraw_then_sync_takes_it_off_screen_with_its_notice(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    item_id = publish(hub)
    sync_once(cfg, store)
    with hub.engine.begin() as conn:
        disclosures.withdraw(conn, item_id, "数据有误，核实后重新公开。", ADMIN)
    sync_once(cfg, store)
    item = store.item(item_id)
    at = now(cfg.zone)
    assert item.status is ItemStatus.WITHDRAWN and item.version == 2
    assert item not in rules.live(store.items(), at)
    assert rules.presence(item, at) is rules.Presence.WITHDRAWAL_NOTICE
    assert "数据有误，核实后重新公开。" in rules.withdrawal_notice(item)


def test_second_sync_is_one_signed_nothing_new(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    before = (store.cursor, len(store.items()))
    result = sync_once(cfg, store)
    assert result.not_modified and result.requests == 1 and result.changes == 0
    assert (store.cursor, len(store.items())) == before


def test_a_change_after_304_is_picked_up(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    sync_once(cfg, store)
    publish(hub, title="东湖街道2026年第四季度理论学习安排调整")
    result = sync_once(cfg, store)
    assert not result.not_modified and result.changes == 1


def test_pagination_applies_every_page(hub):
    cfg = hub.device_config()
    small_pages = config.DeviceConfig(**{**cfg.__dict__, "page_size": 7})
    store = Store(cfg.store_path)
    result = sync_once(small_pages, store)
    assert result.pages == 8  # 56 changes (5 orgs, 44 items, 4 contacts, 2 answers, 1 rating) at 7 a page
    assert len(store.items()) == 42


def test_party_item_turning_up_is_sent_as_tombstone(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    item_id = publish(hub, audience=Audience.PARTY, title="党内通报：流动党员排查情况")
    result = sync_once(cfg, store)
    assert result.changes == 1 and store.item(item_id) is None


def test_wrong_token_is_refused_with_a_clear_error(hub):
    cfg = hub.device_config()
    forged = config.DeviceConfig(**{**cfg.__dict__, "token": "not-a-real-token"})
    store = Store(cfg.store_path)
    with pytest.raises(SyncError, match="refused this device's token"):
        sync_once(forged, store)
    assert "refused this device's token" in store.meta("last_error")
    assert store.cursor == 0 and store.items() == []
    raw = requests.get(f"{hub.url}/api/v1/feed", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert raw.status_code == 401 and raw.json() == {"error": "unknown or revoked device token"}


def test_invalid_query_is_a_json_error(hub):
    token = hub.device_config().token
    raw = requests.get(f"{hub.url}/api/v1/feed", params={"cursor": -1},
                       headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert raw.status_code == 400 and "cursor" in raw.json()["error"]
    raw = requests.get(f"{hub.url}/api/v1/feed", params={"nonce": "not a nonce"},
                       headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert raw.status_code == 400 and "nonce" in raw.json()["error"]


def test_hub_down_is_reported_in_plain_words(hub, tmp_path):
    cfg = config.DeviceConfig(**{**hub.device_config().__dict__, "hub_url": "http://127.0.0.1:9"})
    store = Store(tmp_path / "device.db")
    with pytest.raises(SyncError, match="cannot reach the hub"):
        sync_once(cfg, store)
    assert store.meta("last_error").startswith("cannot reach the hub")


def _synced_copy(hub, tmp_path):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    return cfg, store


ENVELOPE = {"protocol": 1, "scope": 1, "reset": False, "org": 1, "device": "0123456789abcdef",
            "nonce": "n" * 22, "types": [], "hub_time": "2026-11-28T02:00:00+00:00"}
"""A well-formed page with what sync checks after parsing left wrong (no request has this nonce)."""


def _valid_page_with(item_change: dict) -> bytes:
    return json.dumps({**ENVELOPE, "after": 56, "cursor": 999, "more": False, "changes": [
        {"seq": 998, "type": "item", "id": 1, "deleted": True}, item_change]}).encode()


def _page(**fields) -> bytes:
    return json.dumps({**ENVELOPE, "after": 56, "cursor": 60, "more": False, "changes": [], **fields}).encode()


def _item(**fields) -> dict:
    data = {"id": 77, "org_id": 1, "version": 1, "category": 3, "title": "测试公开事项", "body": "正文",
            "audience": "public", "time_limit": "standing", "status": "published",
            "published_at": "2026-11-20T09:00:00+08:00", "gongshi_start": None, "gongshi_end": None,
            "period_label": "", "withdrawn_at": None, "withdrawal_note": ""}
    data.update(fields)
    return {"seq": 999, "type": "item", "id": 77, "deleted": False, "data": data}


@pytest.mark.parametrize("body, message", [
    (b'{"protocol": 1, "cursor": 5, "more": fal', "not valid JSON"),
    (b'[1, 2, 3]', "not a JSON object"),
    (_valid_page_with(_item(category=9)), "unknown category 9"),
    (_valid_page_with(_item(category="组织建设")), "unknown category"),
    (_valid_page_with(_item(audience="everyone")), "'audience' has unknown value"),
    (_valid_page_with(_item(title="")), "'title' must be non-empty"),
    (_valid_page_with(_item(published_at="2026-11-20 09:00")), "no time zone"),
    (_valid_page_with(_item(gongshi_start="2026-11-20", gongshi_end="2026-11-10",
                            time_limit="immediate")), "ends before it starts"),
    (_page(protocol=2), "unsupported protocol"),
    (_page(org="南湖"), "field 'org' must be a non-negative integer"),
    (_page(device=None), "field 'device' must be 16 hex digits"),
    (_page(nonce="short"), "field 'nonce' must repeat the request's nonce"),
    (_page(types=["answer", "gossip"]), "field 'types' must list change types"),
    (_page(hub_time="2026-11-28 10:00"), "field 'hub_time' has no time zone"),
    (_page(screenshot_request="soon"), "field 'screenshot_request' is not a date-time"),
])
def test_malformed_page_is_rejected_and_store_is_untouched(hub, tmp_path, body, message):
    cfg, store = _synced_copy(hub, tmp_path)
    before = (store.cursor, sorted((i.id, i.version) for i in store.items()))
    with FakeHub(Behaviour(body=body, signing_key=signing_key(hub.data_dir))) as fake:
        bad = config.DeviceConfig(**{**cfg.__dict__, "hub_url": fake.url})
        with pytest.raises(SyncError, match=message):
            sync_once(bad, store)
    assert (store.cursor, sorted((i.id, i.version) for i in store.items())) == before
    assert "nothing was applied" in store.meta("last_error")
