"""The device store: pages apply whole or not at all; versions never roll back."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from device import outbox
from device.store import Store
from gongkai.protocol import Change, FeedPage
from tests.content import demo_page, demo_store

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_demo_page_round_trips_through_the_store(tmp_path):
    store = demo_store(tmp_path / "d.db", NOW)
    page = demo_page(NOW)
    expected = {c.record for c in page.changes if c.kind == "item"}
    assert set(store.items()) == expected
    assert store.cursor == page.cursor


def test_a_failure_mid_page_leaves_store_and_cursor_as_they_were(tmp_path, monkeypatch):
    store = demo_store(tmp_path / "d.db", NOW)
    before = (store.cursor, sorted(store.items(), key=lambda i: i.id))
    first = store.items()[0]
    page = FeedPage(cursor=500, more=False, changes=[
        Change(498, "item", first.id, None),
        Change(499, "item", 9999, replace(first, id=9999)),
    ])
    calls = {"n": 0}
    original = Store._apply_change

    def power_cut_on_second_change(self, change):
        calls["n"] += 1
        if calls["n"] == 2:
            raise sqlite3.OperationalError("disk I/O error")
        original(self, change)

    monkeypatch.setattr(Store, "_apply_change", power_cut_on_second_change)
    with pytest.raises(sqlite3.OperationalError):
        store.apply_page(page)
    reopened = Store(tmp_path / "d.db")
    assert (reopened.cursor, sorted(reopened.items(), key=lambda i: i.id)) == before


def test_older_version_never_overwrites_newer(tmp_path):
    store = demo_store(tmp_path / "d.db", NOW)
    item = store.items()[0]
    newer = replace(item, version=item.version + 1, title="更正后的标题")
    store.apply_page(FeedPage(100, False, [Change(100, "item", item.id, newer)]))
    store.apply_page(FeedPage(101, False, [Change(101, "item", item.id, item)]))
    assert store.item(item.id).title == "更正后的标题"


def test_content_version_moves_when_sync_changes_content_not_when_the_device_keeps_its_books(tmp_path):
    reader = demo_store(tmp_path / "d.db", NOW)
    writer = Store(tmp_path / "d.db")
    seen = reader.content_version()
    outbox.add(writer, "play", {"item_id": 1})
    outbox.add(writer, "heartbeat", {"device": "大厅屏"})
    writer.record_sync(NOW, None)
    writer.set_meta("feed_types", "item")
    writer.note_sent(NOW, "fingerprint", "receipt", NOW)
    assert reader.content_version() == seen
    gone = Change(200, "item", reader.items()[0].id, None)
    for sync_writes in (lambda: writer.apply_page(FeedPage(200, False, [gone])),
                        lambda: writer.add_file("ab" * 32, 10),
                        lambda: writer.forget_file("ab" * 32)):
        sync_writes()
        assert reader.content_version() > seen
        seen = reader.content_version()


def test_a_reset_never_lets_an_item_return_older_than_the_device_showed(tmp_path):
    store = demo_store(tmp_path / "d.db", NOW)
    item = store.items()[0]
    newer = replace(item, version=item.version + 2, title="更正后的标题")
    store.apply_page(FeedPage(100, False, [Change(100, "item", item.id, newer)]))
    store.apply_page(FeedPage(3, False, [], scope=2, reset=True))
    assert store.item(item.id) is None and store.held_versions([item.id]) == {item.id: newer.version}
    store.apply_page(FeedPage(4, False, [Change(4, "item", item.id, item)], after=3, scope=2))
    assert store.item(item.id) is None
    store.apply_page(FeedPage(5, False, [Change(5, "item", item.id, newer)], after=4, scope=2))
    assert store.item(item.id).title == "更正后的标题"


def test_a_store_from_before_version_floors_starts_them_from_its_items(tmp_path):
    store = demo_store(tmp_path / "d.db", NOW)
    held = {i.id: i.version for i in store.items()}
    store.db.execute("DROP TABLE item_versions")
    store.close()
    assert Store(tmp_path / "d.db").held_versions(list(held)) == held


def test_the_freshest_signed_hub_time_only_moves_forward(tmp_path):
    store = Store(tmp_path / "d.db")
    later = datetime(2026, 11, 28, 2, 5, tzinfo=ZoneInfo("UTC"))
    earlier = later - timedelta(minutes=5)
    store.record_sync(later, None, hub_time=later, clock_offset=30.0)
    store.record_sync(later, "the hub answered HTTP 502", hub_time=earlier, clock_offset=30.4)
    assert store.fresh_hub_time == later and store.clock_offset == 30.0
    assert store.meta("last_error") == "the hub answered HTTP 502"
