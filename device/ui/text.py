"""Widgets that put disclosure text on screen, and the pure helpers behind them.

All content text reaches the screen through here: made inert (typeset.inert), broken into
lines by 禁则 (typeset.break_lines) and shown by Labels with markup off that never wrap
again on their own. Each Label holds no more lines than fit MAX_TEXTURE_HEIGHT, so no
texture grows past the 2048-px limit of small GPUs.
"""
from __future__ import annotations

from functools import lru_cache

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from . import theme
from .kvfiles import load_kv
from .typeset import break_lines, inert

MAX_TEXTURE_HEIGHT = 1800
"""Tallest Label texture we make: under the 2048 px small GPUs allow, with a margin."""
ELLIPSIS = "…"


INDENT = "\u3000\u3000"
"""Body paragraphs open with a two-character indent (首行缩进), as Chinese documents do."""


def typeset(text: str, width: float, font_size: float, bold: bool = False,
            indent: bool = False) -> list[str]:
    """``text`` as finished lines for ``width`` px; a blank line separates paragraphs."""
    lines: list[str] = []
    for paragraph in inert(text).replace("\r\n", "\n").split("\n"):
        if not paragraph.strip():
            continue
        if lines:
            lines.append("")
        opening = INDENT if indent else ""
        lines.extend(break_lines(opening + paragraph.strip(), width, font_size, bold))
    return lines


def clamp_lines(lines: list[str], max_lines: int) -> list[str]:
    """At most ``max_lines`` lines, the last one ending in … when text was cut."""
    if max_lines <= 0 or len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = kept[-1][:-1] + ELLIPSIS
    return kept


def paragraph_chunks(lines: list[str], max_lines: int) -> list[list[str]]:
    """Group lines into paragraphs (split at blank lines), none longer than ``max_lines``."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if not line or len(chunks[-1]) >= max_lines:
            chunks.append([])
        if line:
            chunks[-1].append(line)
    return [chunk for chunk in chunks if chunk]


@lru_cache(maxsize=32)
def line_pitch(font_size: float, line_height: float = theme.LINE_HEIGHT) -> float:
    """The height one line of text takes, for fitting lines into a given height."""
    core = CoreLabel(font_name="Gongkai", font_size=font_size)
    return core.get_extents("国")[1] * line_height


class Paragraph(Label):
    """One paragraph (or part of one), already broken into lines."""


class ContentLabel(Label):
    """A single line of content text (an org name, a date); cut with … when too long."""

    content = StringProperty()


class Badge(Label):
    """A coloured tag for what a passer-by must not miss, such as a 公示 countdown."""


class LinesView(BoxLayout):
    """Finished lines shown as stacked paragraph Labels, reused from one text to the next."""

    lines = ListProperty()
    font_size = NumericProperty(theme.FONT_BODY)
    bold = BooleanProperty(False)
    color = ColorProperty(theme.INK)
    line_height = NumericProperty(theme.LINE_HEIGHT)

    def __init__(self, **kwargs):
        self._labels: list[Paragraph] = []
        super().__init__(**kwargs)
        self.bind(font_size=self.on_lines, line_height=self.on_lines)

    def on_lines(self, *_args) -> None:
        """Reuse the Labels already made, so a screen running for months does not grow."""
        per_label = max(1, int(MAX_TEXTURE_HEIGHT // line_pitch(self.font_size, self.line_height)))
        chunks = paragraph_chunks(self.lines, per_label)
        while len(self._labels) < len(chunks):
            self._labels.append(self._new_label())
        for n, label in enumerate(self._labels):
            label.text = "\n".join(chunks[n]) if n < len(chunks) else ""
            if n < len(chunks) and label.parent is None:
                self.add_widget(label)
            elif n >= len(chunks) and label.parent is not None:
                self.remove_widget(label)

    def _new_label(self) -> Paragraph:
        label = Paragraph()
        for name in ("font_size", "bold", "color", "line_height"):
            setattr(label, name, getattr(self, name))
            self.bind(**{name: label.setter(name)})
        return label


class TextBlock(LinesView):
    """Raw text typeset to the block's own width, again whenever the width changes."""

    text = StringProperty()
    max_lines = NumericProperty(0)
    indent = BooleanProperty(False)

    def __init__(self, **kwargs):
        self._retypeset = Clock.create_trigger(self._typeset, -1)
        super().__init__(**kwargs)
        self.bind(text=self._retypeset, width=self._retypeset, font_size=self._retypeset,
                  bold=self._retypeset, max_lines=self._retypeset, indent=self._retypeset)

    def _typeset(self, *_args) -> None:
        width = self.width - self.padding[0] - self.padding[2]
        lines = typeset(self.text, width, self.font_size, self.bold, self.indent) if width > 0 else []
        self.lines = clamp_lines(lines, int(self.max_lines))


load_kv(__file__)
