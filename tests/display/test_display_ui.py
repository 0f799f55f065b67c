"""The display, run for real under Xvfb: the 公示 slide, withdrawal notices, an empty store."""
from __future__ import annotations

import pytest

from dataclasses import replace

from gongkai.domain import rules
from gongkai.domain.linebreak import NO_LINE_START
from gongkai.domain.rotation import CONTINUED
from gongkai.protocol import Change, FeedPage
from gongkai.store import Store
from hub.demo_content import build
from tests.display.conftest import on_screen
from tests.ui.harness import (LANDSCAPE, NOW, PORTRAIT, assert_readable, run_scenario,  # noqa: F401
                              xvfb)

pytestmark = pytest.mark.ui
SIGNAGE_MIN_FONT = 30
CUT = {"transition_seconds": 0, "ticker": False}
"""Slides cut without a fade, so a test can step through a loop quickly; no ticker running
off the window's edge (test_signage_ui checks the ticker)."""


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_the_loop_opens_on_the_gongshi_ending_soonest(xvfb, tmp_path, store_path, size):
    first = on_screen(store_path)[0]
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=size,
                         display=CUT, steps=[{"snap": "first"}, {"next_slide": "撤回公告"}, {"snap": "withdrawal"}])
    slide = shots["first"]
    assert_readable(slide, min_font_size=SIGNAGE_MIN_FONT)
    assert slide.shows(first.title)
    assert slide.shows(rules.gongshi_countdown(first, NOW.date()))
    assert slide.shows(first.category.label)

    notice = shots["withdrawal"]
    assert_readable(notice, min_font_size=SIGNAGE_MIN_FONT)
    assert notice.shows("已撤回")
    assert notice.shows("撤回。说明：")


def test_a_withdrawal_enters_the_running_loop(xvfb, tmp_path, store_path):
    title = on_screen(store_path)[0].title
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, display=CUT, steps=[
        {"withdraw": title}, {"wait": 3.5}, {"next_slide": f"《{title}》已于"}, {"snap": "notice"},
    ])
    assert_readable(shots["notice"], min_font_size=SIGNAGE_MIN_FONT)


def test_a_long_text_is_paged_at_full_size_never_shrunk(xvfb, tmp_path):
    content = build(NOW.date(), NOW.tzinfo)
    long_item = replace(content.items[0], body="\n".join(item.body for item in content.items))
    assert any(ch in NO_LINE_START for ch in long_item.body)
    path = tmp_path / "store.db"
    store = Store(path)
    store.apply_page(FeedPage(2, False, [Change(1, "org", long_item.org_id, content.orgs[0]),
                                         Change(2, "item", long_item.id, long_item)]))
    store.close()
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=path, display=CUT, steps=[
        {"snap": "page1"}, {"next_slide": "第 3 页"}, {"snap": "page3"},
    ])
    assert shots["page1"].shows("第 1 页，共 3 页")
    assert shots["page3"].shows(CONTINUED)
    for shot in shots.values():
        assert_readable(shot, min_font_size=SIGNAGE_MIN_FONT)


def test_an_empty_store_shows_a_calm_slide_not_a_black_screen(xvfb, tmp_path):
    path = tmp_path / "store.db"
    Store(path).close()
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=path, steps=[{"snap": "empty"}])
    assert shots["empty"].shows("暂无公开内容")
    assert_readable(shots["empty"], min_font_size=SIGNAGE_MIN_FONT)
