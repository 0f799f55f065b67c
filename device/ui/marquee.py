"""Text moving right to left at a steady speed in pixels per second: tickers and LED walls.

A long text is never one Label: its texture would pass the 2048-px limit of small GPUs.
It is cut into pieces (``pieces``) that travel one after another, each a Label reused from
a small pool, so a screen scrolling for months makes no new widgets. Positions are whole
pixels: on an LED wall a glyph between two pixels is a blur.

The text steps ``fps`` times a second, not on every frame: each step has Kivy redraw the
whole window, nearly free on a GPU but paid pixel by pixel on a software renderer (the
display chooses the rate in display.motion), and a fade drawing every frame meanwhile must
not make the text step more often. Each step moves by the time that really passed, so the
speed holds whatever rate the machine reaches.
"""
from __future__ import annotations

from collections import deque

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, OptionProperty
from kivy.uix.label import Label
from kivy.uix.stencilview import StencilView

from gongkai.domain.linebreak import segments

from . import theme
from .kvfiles import load_kv
from .typeset import inert

MAX_PIECE_PX = 1600
"""Widest piece texture: under the 2048-px limit with a margin for bold glyphs."""


def pieces(text: str, font_size: float) -> list[str]:
    """``text`` on one line, cut between words into pieces at most MAX_PIECE_PX wide.

    Chinese characters are about one em wide and Latin ones narrower, so a piece of
    MAX_PIECE_PX / font_size characters never passes the limit.
    """
    limit = max(1, int(MAX_PIECE_PX // font_size))
    cut: list[str] = [""]
    for segment in segments(inert(text).replace("\n", " ")):
        if cut[-1] and len(cut[-1]) + len(segment) > limit:
            cut.append("")
        cut[-1] += segment[:limit]
    return [piece for piece in cut if piece]


class MarqueePiece(Label):
    """One piece of moving text."""


class Marquee(StencilView):
    """Shows ``show(texts)``: still and centred when it fits, else scrolling through once
    (or round and round with ``repeat``); dispatches ``on_done`` after a single pass.

    Each text is cut into pieces; ``gap`` pixels separate one text from the next.
    """

    speed = NumericProperty(60.0)
    fps = NumericProperty(30.0)
    """Steps per second."""
    gap = NumericProperty(0)
    font_size = NumericProperty(theme.FONT_BODY)
    color = ColorProperty(theme.INK)
    bold = BooleanProperty(False)
    crisp = BooleanProperty(False)
    """Unsmoothed glyphs with monochrome hinting: what an LED wall's pixels can show."""
    halign = OptionProperty("center", options=["left", "center"])
    __events__ = ("on_done",)

    def __init__(self, **kwargs):
        self._pool: list[MarqueePiece] = []
        self._moving: deque[MarqueePiece] = deque()
        self._queue: deque[tuple[str, bool]] = deque()
        self._texts: list[str] = []
        self._repeat = False
        self._offset = 0.0
        self._ticker = None
        super().__init__(**kwargs)

    def show(self, texts: list[str], repeat: bool = False) -> None:
        """Put ``texts`` on the line in place of what was there: still if they fit, else scrolling."""
        self._stop()
        self._texts, self._repeat = [t for t in texts if t], repeat
        self._queue_texts()
        if self.width > 1 and self.text_width() <= self.width:
            self._show_still()
        elif self._queue:
            self._ticker = Clock.schedule_interval(self._step, 1 / self.fps)

    def text_width(self) -> float:
        """Pixels the texts take in a row, gaps included."""
        widths = [self._measure(text) for text in self._texts]
        return sum(widths) + self.gap * max(0, len(self._texts) - 1)

    def pass_seconds(self) -> float:
        """How long one pass takes: from entering at the right to leaving at the left."""
        return (self.text_width() + self.width) / self.speed if self.scrolling() else 0.0

    def scrolling(self) -> bool:
        """Whether the texts are moving (too wide to stand still)."""
        return self._ticker is not None

    def on_done(self) -> None:
        """A single pass has ended; the marquee itself has nothing more to do (bind to follow it)."""
        pass

    def _show_still(self) -> None:
        x = self.x if self.halign == "left" else self.center_x - self.text_width() / 2
        while self._queue:
            piece = self._take(self._queue.popleft()[0])
            piece.x = round(x)
            x += piece.width

    def _queue_texts(self) -> None:
        for text in self._texts:
            for n, piece in enumerate(pieces(text, self.font_size)):
                self._queue.append((piece, n == 0))

    def _step(self, dt: float) -> None:
        self._offset += self.speed * dt
        shift = int(self._offset)
        self._offset -= shift
        for piece in self._moving:
            piece.x -= shift
        while self._moving and self._moving[0].right < self.x:
            self._release(self._moving.popleft())
        self._feed()
        if not self._moving and not self._queue:
            self._stop()
            self.dispatch("on_done")

    def _feed(self) -> None:
        """Bring in the next piece once the last one has cleared the right edge (plus a gap)."""
        if not self._queue and self._repeat:
            self._queue_texts()
        while self._queue:
            text, first = self._queue[0]
            edge = self._moving[-1].right + (self.gap if first else 0) if self._moving else self.right
            if edge > self.right:
                return
            self._queue.popleft()
            self._take(text).x = edge

    def _take(self, text: str) -> MarqueePiece:
        piece = self._pool.pop() if self._pool else MarqueePiece()
        for name in ("font_size", "color", "bold"):
            setattr(piece, name, getattr(self, name))
        piece.font_blended = not self.crisp
        piece.font_hinting = "mono" if self.crisp else "normal"
        piece.text = text
        piece.texture_update()
        piece.size = piece.texture_size
        piece.center_y = self.center_y
        self.add_widget(piece)
        self._moving.append(piece)
        return piece

    def _release(self, piece: MarqueePiece) -> None:
        self.remove_widget(piece)
        self._pool.append(piece)

    def _measure(self, text: str) -> float:
        """Width by the font's metrics, without making a texture as wide as the text."""
        core = CoreLabel(font_name="Gongkai", font_size=self.font_size, bold=self.bold)
        return core.get_extents(inert(text).replace("\n", " "))[0]

    def _stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        while self._moving:
            self._release(self._moving.popleft())
        self._queue.clear()
        self._offset = 0.0

    def on_size(self, *_args) -> None:
        """Laid out or resized: start again from the new geometry."""
        if self._texts:
            self.show(self._texts, self._repeat)

    def on_pos(self, *_args) -> None:
        """Moved: start again from the new position."""
        self.on_size()


load_kv(__file__)
