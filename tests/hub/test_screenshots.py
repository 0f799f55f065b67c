"""Remote screenshots against a real hub: an admin asks, the device's next signed feed page
carries the request, the device's picture is kept and shown on the device page; other
orgs' staff can neither ask nor look; garbage and oversized pictures are refused, never a 5xx."""
from __future__ import annotations

import base64
import io
import re
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timezone

import pytest
import requests
import sqlalchemy as sa
from PIL import Image, ImageDraw

from device import outbox, screenshots
from device.store import Store
from gongkai.domain.screenshots import KEEP_PER_DEVICE
from gongkai.protocol import MAX_SCREENSHOT_BYTES
from hub.demo.district import DEMO_DEVICE_NAME
from hub.storage import db
from sync.delivery import drain
from sync.feed import sync_once
from sync.service import heartbeat_job
from tests.browser import browser_page
from tests.hub.client import ConsoleUser
from tests.hub.test_console_browser import SHOTS, log_in

CAPTURED = datetime(2026, 11, 29, 12, 54, tzinfo=timezone.utc)
"""20:54 in the district (UTC+8)."""


def device_id(hub) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.devices.c.id).where(db.devices.c.name == DEMO_DEVICE_NAME)).scalar_one()


def kept(hub) -> list[sa.Row]:
    with hub.engine.connect() as conn:
        return list(conn.execute(sa.select(db.device_screenshots).order_by(db.device_screenshots.c.id)))


def window_pixels(text_colour=(200, 30, 30)) -> tuple[bytes, tuple[int, int]]:
    """A 1920×1080 "window" with a red title bar, as raw RGB rows."""
    image = Image.new("RGB", (1920, 1080), (250, 246, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1920, 160), fill=text_colour)
    draw.rectangle((100, 300, 1800, 900), outline=(20, 20, 20), width=12)
    return image.tobytes(), image.size


def send_screenshot(hub, store: Store, reason: str = "request", captured_at: datetime = CAPTURED) -> None:
    """What the screen app does once asked: a JPEG of its window, queued and delivered."""
    pixels, size = window_pixels()
    screenshots.queue(store, screenshots.jpeg(pixels, size), reason, captured_at)
    assert drain(hub.device_config(), store) == 1


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "device.db")
    yield opened
    opened.close()


def test_an_admin_asks_and_the_next_signed_page_carries_the_request(hub, store):
    sync_once(hub.device_config(), store)
    assert screenshots.wanted(store) is None
    page = ConsoleUser(hub, "admin").post(f"/console/devices/{device_id(hub)}/screenshot")
    assert page.status_code == 200 and "已请求截图" in page.text and "等待终端上传" in page.text

    sync_once(hub.device_config(), store)
    assert screenshots.wanted(store) == "request"
    store.set_meta(screenshots.WANTED, None)
    sync_once(hub.device_config(), store)
    assert screenshots.wanted(store) is None, "one request is answered once, however many pages name it"

    send_screenshot(hub, store)
    [shot] = kept(hub)
    assert (shot.width, shot.height, shot.reason, shot.media_type) == (960, 540, "request", "image/jpeg")
    assert datetime.fromisoformat(shot.captured_at) == CAPTURED
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.devices.c.screenshot_requested_at)
                            .where(db.devices.c.id == device_id(hub))).scalar_one() is None

    admin = ConsoleUser(hub, "admin")
    device_page = admin.get(f"/console/devices/{device_id(hub)}").text
    assert "终端截图时间：2026年11月29日 20:54" in device_page and "等待终端上传" not in device_page
    src = re.search(r'<img src="([^"]+)"', device_page).group(1)
    image = admin.get(src)
    assert image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (960, 540)


def test_the_hub_keeps_only_a_few_screenshots_per_device_and_each_once(hub, store):
    for minute in range(KEEP_PER_DEVICE + 2):
        send_screenshot(hub, store, "heartbeat", CAPTURED.replace(minute=minute))
    shots = kept(hub)
    assert len(shots) == KEEP_PER_DEVICE
    assert [datetime.fromisoformat(s.captured_at).minute for s in shots] == [2, 3, 4]


def test_only_the_latest_screenshot_waits_in_the_device_queue(store):
    pixels, size = window_pixels()
    for _ in range(3):
        screenshots.queue(store, screenshots.jpeg(pixels, size), "heartbeat", CAPTURED)
    assert [p.kind for p in outbox.due(store, datetime.now(timezone.utc))] == ["screenshot"]


def test_every_nth_heartbeat_asks_for_a_screenshot(hub, tmp_path):
    config = replace(hub.device_config(), store_path=tmp_path / "device.db", screenshot_every_heartbeats=3)
    wishes = []
    for _ in range(6):
        heartbeat_job(config)
        with closing(Store(config.store_path)) as store:
            wishes.append(screenshots.wanted(store))
            store.set_meta(screenshots.WANTED, None)
    assert wishes == [None, None, "heartbeat", None, None, "heartbeat"]


def test_asking_again_gets_a_new_picture_even_if_the_last_was_lost(hub, store):
    admin = ConsoleUser(hub, "admin")
    admin.post(f"/console/devices/{device_id(hub)}/screenshot")
    sync_once(hub.device_config(), store)
    store.set_meta(screenshots.WANTED, None)  # captured, but the picture never arrived
    admin.post(f"/console/devices/{device_id(hub)}/screenshot")
    sync_once(hub.device_config(), store)
    assert screenshots.wanted(store) == "request"


@pytest.mark.parametrize("user", ["meixi-bianji", "hefeng-bianji"])
def test_another_orgs_staff_can_neither_ask_nor_look(hub, store, user):
    send_screenshot(hub, store)
    shot = kept(hub)[0]
    other = ConsoleUser(hub, user)
    assert other.post(f"/console/devices/{device_id(hub)}/screenshot").status_code == 403
    assert other.get(f"/console/devices/{device_id(hub)}").status_code == 403
    assert other.get(f"/console/devices/{device_id(hub)}/screenshots/{shot.id}").status_code == 403
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.devices.c.screenshot_requested_at)).scalars().all() == [None]


def test_an_editor_above_the_screen_may_ask_and_a_supervisor_only_look(hub):
    assert "已请求截图" in ConsoleUser(hub, "qu-bianji").post(f"/console/devices/{device_id(hub)}/screenshot").text
    supervisor = ConsoleUser(hub, "jianduyuan")
    assert "请求截图</button>" not in supervisor.get(f"/console/devices/{device_id(hub)}").text
    assert supervisor.post(f"/console/devices/{device_id(hub)}/screenshot").status_code == 403


def png_of(size: tuple[int, int]) -> str:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 0, 0)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.mark.parametrize("image", [
    "bm90IGFuIGltYWdl",                                    # base64 of "not an image"
    "%%% not base64 %%%",
    png_of((4000, 10)),                                    # wider than any screenshot
    png_of((960, 540))[:2000],                             # cut off
    base64.b64encode(b"GIF89a" + b"\0" * 100).decode(),    # neither JPEG nor PNG
], ids=["garbage", "not-base64", "too-wide", "truncated", "gif"])
def test_a_picture_that_is_not_a_screenshot_is_acknowledged_but_not_kept(hub, image):
    answer = post_screenshot(hub, {"image": image, "media_type": "image/png", "reason": "request"})
    assert answer.status_code == 200 and answer.json()["accepted"] == ["shot-0001"]
    assert kept(hub) == []


def test_an_oversized_screenshot_is_refused_whole(hub):
    answer = post_screenshot(hub, {"image": "A" * (MAX_SCREENSHOT_BYTES * 2), "reason": "request"})
    assert answer.status_code == 400 and "payload larger than" in answer.json()["error"]
    assert kept(hub) == []


def post_screenshot(hub, payload: dict) -> requests.Response:
    config = hub.device_config()
    return requests.post(f"{hub.url}/api/v1/outbox", timeout=10, headers={"Authorization": f"Bearer {config.token}"},
                         json={"records": [{"id": "shot-0001", "kind": "screenshot",
                                            "created_at": CAPTURED.isoformat(), "payload": payload}]})


def test_the_device_page_shows_the_screenshot_in_chromium(hub, store):
    SHOTS.mkdir(exist_ok=True)
    with browser_page() as page:
        log_in(page, hub, "admin")
        page.goto(f"{hub.url}/console/devices")
        page.click(f"a:has-text('{DEMO_DEVICE_NAME}')")
        page.click("button:has-text('请求截图')")
        assert "等待终端上传" in page.locator("[data-pending]").inner_text()
        sync_once(hub.device_config(), store)
        send_screenshot(hub, store, screenshots.wanted(store))
        page.reload()
        page.wait_for_selector("figure img")
        assert page.locator("figure img").evaluate("img => img.naturalWidth") == 960
        assert "2026年11月29日 20:54" in page.locator("[data-captured]").inner_text()
        page.screenshot(path=str(SHOTS / "console-device-screenshot.png"), full_page=True)
