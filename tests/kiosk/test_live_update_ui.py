"""Sync changes the store while someone reads (kiosk.navigation on_content_changed): the
open screen takes the change in place, and the reader stays where they were, in a long
list and half-way down a long text. (A withdrawal while reading: test_kiosk_ui.)"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from device.store import Store
from gongkai.domain import rules
from gongkai.domain.model import Category
from tests.content import demo_store
from tests.kiosk.conftest import KIOSK_DRIVER
from tests.ui.harness import NOW, assert_readable, run_scenario, xvfb  # noqa: F401

from .content import numbered, publish

pytestmark = pytest.mark.ui
LIST_BASE = "东湖街道党工委机构设置和主要职责"
COPIES = 80
ADDED = "禾丰社区党委关于调整党小组设置的公告"
LONG_TITLE = "禾丰社区党委2026年度工作报告全文"
PARAGRAPHS = 40
PRESS_TRACK_MIDDLE = {"from": [0.997, 0.5], "to": [0.997, 0.5], "seconds": 0.2}
"""A finger on the scroll bar's track half-way down: the text or list jumps to its middle."""
SYNC_WAIT = 3.5
"""Longer than the app's store poll (device.ui.screen_app.POLL_SECONDS)."""


def paragraph(n: int, draft: str) -> str:
    return f"第{n}段（{draft}）：社区党委坚持把党务公开作为联系服务群众的重要抓手，按照目录逐项公开，接受党员群众监督。"


@pytest.fixture
def store_path(tmp_path):
    """The demo district, 组织建设 made long with numbered copies, and one long item in 其他."""
    path = tmp_path / "store.db"
    store = demo_store(path, NOW)
    base = next(i for i in store.items() if i.title == LIST_BASE)
    other = store.items(Category.OTHER)[0]
    body = "\n".join(paragraph(n, "原稿") for n in range(1, PARAGRAPHS + 1))
    publish(store, [*numbered(base, COPIES, 9100, NOW.replace(day=1)),
                    replace(other, id=9300, title=LONG_TITLE, body=body)])
    store.close()
    return path


def live_titles(store_path, category: Category) -> list[str]:
    store = Store(store_path)
    try:
        return [item.title for item in rules.live(store.items(category), NOW)]
    finally:
        store.close()


def test_a_list_refreshed_by_sync_keeps_the_readers_place(xvfb, tmp_path, store_path, measured):
    titles = live_titles(store_path, Category.ORGANISATION)
    middle = titles[len(titles) // 2]
    shots = run_scenario(xvfb, tmp_path, driver=KIOSK_DRIVER, app="kiosk", store_path=store_path, steps=[
        {"tap": "组织建设"},
        {"drag": PRESS_TRACK_MIDDLE | {"within": "rows"}},
        {"measure": "before"}, {"snap": "list-before"},
        {"publish": {"like": LIST_BASE, "id": 9500, "title": ADDED, "published_at": NOW.isoformat()}},
        {"publish": {"like": middle, "title": f"{middle}（更正）"}},
        {"wait": SYNC_WAIT}, {"measure": "after"}, {"snap": "list-after"},
    ])
    before, after = measured("before"), measured("after")
    assert_readable(shots["list-after"])
    assert after["screen"] == "browse"
    assert after["row_count"] == before["row_count"] + 1, "the added item is listed"
    assert before["scroll_y"] < 0.7, "the reader had scrolled down"
    assert set(before["row_ids"]) & set(after["row_ids"]) == set(before["row_ids"]), \
        "the rows the reader was looking at are still in view"
    for item_id, top in before["row_tops"].items():
        assert abs(after["row_tops"][item_id] - top) < 2, "and where they were on screen"
    assert shots["list-before"].shows(middle)
    assert shots["list-after"].shows(f"{middle}（更正）"), "the changed row shows its new title"


def shown_paragraphs(shot) -> set[int]:
    return {int(n) for text in shot.texts for n in re.findall(r"第(\d+)段", text)}


def test_a_new_version_of_the_item_being_read_keeps_the_place(xvfb, tmp_path, store_path, measured):
    revised = "\n".join(paragraph(n, "修订稿") for n in range(1, PARAGRAPHS + 2))  # and one more
    shots = run_scenario(xvfb, tmp_path, driver=KIOSK_DRIVER, app="kiosk", store_path=store_path, steps=[
        {"tap": "其他"}, {"tap": LONG_TITLE},
        {"drag": PRESS_TRACK_MIDDLE | {"within": "scroll"}},
        {"measure": "before"}, {"snap": "item-before"},
        {"publish": {"like": LONG_TITLE, "body": revised}},
        {"wait": SYNC_WAIT}, {"measure": "after"}, {"snap": "item-after"},
    ])
    before, after = measured("before"), measured("after")
    assert_readable(shots["item-after"])
    assert after["screen"] == "item"
    assert 0.2 < before["scroll_y"] < 0.8, "the reader was half-way down"
    assert abs(after["scroll_y"] - before["scroll_y"]) < 0.02
    was, now = shown_paragraphs(shots["item-before"]), shown_paragraphs(shots["item-after"])
    assert 1 not in was and len(was & now) >= len(was) - 1, "the same paragraphs are in view"
    assert shots["item-before"].shows("原稿") and not shots["item-before"].shows("修订稿")
    assert shots["item-after"].shows("修订稿") and not shots["item-after"].shows("原稿")
