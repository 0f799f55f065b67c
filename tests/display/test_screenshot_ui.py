"""A screen asked for a screenshot, run for real under Xvfb: at its next store poll it captures
its own window and queues a small JPEG that shows what the screen shows."""
from __future__ import annotations

import base64
import io
from datetime import datetime, timedelta

import pytest
from PIL import Image, ImageChops, ImageStat

from device import outbox, screenshots
from device.store import Store
from gongkai.protocol import MAX_SCREENSHOT_BYTES, MAX_SCREENSHOT_WIDTH
from tests.display.test_display_ui import CUT
from tests.ui.harness import LANDSCAPE, NOW, PORTRAIT, assert_not_blank, run_scenario, xvfb  # noqa: F401

pytestmark = pytest.mark.ui
POLL_WAIT = 4.0
"""Long enough for the app's first store poll (device.ui.screen_app.POLL_SECONDS, 3 s) and a frame."""


@pytest.mark.parametrize(("app", "size"), [("display", LANDSCAPE), ("kiosk", PORTRAIT)])
def test_a_pending_request_makes_the_screen_send_its_own_window(xvfb, tmp_path, store_path, app, size):
    store = Store(store_path)
    store.set_meta(screenshots.WANTED, "request")
    store.close()
    shots = run_scenario(xvfb, tmp_path, app=app, store_path=store_path, size=size, display=CUT,
                         steps=[{"wait": POLL_WAIT}, {"snap": "shown"}])

    store = Store(store_path)
    try:
        [record] = [p for p in outbox.due(store, datetime.max.replace(tzinfo=NOW.tzinfo)) if p.kind == "screenshot"]
        assert screenshots.wanted(store) is None, "the wish is settled once the picture is queued"
    finally:
        store.close()
    assert record.payload["reason"] == "request"
    assert NOW <= datetime.fromisoformat(record.created_at) < NOW + timedelta(minutes=1), "on the screen's clock"
    data = base64.b64decode(record.payload["image"])
    assert len(data) <= MAX_SCREENSHOT_BYTES
    sent = Image.open(io.BytesIO(data))
    assert sent.format == "JPEG" and sent.width == MAX_SCREENSHOT_WIDTH
    assert sent.height == round(size[1] * MAX_SCREENSHOT_WIDTH / size[0])
    sent_png = tmp_path / f"{app}-sent.png"
    sent.convert("RGB").save(sent_png)
    assert_not_blank(sent_png)

    shown = Image.open(shots["shown"].png).convert("RGB").resize(sent.size, Image.LANCZOS)
    header = (0, 0, sent.width, sent.height // 4)
    assert mean_difference(sent.convert("RGB").crop(header), shown.crop(header)) < 8, \
        "the sent picture shows the screen's heading and title, as the app's own screenshot does"
    assert mean_difference(sent.convert("RGB"), Image.new("RGB", sent.size, shown.getpixel((5, 5)))) > 8


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """The mean per-channel difference of two same-sized pictures, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3
