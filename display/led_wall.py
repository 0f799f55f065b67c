"""The LED wall: one or two lines of crisp, high-contrast text in a fixed HDMI region.

A short notice that fits the wall stands still as a page (its headline above its text
when each fits a line); anything longer scrolls at the configured speed — with two
lines, the headline stays above (or loops, if too wide) while the text runs below.
Glyphs are drawn unsmoothed at a multiple of 8 pixels, the sizes LED controller fonts
use, so strokes land on whole LEDs: as large as a line allows, but never so large that a
line holds fewer than 12 characters (16-dot glyphs on a 192-px wall, 32 on 384, 64 on 768).
"""
from __future__ import annotations

from datetime import datetime

from kivy.properties import ColorProperty, NumericProperty
from kivy.uix.boxlayout import BoxLayout

from device.ui import marquee  # noqa: F401  (Marquee, used by led_wall.kv)
from device.ui.kvfiles import load_kv
from device.ui.typeset import break_lines
from device.ui.wording import NO_CONTENT
from gongkai.domain.model import Org
from gongkai.domain.playlist import Slide
from gongkai.domain.rotation import Pacing

from . import wording
from .settings import DisplaySettings

LED_COLOURS = {"red": (1, 0, 0, 1), "yellow": (1, 0.86, 0, 1), "green": (0, 1, 0.2, 1),
               "white": (1, 1, 1, 1)}
FONT_STEP = 8
MIN_FONT = 16
"""The smallest CJK font an LED wall can draw legibly: 16×16 dots."""
MIN_LINE_CHARS = 12
"""A line shows a phrase, not a word: read in words as it runs, and a short notice fits
still on two lines. Glyphs filling a 2:1 wall's half height would leave four to a line."""
ROW_PITCH = 1.5
"""Row height in glyph sizes: the glyph and its leading, rows kept together as one block."""


def led_font_size(wall_width: float, row_height: float) -> int:
    """The largest multiple of 8 px that fits a row with a pixel or two to spare and puts
    at least MIN_LINE_CHARS characters on a line."""
    fits = min(row_height * 0.9, wall_width / MIN_LINE_CHARS)
    return max(MIN_FONT, int(fits) // FONT_STEP * FONT_STEP)


class LedWall(BoxLayout):
    """The LED stage (see conductor.Stage): ``led_lines`` rows of moving or still text,
    stepping ``step_rate`` times a second; unlit LEDs are black."""

    background = (0, 0, 0, 1)
    colour = ColorProperty(LED_COLOURS["red"])
    font_size = NumericProperty(MIN_FONT)

    def __init__(self, settings: DisplaySettings, step_rate: float, **kwargs):
        self.settings = settings
        super().__init__(**kwargs)
        self.colour = LED_COLOURS[settings.led_colour]
        self.rows = [LedRow(speed=settings.scroll_speed, fps=step_rate) for _ in range(settings.led_lines)]
        for row in self.rows:
            self.bind(font_size=row.setter("font_size"), colour=row.setter("color"))
            row.font_size, row.color = self.font_size, self.colour
            self.add_widget(row)
        self.fader = self
        self._still_chars: int | None = None

    def on_size(self, *_args) -> None:
        """Size the glyphs for the wall; the rows stay together as one block in its middle."""
        self.font_size = led_font_size(self.width, self.height / len(self.rows))
        for row in self.rows:
            row.height = self.font_size * ROW_PITCH
        self.padding = [0, max(0, (self.height - self.font_size * ROW_PITCH * len(self.rows)) / 2)]

    def show_slide(self, slide: Slide, orgs: dict[int, Org], now: datetime, position: str) -> None:
        """Put a slide on the wall: still if it fits the rows, else scrolling, the headline kept
        above the text when there are two rows."""
        headline = wording.led_headline(slide)
        text = wording.led_text(slide, now, self._max_chars())
        whole = f"{headline}　{text}"
        still = next((lines for lines in (self._lines(headline, text), self._lines(whole))
                      if len(lines) <= len(self.rows)), None)
        if still is not None:
            self._show_still(still)
            self._still_chars = len(whole)
        elif len(self.rows) == 2:
            self.rows[0].show([headline], repeat=True)
            self.rows[1].show([text])
            self._still_chars = None
        else:
            self.rows[0].show([whole])
            self._still_chars = None

    def show_empty(self) -> None:
        """Nothing on show: the wall says so, standing still."""
        self._show_still([NO_CONTENT])
        self._still_chars = 0

    def show_rest(self) -> None:
        """A sleeping LED wall is dark: every LED off is what "off" looks like on a wall."""
        self._show_still([])
        self._still_chars = 0

    def next_page(self) -> bool:
        """A wall has no pages to turn: its slide ends when its text has passed."""
        return False

    def pages_shown(self) -> int:
        """Pages of the slide shown, for the play record: always one on a wall."""
        return 1

    def hold_seconds(self, pacing: Pacing) -> float:
        """A still page for its reading time; scrolling text for one pass of the last row."""
        if self._still_chars is not None:
            return pacing.seconds(self._still_chars)
        return self.rows[-1].pass_seconds()

    def set_headlines(self, titles: list[str]) -> None:
        """An LED wall has no ticker: its running text is the slide itself."""

    def _lines(self, *parts: str) -> list[str]:
        """``parts`` broken into the wall's lines, measured bold as the rows draw them."""
        return [line for part in parts if part
                for line in break_lines(part, self.width, self.font_size, bold=True)]

    def _show_still(self, lines: list[str]) -> None:
        for n, row in enumerate(self.rows):
            row.show([lines[n]] if n < len(lines) else [])

    def _max_chars(self) -> int:
        """As much text as scrolls past within the longest slide time."""
        travel = self.settings.pacing.max_seconds * self.settings.scroll_speed - self.width
        return max(20, int(travel // self.font_size))


class LedRow(marquee.Marquee):
    """One line of the wall."""


load_kv(__file__)
