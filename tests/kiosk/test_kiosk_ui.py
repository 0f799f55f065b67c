"""The kiosk, run for real under Xvfb and driven by touch: home, a category, an item.

Expected content comes from the demo store through gongkai.domain.rules, the same rules
the kiosk is meant to follow, so these tests check the screens, not the demo texts.
"""
from __future__ import annotations

import pytest

from gongkai.domain import rules
from gongkai.domain.model import Category
from gongkai.store import Store
from tests.content import demo_store
from tests.ui.harness import (LANDSCAPE, NOW, PORTRAIT, assert_readable, run_scenario,  # noqa: F401
                              xvfb)

pytestmark = pytest.mark.ui


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.db"
    demo_store(path, NOW).close()
    return path


def live_in(store_path, category: Category):
    store = Store(store_path)
    try:
        return rules.live(store.items(category), NOW), rules.category_counts(store.items(), NOW)
    finally:
        store.close()


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_a_citizen_reaches_a_gongshi_by_touch(xvfb, tmp_path, store_path, size):
    items, counts = live_in(store_path, Category.ORGANISATION)
    gongshi = next(item for item in items if rules.is_current_gongshi(item, NOW))
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size, steps=[
        {"snap": "home"}, {"tap": "组织建设"}, {"snap": "category"},
        {"tap": gongshi.title}, {"snap": "item"}, {"tap": "返回"}, {"snap": "back"},
    ])
    for shot in shots.values():
        assert_readable(shot)

    home = shots["home"]
    assert home.screen == "home"
    assert all(home.shows(category.label) for category in Category)
    assert home.shows(f"{counts[Category.ORGANISATION]} 条")

    listing = shots["category"]
    assert listing.screen == "category"
    assert listing.shows("组织建设")
    assert listing.shows(items[0].title)
    assert listing.shows(rules.gongshi_countdown(gongshi, NOW.date()))
    assert not listing.shows("区管干部任前公示"), "an item of another category is listed"

    detail = shots["item"]
    assert detail.screen == "item"
    assert detail.shows(gongshi.title)
    assert detail.shows("公示期剩余")
    assert detail.shows(rules.gongshi_period(gongshi))
    body = "".join(line for lines in detail.paragraphs for line in lines)
    assert gongshi.body.split("\n")[0][:30] in body

    assert shots["back"].screen == "category"


def test_a_withdrawal_reaches_the_open_screen_and_the_counts(xvfb, tmp_path, store_path):
    items, counts = live_in(store_path, Category.ORGANISATION)
    title = items[0].title
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, steps=[
        {"tap": "组织建设"}, {"tap": title}, {"withdraw": title}, {"wait": 3.5},
        {"snap": "withdrawn"}, {"tap": "返回"}, {"snap": "list"}, {"tap": "返回"}, {"snap": "home"},
    ])
    withdrawn = shots["withdrawn"]
    assert_readable(withdrawn)
    assert withdrawn.shows("已撤回")
    assert withdrawn.shows("撤回。说明：经核实")
    assert not shots["list"].shows(title)
    assert shots["home"].shows(f"{counts[Category.ORGANISATION] - 1} 条")
