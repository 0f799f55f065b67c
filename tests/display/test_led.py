"""LED walls without a window: glyph sizes for the walls we ship to, and what their lines say."""
from __future__ import annotations

import os

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

import pytest  # noqa: E402

from display.led_wall import MIN_FONT, led_font_size  # noqa: E402
from display.wording import led_headline, led_text  # noqa: E402
from gongkai.domain import rules  # noqa: E402
from gongkai.domain.playlist import Slide, SlideKind  # noqa: E402
from hub.demo.content import build  # noqa: E402
from tests.ui.harness import NOW  # noqa: E402


@pytest.mark.parametrize("size, lines, font", [
    ((192, 64), 2, 16), ((384, 192), 2, 32), ((768, 384), 2, 64),   # 12 characters a line
    ((384, 64), 1, 32), ((192, 32), 1, 16), ((1536, 64), 1, 56),     # short walls: the row decides
    ((128, 32), 2, MIN_FONT),
])
def test_led_glyphs_are_whole_multiples_of_8_px_with_a_dozen_to_a_line(size, lines, font):
    width, height = size
    assert led_font_size(width, height / lines) == font


def items():
    return build(NOW.date(), NOW.tzinfo).items


def test_an_led_line_does_not_repeat_what_the_headline_tag_says():
    item = next(i for i in items() if i.time_limit.value == "standing")
    urgent = Slide(item, SlideKind.URGENT)
    assert led_headline(urgent).startswith("【紧急通知】")
    assert not led_text(urgent, NOW, 200).startswith("紧急")
    gongshi = next(i for i in items() if rules.gongshi_countdown(i, NOW.date()))
    assert led_text(Slide(gongshi, SlideKind.GONGSHI), NOW, 200).startswith(
        rules.gongshi_countdown(gongshi, NOW.date()))
