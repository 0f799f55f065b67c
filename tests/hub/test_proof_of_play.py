"""Proof of play: what screens showed reaches the hub and is shown per item as evidence,
and what a device token could forge is refused, counted per device and never evidence."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import requests
import sqlalchemy as sa

from device import outbox
from device.store import Store
from hub.fleet import devices
from hub.storage import db
from sync import delivery
from sync.feed import sync_once
from tests.hub.client import ConsoleUser, item_form, item_id

ZONE = ZoneInfo("Asia/Shanghai")
TOWN_GONGSHI = "青荷镇机关中层干部竞争性选拔结果公示"
DISTRICT_GONGSHI = "区管干部任前公示"            # 公示 from yesterday 08:30, version 1
CATALOGUE = "南湖区基层党组织党务公开目录（2026年版）"  # public, standing, published 120 days ago
PARTY_ITEM = "区委组织部关于党员组织关系排查的内部通知"     # 党内: never sent to a screen
HEFENG_ITEM = "禾丰社区党委议事规则"                 # public, 禾丰社区 (org 4)
MEIXI_ITEM = "梅溪村党委议事规则和决策程序"            # public, 梅溪村 (org 5)


def play(store: Store, item_id: int, started: datetime, seconds: float) -> None:
    outbox.add(store, "play", {"item_id": item_id, "version": 1, "kind": "gongshi",
                               "started_at": started.isoformat(), "seconds": seconds, "pages": 1,
                               "device": "南湖区党员服务中心触摸屏", "mode": "lcd"})


def payload(item: int, started: datetime, seconds: float = 40.0, version: int = 1) -> dict:
    return {"item_id": item, "version": version, "kind": "slide", "started_at": started.isoformat(),
            "seconds": seconds, "pages": 1, "device": "南湖区党员服务中心触摸屏", "mode": "lcd"}


def send(hub, payloads: list[dict], token: str | None = None, ids: list[str] | None = None) -> requests.Response:
    """Post play records straight to the outbox, as anyone holding a device token can."""
    ids = ids or [uuid.uuid4().hex for _ in payloads]
    return requests.post(f"{hub.url}/api/v1/outbox", timeout=10,
                         headers={"Authorization": f"Bearer {token or hub.device_config().token}"},
                         json={"records": [{"id": i, "kind": "play", "created_at": p["started_at"], "payload": p}
                                           for i, p in zip(ids, payloads, strict=True)]})


def paired_days_ago(hub, days: int = 30) -> None:
    """The demo screen has hung in the service centre for a month (the demo pairs it at start)."""
    with hub.engine.begin() as conn:
        conn.execute(db.devices.update().where(db.devices.c.id == 1).values(
            created_at=(datetime.now(ZONE) - timedelta(days=days)).isoformat()))


def at_local(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A district time ``day_offset`` days from today."""
    day = datetime.now(ZONE).date() + timedelta(days=day_offset)
    return datetime.combine(day, datetime.min.time(), ZONE) + timedelta(hours=hour, minutes=minute)


def plays(hub) -> list[sa.Row]:
    with hub.engine.connect() as conn:
        return list(conn.execute(sa.select(db.plays).order_by(db.plays.c.id)))


def refusals_on_the_device_list(hub) -> dict[str, int]:
    """The refused play records of the demo screen, by reason, as the district admin sees them."""
    page = ConsoleUser(hub, "admin").get("/console/devices").text
    row = page.split('data-device="南湖区党员服务中心触摸屏"')[1].split("</tr>")[0]
    found = {}
    for part in row.split('data-reason="')[1:]:
        reason, rest = part.split('"', 1)
        found[reason] = int(rest.split("：")[1].split("<")[0])
    return found


def test_showings_are_tallied_per_screen_on_the_item_page(hub):
    paired_days_ago(hub)
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    gongshi = next(i for i in store.items() if i.title == DISTRICT_GONGSHI)
    start = at_local(-1, 9)
    for n in range(3):
        play(store, gongshi.id, start + timedelta(minutes=10 * n), 40.0)
    play(store, gongshi.id, start + timedelta(hours=1), 99999)  # a frozen screen's claim is not evidence
    assert delivery.drain(cfg, store) == 4
    assert len(plays(hub)) == 3
    page = ConsoleUser(hub, "jianduyuan").get(f"/console/items/{gongshi.id}").text
    section = page.split("屏幕展示记录")[1].split("</section>")[0]
    assert "南湖区党员服务中心触摸屏" in section and "<td>3</td>" in section
    day = start.strftime("%Y-%m-%d")
    assert "2 分 0 秒" in section and f"{day} 09:00" in section and f"{day} 09:20" in section
    assert refusals_on_the_device_list(hub) == {"too_long": 1}


def test_play_records_of_unknown_shape_are_kept_but_not_counted(hub):
    cfg = hub.device_config()
    answer = requests.post(f"{hub.url}/api/v1/outbox", timeout=10, headers={"Authorization": f"Bearer {cfg.token}"},
                           json={"records": [{"id": "p" * 32, "kind": "play", "created_at": "2026-11-27T09:00:00+08:00",
                                              "payload": {"item_id": "x", "seconds": 5}}]})
    assert answer.status_code == 200 and answer.json() == {"accepted": ["p" * 32]}
    for edge in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):  # no overflow, no 500
        assert send(hub, [{**payload(1, datetime.now(ZONE)), "started_at": edge}]).status_code == 200
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.plays)).scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(db.submissions)).scalar_one() >= 3
    assert refusals_on_the_device_list(hub) == {"unreadable": 3}


def quarter_of(day) -> dict:
    """The showing check's query for the quarter holding ``day`` (the demo's 公示 windows
    are set relative to today, so a test must not assume which quarter today is in)."""
    return {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


def test_the_showing_check_flags_each_gongshi_day_no_screen_showed(hub):
    paired_days_ago(hub)
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    shown = next(i for i in store.items() if i.title == DISTRICT_GONGSHI)
    unshown = item_id(hub, TOWN_GONGSHI)
    yesterday = datetime.now(ZONE).date() - timedelta(days=1)
    play(store, shown.id, at_local(-1, 9), 40.0)
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


# --- forged records ---------------------------------------------------------------------

def test_forged_plays_are_refused_counted_per_device_and_acknowledged(hub):
    paired_days_ago(hub)
    admin = ConsoleUser(hub, "admin")
    admin.post("/console/items", action="save", **item_form(title="梅溪村尚未发布的公示草稿"))
    admin.post("/console/items", action="publish", **item_form(
        title="梅溪村只发给青荷镇显示屏的公示", targets="青荷镇显示屏"))
    gongshi, catalogue = item_id(hub, DISTRICT_GONGSHI), item_id(hub, CATALOGUE)
    now = datetime.now(ZONE)
    forged = [
        payload(item_id(hub, PARTY_ITEM), at_local(-1, 10)),                       # 党内
        payload(item_id(hub, "梅溪村尚未发布的公示草稿"), now - timedelta(minutes=5)),  # a draft
        payload(item_id(hub, "梅溪村只发给青荷镇显示屏的公示"), now - timedelta(minutes=5)),  # aimed elsewhere
        payload(gongshi, at_local(-1, 11), version=7),                             # no such version
        payload(gongshi, now - timedelta(days=60)),                                # before pairing
        payload(gongshi, datetime(2030, 1, 1, 9, tzinfo=ZONE)),                    # in the future
        payload(catalogue, at_local(-1, 9)),                                       # honest
        payload(gongshi, at_local(-1, 9) + timedelta(seconds=20)),            # overlaps the honest one
    ]
    ids = [uuid.uuid4().hex for _ in forged]
    answer = send(hub, forged, ids=ids)
    assert answer.status_code == 200 and answer.json() == {"accepted": ids}  # refused, yet acknowledged
    assert [(p.item_id, p.version) for p in plays(hub)] == [(catalogue, 1)]
    expected = {"future": 1, "before_pairing": 1, "no_version": 2, "not_sent": 2, "overlap": 1}
    assert refusals_on_the_device_list(hub) == expected
    assert send(hub, forged, ids=ids).json() == {"accepted": ids}  # a resend is judged once
    assert refusals_on_the_device_list(hub) == expected
    page = admin.get("/console/devices").text
    assert "与同屏另一条记录时间重叠：1" in page and "不属于该终端的发布范围：2" in page


def test_forged_plays_of_a_gongshi_aimed_at_no_screen_do_not_make_it_shown(hub):
    paired_days_ago(hub)
    admin = ConsoleUser(hub, "admin")
    title = "梅溪村发给不存在分组的发展党员公示"
    admin.post("/console/items", action="publish", **item_form(
        title=title, targets="没有终端的分组", published_at=at_local(-3, 8).strftime("%Y-%m-%dT%H:%M"),
        gongshi_start=at_local(-3, 0).date().isoformat(), gongshi_end=at_local(3, 0).date().isoformat()))
    aimed_nowhere = item_id(hub, title)
    send(hub, [payload(aimed_nowhere, at_local(day, 9)) for day in (-3, -2, -1)])
    assert plays(hub) == []
    assert refusals_on_the_device_list(hub) == {"not_sent": 3}
    page = ConsoleUser(hub, "jianduyuan").get("/console/oversight/showings", **quarter_of(at_local(-1, 0))).text
    row = page.split(f'data-item-id="{aimed_nowhere}"')[1].split("</tr>")[0]
    assert 'class="flagged"' in row and "已展示 0/3 天" in row


def test_plays_outside_the_screens_org_scope_are_refused(hub):
    paired_days_ago(hub)
    ConsoleUser(hub, "admin").post("/console/devices/1", org_id=5, groups="")  # moved to 梅溪村
    send(hub, [payload(item_id(hub, HEFENG_ITEM), at_local(-1, 9)),
               payload(item_id(hub, MEIXI_ITEM), at_local(-1, 10))])
    assert [p.item_id for p in plays(hub)] == [item_id(hub, MEIXI_ITEM)]
    assert refusals_on_the_device_list(hub) == {"not_sent": 1}


def test_plays_while_a_screen_was_revoked_are_refused_after_it_is_reinstated(hub):
    paired_days_ago(hub)
    catalogue = item_id(hub, CATALOGUE)
    ConsoleUser(hub, "admin").post("/console/devices/1/revoke")
    with hub.engine.begin() as conn:
        token = devices.issue_token(conn, "南湖区党员服务中心触摸屏", org_id=1)
        screen = conn.execute(sa.select(db.devices).where(db.devices.c.id == 1)).one()
        assert screen.revoked_at is not None and screen.reinstated_at is not None and not screen.revoked
        now = datetime.now(ZONE)  # as if revoked two hours ago and reinstated an hour later
        conn.execute(db.devices.update().where(db.devices.c.id == 1).values(
            revoked_at=(now - timedelta(hours=2)).isoformat(), reinstated_at=(now - timedelta(hours=1)).isoformat()))
    send(hub, [payload(catalogue, now - timedelta(hours=3)), payload(catalogue, now - timedelta(minutes=90)),
               payload(catalogue, now - timedelta(minutes=1))], token=token)
    assert len(plays(hub)) == 2
    assert refusals_on_the_device_list(hub) == {"while_revoked": 1}


def test_a_version_is_evidence_only_from_when_it_went_live(hub):
    paired_days_ago(hub)
    admin = ConsoleUser(hub, "admin")
    admin.post("/console/items", action="publish", **item_form(title="梅溪村发展党员公示（将变更）"))
    item = item_id(hub, "梅溪村发展党员公示（将变更）")
    admin.post(f"/console/items/{item}/change", explanation="更正姓名",
               **item_form(title="梅溪村发展党员公示（将变更）", body="经支部委员会研究，拟将王莉同志列为发展对象，现予公示。"))
    now = datetime.now(ZONE)
    send(hub, [payload(item, now - timedelta(minutes=2), version=2),
               payload(item, now - timedelta(hours=2), version=2)])
    assert [(p.item_id, p.version) for p in plays(hub)] == [(item, 2)]
    assert refusals_on_the_device_list(hub) == {"not_live": 1}
