"""The rotation at real speed under Xvfb: a short loop left to run by itself while the
device's other programs write to the store and a publication arrives mid-loop. What went
up, in what order, for how long and under which counter is read off the screen and off the
play records filed for the hub (issue #19: each play record used to send the rotation back
to the slide just shown)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from device import outbox
from device.store import Store
from gongkai.domain.model import TimeLimit
from gongkai.protocol import Change, FeedPage, item_to_wire
from hub.demo.content import build
from tests.ui.harness import NOW, assert_not_blank, run_scenario, xvfb  # noqa: F401

pytestmark = pytest.mark.ui
DISPLAY_DRIVER = "tests.display.driver"
HOLD = 4.0
"""Seconds each slide holds: above the store poll's 3 s, so a publication made just after a
slide went up is noticed before it goes down."""
DISPLAY = {"min_seconds": HOLD, "max_seconds": HOLD, "weights": {"new": 2, "standing": 1}}
LOOP = ["党员活动室开放时间", "党费收缴工作规定", "党组织关系转接办法", "志愿服务积分办法", "党员联系户制度"]
"""Five standing items, newest first: the loop in its order."""
NEW = "关于开展冬季送温暖活动的通知"
SNAP_AFTER = 1.5
"""Seconds after a slide went up that it is photographed: faded in, not yet going."""


@pytest.fixture
def store_path(tmp_path):
    """The demo district's orgs and five short standing items (one page each)."""
    content = build(NOW.date(), NOW.tzinfo)
    base = next(item for item in content.items if item.time_limit is TimeLimit.STANDING)
    items = [replace(base, id=800 + n, title=title, body=f"{title}已经社区党委会议研究通过，现予公开，请党员群众监督。",
                     published_at=NOW - timedelta(days=30 + n), attachments=())
             for n, title in enumerate(LOOP)]
    changes = [Change(n, "org", org.id, org) for n, org in enumerate(content.orgs, start=1)]
    changes += [Change(len(changes) + n, "item", item.id, item) for n, item in enumerate(items, start=1)]
    path = tmp_path / "store.db"
    store = Store(path)
    store.apply_page(FeedPage(len(changes), False, changes))
    store.close()
    return path


def new_item(store_path) -> dict:
    """A notice published at "now", as the hub would send it."""
    store = Store(store_path)
    try:
        base = store.items()[0]
    finally:
        store.close()
    return item_to_wire(replace(base, id=900, title=NEW, published_at=NOW,
                                body="社区党委将于本月走访慰问困难党员和老党员。"))


def play_records(store_path) -> list[dict]:
    store = Store(store_path)
    try:
        titles = {item.id: item.title for item in store.items()}
        later = datetime.now(timezone.utc) + timedelta(days=1)
        return [{**p.payload, "title": titles[p.payload["item_id"]]}
                for p in outbox.due(store, later, limit=1000) if p.kind == "play"]
    finally:
        store.close()


def test_at_real_speed_the_loop_keeps_its_order_and_a_publication_goes_up_at_the_next_change(
        xvfb, tmp_path, store_path):
    # T4 is up when the new item is published: it goes up next, then T5 ends the loop; the
    # next loop has the new item in its place, twice (a new item's weight).
    t1, t2, t3, t4, t5 = LOOP
    expected = [(t1, "1 / 5"), (t2, "2 / 5"), (t3, "3 / 5"), (t4, "4 / 5"),
                (NEW, "1 / 7"), (t5, "7 / 7"),
                (NEW, "1 / 7"), (t1, "2 / 7"), (t2, "3 / 7"), (t3, "4 / 7"), (t4, "5 / 7"), (NEW, "6 / 7"),
                (t5, "7 / 7")]
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, display=DISPLAY,
                         driver=DISPLAY_DRIVER, steps=[
                             {"watch": SNAP_AFTER}, {"chatter": 1.0},
                             {"until_seen": {"slides": 4, "within": 25}},
                             {"publish": new_item(store_path)},
                             {"until_seen": {"slides": len(expected) + 1, "within": 55}},
                         ])
    plays = play_records(store_path)
    filed = [f"{p['title']} ({p['seconds']} s)" for p in plays]
    assert [p["title"] for p in plays[:len(expected)]] == [title for title, _ in expected], filed
    assert all(a["item_id"] != b["item_id"] for a, b in zip(plays, plays[1:])), filed
    for play in plays[:len(expected)]:
        assert HOLD <= play["seconds"] <= HOLD + 1, f"{play['title']} held {play['seconds']} s: {filed}"

    seen = json.loads((tmp_path / "ui" / "seen.json").read_text(encoding="utf-8"))
    assert [(s["title"], s["position"]) for s in seen[:len(expected)]] == expected
    for went_up, next_up in zip(seen[1:len(expected)], seen[2:]):   # the first was up before the watch began
        assert HOLD <= next_up["at"] - went_up["at"] <= HOLD + 1.5, f"{went_up['title']} stayed too long or short"
    for n, (title, counter) in enumerate(expected, start=1):
        shot = shots[f"slide-{n:02d}"]
        assert_not_blank(shot.png)
        assert shot.shows(title) and shot.shows(counter), (n, title, counter, shot.texts)
