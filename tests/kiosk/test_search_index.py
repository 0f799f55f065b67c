"""The search index inside the device store: short queries, pinyin, staying up to date."""
from __future__ import annotations

import queue
import threading
from dataclasses import replace

import pytest

from device import search
from gongkai.domain.model import Audience
from gongkai.protocol import Change, FeedPage
from tests.content import demo_store
from tests.ui.harness import NOW


@pytest.fixture
def store(tmp_path):
    store = demo_store(tmp_path / "store.db", NOW)
    search.catch_up(store.db.conn)
    yield store
    store.close()


def titles(store, query):
    return [store.db.execute("SELECT title FROM search_tri WHERE rowid = ?", [i]).fetchone()[0]
            for i in search.search(store.db.conn, query)]


def test_one_and_two_character_queries_find_items(store):
    assert any("党费" in t for t in titles(store, "党费"))
    assert any("选举" in t for t in titles(store, "选举"))
    assert titles(store, "廉")


def test_longer_queries_use_trigrams_and_search_bodies(store):
    found = titles(store, "老旧小区改造")
    assert found and "老旧小区改造" in found[0]
    assert titles(store, "12380"), "a phone number in a body is found"


def test_title_matches_come_before_body_matches(store):
    found = titles(store, "党费")
    assert "党费" in found[0]
    assert any("党费" not in t for t in found), "body-only matches follow"


def test_pinyin_initials_and_full_pinyin_find_titles(store):
    assert any("党费" in t for t in titles(store, "DF"))
    assert any("党费" in t for t in titles(store, "dangfei"))
    assert any("选举" in t for t in titles(store, "xuanju"))
    assert not any("党费" in t for t in titles(store, "angfei")), "matches start on a syllable"


def test_party_only_items_are_never_indexed(store):
    assert not titles(store, "诫勉谈话")


def test_catch_up_follows_changes_and_deletions(store):
    item = next(i for i in store.items() if "党费" in i.title)
    renamed = replace(item, title="禾丰社区党组织经费公开", version=item.version + 1)
    seq = store.cursor + 1
    store.apply_page(FeedPage(seq, False, [Change(seq, "item", item.id, renamed)]))
    assert search.catch_up(store.db.conn) == 1
    assert item.id not in search.search(store.db.conn, "党费收缴")
    assert item.id in search.search(store.db.conn, "经费公开")
    store.apply_page(FeedPage(seq + 1, False, [Change(seq + 1, "item", item.id, None)]))
    search.catch_up(store.db.conn)
    assert item.id not in search.search(store.db.conn, "经费")
    assert search.catch_up(store.db.conn) == 0


def test_hooks_keep_the_index_current_inside_a_transaction(tmp_path):
    store = demo_store(tmp_path / "s.db", NOW)
    item = store.items()[0]
    conn = store.db.conn
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        search.index_items(conn, [replace(item, title="全新标题测试", version=item.version + 5)])
    assert search.search(conn, "测试") == [item.id]
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        search.remove_items(conn, [item.id])
    assert search.search(conn, "测试") == []
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        search.index_items(conn, [replace(item, audience=Audience.PARTY, version=item.version + 9)])
    assert item.id not in search.search(conn, item.title)
    store.close()


def test_rebuild_and_highlights(store):
    assert search.rebuild(store.db.conn) > 0
    marks = search.highlights("禾丰社区党委2026年第三季度党费收缴", "本季度应收党费", "DF")
    assert marks.title == [(15, 17)]
    assert search.highlights("选举结果", "本次选举", "选举").body == [(2, 4)]


def test_the_indexer_catches_up_on_its_own_thread(tmp_path):
    store = demo_store(tmp_path / "s.db", NOW)
    caught_up = queue.Queue()
    indexer = search.Indexer(store.path, lambda changed: caught_up.put((changed, threading.current_thread().name)))
    try:
        indexer.request()
        changed, thread = caught_up.get(timeout=30)
        assert changed == store.item_count(ready_only=False) and thread == "search-index"
        assert any("党费" in t for t in titles(store, "DF")), "the kiosk's own connection sees the index"
    finally:
        indexer.stop()
        store.close()


def test_an_index_of_the_old_layout_is_rebuilt(tmp_path):
    store = demo_store(tmp_path / "s.db", NOW)
    conn = store.db.conn
    conn.execute("CREATE TABLE search_docs (item_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
    conn.execute("CREATE VIRTUAL TABLE search_uni USING fts5(title, body, initials, content='')")
    conn.execute("INSERT INTO search_docs SELECT id, version FROM items")
    assert search.catch_up(conn) == store.item_count(ready_only=False)
    assert any("党费" in t for t in titles(store, "DF"))
    store.close()


def test_catch_up_commits_in_batches(store, monkeypatch):
    monkeypatch.setattr(search, "BATCH", 7)
    stale = [replace(i, version=i.version + 1) for i in store.items()]
    seq = store.cursor + 1
    store.apply_page(FeedPage(seq, False, [Change(seq + n, "item", i.id, i) for n, i in enumerate(stale)]))
    steps = list(search.catch_up_steps(store.db.conn))
    assert sum(steps) == len(stale) and max(steps) == 7
    assert search.catch_up(store.db.conn) == 0


def test_pinyin_keys_read_words_not_just_characters():
    assert search.pinyin_keys("重庆银行行长") == ("chong", "qing", "yin", "hang", "hang", "zhang")
    assert search.pinyin_keys("党费，ＡＢ1") == ("dang", "fei", "", "a", "b", "1")
