"""A row of an item list (browse and search), and text with highlighted matches.

Rows are RecycleView view classes: a list of 10,000 items makes a screenful of rows and
reuses them while scrolling; only the row's strings change.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.utils import escape_markup

from gongkai.domain import rules
from gongkai.domain.model import Disclosure, Org
from gongkai.domain.search_terms import Span, spans_by_line
from gongkai.ui import wording
from gongkai.ui.kvfiles import load_kv
from gongkai.ui.text import clamp_lines, typeset
from gongkai.ui.typeset import inert

from . import controls  # noqa: F401  (Badge via gongkai.ui.text, used by rows.kv)

MAX_TITLE = 200
"""Characters of a title a row ever typesets: a hostile 1 MB title costs no more than this."""


def marked_lines(lines: Sequence[str], text: str, spans: Sequence[Span], colour: str) -> str:
    """Finished ``lines`` as Kivy markup, the ``spans`` of ``text`` bold and coloured.

    Every piece of content is escaped first, so text such as ``[color=ff0000]`` in an
    item still shows as typed.
    """
    out = []
    for line, marks in zip(lines, spans_by_line(lines, text, spans)):
        pieces, at = [], 0
        for start, end in marks:
            pieces.append(escape_markup(line[at:start]))
            pieces.append(f"[b][color={colour}]{escape_markup(line[start:end])}[/color][/b]")
            at = end
        pieces.append(escape_markup(line[at:]))
        out.append("".join(pieces))
    return "\n".join(out)


class MarkedText(Label):
    """Text typeset by 禁则 to ``wrap_width``, at most ``max_lines`` lines, matches marked."""

    source = StringProperty()
    marks = ListProperty()
    wrap_width = NumericProperty(0)
    max_lines = NumericProperty(2)
    mark_colour = StringProperty("#B71C1C")

    def __init__(self, **kwargs):
        self._retypeset = Clock.create_trigger(self._typeset, -1)
        super().__init__(**kwargs)
        self.bind(source=self._retypeset, marks=self._retypeset, wrap_width=self._retypeset,
                  font_size=self._retypeset, max_lines=self._retypeset, mark_colour=self._retypeset)

    def _typeset(self, *_args) -> None:
        shown = inert(self.source[:MAX_TITLE])
        if self.wrap_width <= 0 or not shown.strip():
            self.text = ""
            return
        lines = clamp_lines(typeset(shown, self.wrap_width, self.font_size, self.bold), int(self.max_lines))
        self.text = marked_lines(lines, shown.strip(), self.marks, self.mark_colour)


class ItemRow(ButtonBehavior, BoxLayout):
    """A RecycleView row; its fields come from ``row_data``."""

    item_id = NumericProperty(0)
    title = StringProperty()
    title_marks = ListProperty()
    snippet = StringProperty()
    snippet_marks = ListProperty()
    byline = StringProperty()
    countdown = StringProperty()
    new = BooleanProperty(False)

    def on_release(self) -> None:
        App.get_running_app().open_item(self.item_id)


def row_data(item: Disclosure, orgs: Mapping[int, Org], now: datetime, **marks) -> dict:
    """The fields of one ItemRow; ``marks`` adds search highlights and a body snippet."""
    return {"item_id": item.id, "title": item.title, "byline": wording.byline(item, orgs, now),
            "countdown": wording.countdown(item, now), "new": rules.is_new(item, now),
            "title_marks": [], "snippet": "", "snippet_marks": [], **marks}


load_kv(__file__)
