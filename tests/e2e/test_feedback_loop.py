"""The feedback loop end to end, for real: a kiosk under Xvfb shows a signed QR code, zbar
reads it from the screenshot, headless Chromium on a phone-sized viewport opens it and
submits a 点题, an admin answers and publishes it in the console, the device syncs, and the
kiosk's 回音壁 shows the answer. And a 点题 made while the hub is down arrives exactly once."""
from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import datetime

import pytest
import requests
import sqlalchemy as sa

from device import outbox
from device.store import Store
from hub.storage import db
from sync import delivery
from sync.feed import sync_once
from tests.browser import browser_page
from tests.hub.client import ConsoleUser
from tests.ui.harness import SCREENSHOT_DIR, ZONE, assert_readable, run_scenario, xvfb  # noqa: F401

PHONE = (390, 844)
QUESTION = "请公开本社区2026年党费收缴和使用情况"
ANSWER = "本社区2026年党费收缴和使用情况已于11月在党务公开栏公布，欢迎查阅。"


def decode_qr(png) -> list[str]:
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True).stdout.split()


@pytest.mark.ui
def test_qr_to_phone_to_console_to_kiosk_wall(xvfb, tmp_path, hub):
    device = hub.device_config()
    store_path = device.store_path
    store = Store(store_path)
    sync_once(device, store)
    store.close()
    kiosk = {"org_id": 1, "hub_public_url": hub.url}
    now = datetime.now(ZONE)
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk=kiosk, now=now,
                         token=device.token, steps=[{"tap": "回音壁"}, {"snap": "wall-before"}])
    url, = decode_qr(shots["wall-before"].png)
    assert url.startswith(f"{hub.url}/m/huiyin?t=1.")

    with browser_page(PHONE) as phone:
        phone.goto(url)
        phone.click("header a")
        phone.click("text=点题")
        assert "t=1." in phone.url
        phone.select_option("select[name=org_id]", "4")
        phone.select_option("select[name=category]", "3")
        phone.click("summary:has-text(\"组织建设\")")
        phone.check("input[value='党费收缴、管理和使用情况']")
        phone.fill("textarea[name=text]", QUESTION)
        phone.fill("input[name=name]", "张三")
        phone.fill("input[name=phone]", "13812345678")
        phone.screenshot(path=str(SCREENSHOT_DIR / "phone-dianti-form.png"), full_page=True)
        phone.click("button[type=submit]")
        body = phone.inner_text("main")
        assert "已提交" in body and "张*" in body and "138****5678" in body and "13812345678" not in body
        receipt = re.search(r"DT-\d{4}-\d{2}-[0-9A-Z]{8}", body).group(0)
        phone.screenshot(path=str(SCREENSHOT_DIR / "phone-dianti-receipt.png"), full_page=True)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE[0], "no sideways scrolling"

    with hub.engine.connect() as conn:
        row = conn.execute(sa.select(db.citizen_requests).where(db.citizen_requests.c.receipt == receipt)).one()
    assert row.device_id is not None and row.source == "phone" and row.org_id == 4
    editor = ConsoleUser(hub, "hefeng-bianji")
    editor.post(f"/console/inbox/{row.id}", action="answer", text=ANSWER)
    editor.post(f"/console/inbox/{row.id}", action="publish")

    with browser_page(PHONE) as phone:
        phone.goto(f"{hub.url}/m/follow/{receipt}")
        assert ANSWER in phone.inner_text("main") and "您对答复满意吗" in phone.inner_text("main")
        phone.screenshot(path=str(SCREENSHOT_DIR / "phone-follow-answered.png"), full_page=True)
        phone.goto(f"{hub.url}/m/huiyin")
        assert ANSWER in phone.inner_text("main")
        phone.screenshot(path=str(SCREENSHOT_DIR / "phone-huiyin.png"), full_page=True)

    store = Store(store_path)
    sync_once(device, store)
    store.close()
    after = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk=kiosk, now=datetime.now(ZONE),
                         token=device.token, steps=[{"tap": "回音壁"}, {"snap": "wall-after"}])
    wall = after["wall-after"]
    assert_readable(wall)
    assert wall.shows(ANSWER) and wall.shows(QUESTION) and wall.shows("张*")


def test_a_dianti_made_while_the_hub_is_down_arrives_exactly_once(hub):
    device = hub.device_config()
    store = Store(device.store_path)
    down = replace(device, hub_url="http://127.0.0.1:9")
    outbox.add(store, "dianti", {"receipt": "DT-2026-11-0FF11NE0", "org_id": 4, "category": 3,
                                 "topic": "", "text": "断网时在触摸屏上提交的点题", "name": "", "phone": ""})
    with pytest.raises(delivery.OutboxError):
        delivery.drain(down, store)
    assert outbox.depth(store) == 1
    pending, = outbox.due(store, datetime.now(ZONE) + outbox.BACKOFF_CAP * 2)
    # the hub returns and takes the record, but its answer is lost: the device sends it again
    requests.post(f"{hub.url}/api/v1/outbox", headers={"Authorization": f"Bearer {device.token}"}, timeout=10,
                  json={"records": [{"id": pending.id, "kind": pending.kind, "created_at": pending.created_at,
                                     "payload": pending.payload}]})
    assert delivery.drain(device, store, now=datetime.now(ZONE) + outbox.BACKOFF_CAP * 2) == 1
    assert outbox.depth(store) == 0
    with hub.engine.connect() as conn:
        filed = conn.execute(sa.select(db.citizen_requests.c.receipt).where(
            db.citizen_requests.c.text == "断网时在触摸屏上提交的点题")).scalars().all()
    assert filed == ["DT-2026-11-0FF11NE0"]
    store.close()
