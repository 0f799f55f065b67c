"""The device store: pages apply whole or not at all; versions never roll back."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime
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
