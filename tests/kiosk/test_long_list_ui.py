"""A category of 10,000 items (kiosk.rows), scrolled by a finger: flung from the top, the
scroll bar's handle dragged to the middle, the track's bottom pressed for the end. The
rows in view must be the right ones, and the list must keep a screenful of row widgets."""
from __future__ import annotations

import pytest

from device.store import Store
from gongkai.domain import rules
from tests.kiosk.conftest import KIOSK_DRIVER
from tests.ui.harness import NOW, assert_readable, run_scenario, xvfb  # noqa: F401

from .content import LONG, long_store

pytestmark = pytest.mark.ui
COUNT = 10_000
BAR_X = 0.997
"""The scroll bar, at the list's right edge."""
FLING = {"within": "rows", "from": [0.5, 0.2], "to": [0.5, 0.8], "seconds": 0.12}
"""A quick flick upwards: the list runs on towards its end after the finger lifts."""
MAX_ROW_WIDGETS = 12


@pytest.fixture
def titles(tmp_path) -> list[str]:
    """The store's 组织建设 in display order, as the list should show it."""
    path = tmp_path / "store.db"
    long_store(path, NOW, COUNT)
    store = Store(path)
    try:
        return [item.title for item in rules.live(store.items(LONG), NOW)]
    finally:
        store.close()


def titles_shown(shot, titles: list[str]) -> list[int]:
    """The places in the list of the titles the screenshot shows."""
    place = {title: n for n, title in enumerate(titles)}
    return sorted(place[text.replace("\n", "")] for text in shot.texts if text.replace("\n", "") in place)


def test_ten_thousand_rows_scrolled_by_touch(xvfb, tmp_path, titles, measured):
    shots = run_scenario(xvfb, tmp_path, driver=KIOSK_DRIVER, app="kiosk", store_path=tmp_path / "store.db", steps=[
        {"tap": LONG.label}, {"measure": "top"},
        {"drag": FLING}, {"drag": FLING}, {"wait": 2}, {"measure": "flung"}, {"snap": "long-flung"},
        {"drag": {"within": "rows", "from": [BAR_X, 0.995], "to": [BAR_X, 0.5], "seconds": 0.8}},
        {"measure": "middle"}, {"snap": "long-middle"},
        {"drag": {"within": "rows", "from": [BAR_X, 0.0], "to": [BAR_X, 0.0], "seconds": 0.2}},
        {"drag": FLING}, {"wait": 2}, {"measure": "end"}, {"snap": "long-end"},
    ])
    top, flung, middle, end = (measured(name) for name in ("top", "flung", "middle", "end"))
    assert top["row_count"] == len(titles) > COUNT
    fingers_moved = 2 * (FLING["to"][1] - FLING["from"][1]) * top["view_height"]
    assert flung["scrolled_px"] > 1.2 * fingers_moved, "a flick runs on after the finger lifts"
    assert 4_500 < middle["rows"][0] < 5_500, "the handle dragged half-way shows the middle"
    assert end["rows"][-1] == len(titles) - 1
    for name in ("long-flung", "long-middle", "long-end"):
        shot, rows = shots[name], measured(name.removeprefix("long-"))["rows"]
        assert_readable(shot)
        shown = titles_shown(shot, titles)
        assert len(shown) >= 2 and set(shown) <= set(rows), f"{name}: the rows in view show their own items"
        assert shown == list(range(shown[0], shown[-1] + 1)), f"{name}: in order, none missing"
    assert titles_shown(shots["long-end"], titles)[-1] == len(titles) - 1, "the last item is in view"
    for figures in (top, flung, middle, end):
        assert figures["alive"]["ItemRow"] <= MAX_ROW_WIDGETS, "a screenful of rows, reused"
