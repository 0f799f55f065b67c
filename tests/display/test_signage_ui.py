"""Signage under Xvfb: LCD slides with QR code and ticker, LED walls at three sizes, the watchdog."""
from __future__ import annotations

import shutil
import socket
import subprocess

import pytest
from PIL import Image

from display.settings import parse
from tests.display.conftest import add_urgent_notice, on_screen
from tests.ui.harness import LANDSCAPE, PORTRAIT, assert_readable, run_scenario, xvfb  # noqa: F401

pytestmark = pytest.mark.ui
HUB = "https://dwgk.example.cn"
LED_SIZES = [(192, 64), (384, 192), (768, 384)]


def first_on_screen(store_path):
    return on_screen(store_path)[0]


def decode_qr(png) -> list[str]:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    return done.stdout.split()


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_an_lcd_slide_carries_a_qr_code_to_the_item_and_a_ticker_of_headlines(xvfb, tmp_path,
                                                                              store_path, size):
    first = first_on_screen(store_path)
    titles = {item.title for item in on_screen(store_path)}
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=size,
                         display={"hub_public_url": HUB},
                         steps=[{"wait": 2}, {"snap": "lcd"}])
    slide = shots["lcd"]
    # The ticker's headlines run in from the window's edge: only they may stick out of it.
    slide.overflowing = [text for text in slide.overflowing if text not in titles]
    assert_readable(slide, min_font_size=30)
    assert slide.shows(first.title) and slide.shows("扫码用手机阅读")
    assert decode_qr(slide.png) == [parse({}, HUB).item_url(first.id)]
    assert sum(text == first.title for text in slide.texts) == 2    # on the slide and in the ticker


@pytest.mark.parametrize("size", LED_SIZES, ids=[f"{w}x{h}" for w, h in LED_SIZES])
def test_an_led_wall_fills_its_exact_region_with_crisp_lit_text(xvfb, tmp_path, store_path, size):
    geometry = f"{size[0]}x{size[1]}+0+0"
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=size,
                         display={"mode": "led", "led_geometry": geometry, "scroll_speed": size[0] // 2},
                         steps=[{"wait": 2.5}, {"snap": f"led-{size[0]}x{size[1]}"}])
    shot = shots[f"led-{size[0]}x{size[1]}"]
    assert tuple(shot.window) == size
    assert_lit(shot.png)
    first = first_on_screen(store_path)
    headline = f"【{first.category.label}】{first.title}"
    assert any(text in headline for text in shot.texts), shot.texts


@pytest.mark.parametrize("size", LED_SIZES, ids=[f"{w}x{h}" for w, h in LED_SIZES])
def test_a_short_notice_stands_still_on_an_led_wall_headline_above_text(xvfb, tmp_path, store_path, size):
    add_urgent_notice(store_path, "今日停水", "14时至18时停水")
    name = f"led-still-{size[0]}x{size[1]}"
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=size,
                         display={"mode": "led", "led_geometry": f"{size[0]}x{size[1]}+0+0"},
                         steps=[{"snap": name}, {"wait": 1}, {"snap": f"{name}-later"}])
    shot = shots[name]
    assert shot.texts == ["【紧急通知】今日停水", "14时至18时停水"]
    assert not shot.overflowing
    assert_lit(shot.png, low=0.02)
    with Image.open(shot.png) as first, Image.open(shots[f"{name}-later"].png) as later:
        assert first.tobytes() == later.tobytes(), "a still page does not move"


def test_a_one_line_led_wall_scrolls_title_and_text_together(xvfb, tmp_path, store_path):
    shots = run_scenario(xvfb, tmp_path, app="display", store_path=store_path, size=(384, 64),
                         display={"mode": "led", "led_geometry": "384x64+0+0", "led_lines": 1,
                                  "led_colour": "yellow", "scroll_speed": 200},
                         steps=[{"wait": 2.5}, {"snap": "led-one-line"}])
    assert_lit(shots["led-one-line"].png)


def test_the_display_beats_the_systemd_watchdog_from_the_ui_thread(xvfb, tmp_path, store_path):
    address = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(address))
        listener.settimeout(0)
        run_scenario(xvfb, tmp_path, app="display", store_path=store_path,
                     env_extra={"NOTIFY_SOCKET": str(address), "WATCHDOG_USEC": "1000000"},
                     steps=[{"wait": 2.5}])
        messages = []
        while True:
            try:
                messages.append(listener.recv(64).decode())
            except BlockingIOError:
                break
    assert messages[0] == "READY=1"
    assert messages.count("WATCHDOG=1") >= 3


def assert_lit(png, low: float = 0.03, high: float = 0.6) -> None:
    """An LED wall shows lit glyphs on black: a fair share of pixels on, most off."""
    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(1 << 24)
    lit = sum(n for n, rgb in colours if max(rgb) > 128) / sum(n for n, _ in colours)
    assert low <= lit <= high, f"{png}: {lit:.1%} of the wall is lit"
