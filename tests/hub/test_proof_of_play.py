"""Proof of play: what screens showed reaches the hub and is shown per item as evidence."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import requests
import sqlalchemy as sa

from device import outbox
from device.store import Store
from hub.storage import db
from sync import delivery
from sync.feed import sync_once
from tests.hub.client import ConsoleUser, item_id

ZONE = ZoneInfo("Asia/Shanghai")
TOWN_GONGSHI = "青荷镇机关中层干部竞争性选拔结果公示"


def play(store: Store, item_id: int, started: datetime, seconds: float) -> None:
    outbox.add(store, "play", {"item_id": item_id, "version": 1, "kind": "gongshi",
                               "started_at": started.isoformat(), "seconds": seconds, "pages": 1,
                               "device": "南湖区党员服务中心触摸屏", "mode": "lcd"})


def test_showings_are_tallied_per_screen_on_the_item_page(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    gongshi = next(i for i in store.items() if i.title == "区管干部任前公示")
    start = datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
    for n in range(3):
        play(store, gongshi.id, start + timedelta(minutes=10 * n), 40.0)
    play(store, gongshi.id, start, 99999)  # a frozen screen's claim is not evidence
    assert delivery.drain(cfg, store) == 4
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.plays)).scalar_one() == 3
    page = ConsoleUser(hub, "jianduyuan").get(f"/console/items/{gongshi.id}").text
    section = page.split("屏幕展示记录")[1].split("</section>")[0]
    assert "南湖区党员服务中心触摸屏" in section and "<td>3</td>" in section
    assert "2 分 0 秒" in section and "2026-11-27 09:00" in section and "2026-11-27 09:20" in section


def test_play_records_of_unknown_shape_are_kept_but_not_counted(hub):
    cfg = hub.device_config()
    answer = requests.post(f"{hub.url}/api/v1/outbox", timeout=10, headers={"Authorization": f"Bearer {cfg.token}"},
                           json={"records": [{"id": "p" * 32, "kind": "play", "created_at": "2026-11-27T09:00:00+08:00",
                                              "payload": {"item_id": "x", "seconds": 5}}]})
    assert answer.status_code == 200
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.plays)).scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(db.submissions)).scalar_one() >= 1


def quarter_of(day) -> dict:
    """The showing check's query for the quarter holding ``day`` (the demo's 公示 windows
    are set relative to today, so a test must not assume which quarter today is in)."""
    return {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


def test_the_showing_check_flags_each_gongshi_day_no_screen_showed(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    shown = next(i for i in store.items() if i.title == "区管干部任前公示")
    unshown = item_id(hub, TOWN_GONGSHI)
    yesterday = datetime.now(ZONE).date() - timedelta(days=1)
    play(store, shown.id, datetime.combine(yesterday, datetime.min.time(), ZONE) + timedelta(hours=9), 40.0)
    assert delivery.drain(cfg, store) == 1
    page = ConsoleUser(hub, "jianduyuan").get("/console/oversight/showings", **quarter_of(yesterday)).text
    row_of = {item: page.split(f'data-item-id="{item}"')[1].split("</tr>")[0] for item in (shown.id, unshown)}
    assert 'class="flagged"' in row_of[unshown] and "已展示 0/" in row_of[unshown]
    assert f"{yesterday.month}月{yesterday.day}日" in row_of[unshown]
    assert 'class="flagged"' not in row_of[shown.id] and "已展示 1/1 天" in row_of[shown.id]
    assert page.index(f'data-item-id="{unshown}"') < page.index(f'data-item-id="{shown.id}"')


def test_the_showing_check_shows_a_town_only_its_own_gongshi(hub):
    yesterday = datetime.now(ZONE).date() - timedelta(days=1)
    page = ConsoleUser(hub, "qinghe-bianji").get("/console/oversight/showings", **quarter_of(yesterday)).text
    assert TOWN_GONGSHI in page and "区管干部任前公示" not in page
