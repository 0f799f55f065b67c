"""The display, run for real under Xvfb: the 公示 slide, withdrawal notices, an empty store."""
from __future__ import annotations

from dataclasses import replace

import pytest

from device.store import Store
from gongkai.domain import rules
from gongkai.domain.linebreak import NO_LINE_START
from gongkai.domain.rotation import CONTINUED
from gongkai.protocol import Change, FeedPage
from hub.demo.content import build
from tests.display.conftest import (
    PHOTO_BLUE,
    add_item,
    add_urgent_notice,
    document_page_png,
    on_screen,
    photo_png,
    share_of_colour,
)
from tests.ui.harness import LANDSCAPE, NOW, PORTRAIT, assert_readable, run_scenario, xvfb  # noqa: F401

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


def test_an_item_with_a_photo_shows_it_beside_its_text(xvfb, tmp_path, store_path):
    item = add_item(store_path, "禾丰社区党群服务中心改造完工", "服务中心改造已于本月完工，欢迎党员群众前来参观。",
                    files=(("现场照片.png", photo_png()),))
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, display=CUT,
                         steps=[{"next_slide": item.title}, {"snap": "photo"}])
    shot = shots["photo"]
    assert_readable(shot, min_font_size=SIGNAGE_MIN_FONT)
    assert shot.shows(item.title) and shot.shows("欢迎党员群众前来参观")
    assert share_of_colour(shot.png, PHOTO_BLUE) > 0.025, "the photo is shown, not a thumbnail"


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_the_pages_of_a_pdf_follow_the_text_each_as_tall_as_the_screen(xvfb, tmp_path, store_path, size):
    pages = [document_page_png([f"第{n}页", "禾丰社区党委2026年度党费收缴明细表"]) for n in (1, 2)]
    item = add_item(store_path, "禾丰社区党委2026年度党费收缴明细", "明细见附件。",
                    files=(("现场照片.png", photo_png()),
                           *((f"党费明细.pdf 第{n}页", page) for n, page in enumerate(pages, start=1))))
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=size, display=CUT,
                         steps=[{"next_slide": item.title}, {"snap": "pdf-text"},
                                {"next_slide": "附件第 1 页，共 2 页"}, {"snap": "pdf-page"},
                                {"next_slide": "附件第 2 页，共 2 页"}])
    text, page = shots["pdf-text"], shots["pdf-page"]
    for shot in (text, page):
        assert_readable(shot, min_font_size=SIGNAGE_MIN_FONT)
        assert shot.shows(item.title)
    assert text.shows("明细见附件") and share_of_colour(text.png, PHOTO_BLUE) > 0.025   # the photo beside it
    assert share_of_colour(page.png, (255, 255, 255), tolerance=3) > 0.15, "the page fills the stage"


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_an_urgent_notice_preempts_the_rotation(xvfb, tmp_path, store_path, size):
    notice = add_urgent_notice(store_path, "紧急通知：今日14时至18时停水",
                               "因供水管道抢修，禾丰社区今日14时至18时停水，请居民提前储水。")
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=size, display=CUT,
                         steps=[{"snap": "urgent"}])
    shot = shots["urgent"]
    assert_readable(shot, min_font_size=SIGNAGE_MIN_FONT)
    assert shot.shows("紧急通知") and shot.shows(notice.title) and shot.shows("请居民提前储水")
    assert shot.shows("1 / 1"), "the notice plays alone while it lasts"
