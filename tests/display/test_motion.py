"""How often moving text steps: as configured on a GPU, rationed by pixels on a software renderer."""
from __future__ import annotations

import pytest

from display import settings
from display.motion import MIN_RATE, software, step_rate

HUB = "https://hub.example.cn"
LLVMPIPE = "llvmpipe (LLVM 15.0.6, 256 bits)"
GPUS = ["V3D 4.2", "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "AMD Radeon Vega 8 Graphics"]


@pytest.mark.parametrize("renderer", GPUS)
def test_a_gpu_steps_at_the_configured_rate_whatever_the_size(renderer):
    assert not software(renderer)
    assert step_rate(30, (3840, 2160), renderer) == 30
    assert step_rate(60, (384, 192), renderer) == 60


@pytest.mark.parametrize("renderer", [LLVMPIPE, "softpipe", "Software Rasterizer"])
def test_a_software_renderer_steps_a_1080p_screen_every_other_frame(renderer):
    assert software(renderer)
    assert step_rate(30, (1920, 1080), renderer) == 15
    assert step_rate(30, (1080, 1920), renderer) == 15


def test_small_led_walls_keep_their_rate_on_a_software_renderer():
    for size in [(192, 64), (384, 192), (768, 384)]:
        assert step_rate(30, size, LLVMPIPE) == 30


def test_a_huge_software_window_still_moves_at_the_minimum_rate():
    assert step_rate(30, (7680, 4320), LLVMPIPE) == MIN_RATE


def test_scroll_fps_is_a_checked_setting():
    assert settings.parse({}, HUB).scroll_fps == 30
    assert settings.parse({"scroll_fps": 20}, HUB).scroll_fps == 20
    for bad in (0, 31, True, "30"):
        with pytest.raises(settings.ConfigError, match="display.scroll_fps"):
            settings.parse({"scroll_fps": bad}, HUB)
