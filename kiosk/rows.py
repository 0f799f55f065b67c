"""A row of an item list (browse and search), the layout that stacks them, and text with
highlighted matches.

Rows are RecycleView view classes: a list of 10,000 items makes a screenful of rows and
reuses them while scrolling. A list's data holds each item as it is; a row words its
byline and countdown only when it comes into view, so a long list costs no formatting
for the rows nobody scrolls to.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty, VariableListProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.recyclelayout import RecycleLayout
from kivy.uix.recycleview.views import RecycleDataViewBehavior
from kivy.utils import escape_markup

from device.ui import wording
from device.ui.kvfiles import load_kv
from device.ui.text import clamp_lines, typeset
from device.ui.typeset import inert
from gongkai.domain import rules
from gongkai.domain.model import Disclosure, Org
from gongkai.domain.search_terms import Span, spans_by_line

from . import controls  # noqa: F401  (Badge via device.ui.text, used by rows.kv)

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


class ItemRow(RecycleDataViewBehavior, ButtonBehavior, BoxLayout):
    """A RecycleView row; its data comes from ``row_data``."""

    item_id = NumericProperty(0)
    title = StringProperty()
    title_marks = ListProperty()
    snippet = StringProperty()
    snippet_marks = ListProperty()
    byline = StringProperty()
    countdown = StringProperty()
    new = BooleanProperty(False)

    def refresh_view_attrs(self, rv, index, data) -> None:
        """Word the item as the row comes into view (see the module docstring)."""
        item, now = data["item"], data["now"]
        self.item_id, self.title = item.id, item.title
        self.byline = wording.byline(item, data["orgs"], now)
        self.countdown = wording.countdown(item, now)
        self.new = rules.is_new(item, now)
        self.title_marks = data.get("title_marks", [])
        self.snippet = data.get("snippet", "")
        self.snippet_marks = data.get("snippet_marks", [])

    def on_release(self) -> None:
        """A tap opens the item."""
        App.get_running_app().open_item(self.item_id)


def row_data(item: Disclosure, orgs: Mapping[int, Org], now: datetime, **marks) -> dict:
    """One ItemRow's data; ``marks`` adds search highlights and a body snippet.

    Nothing is worded here: a list of 10,000 builds 10,000 of these small dicts.
    """
    return {"item": item, "orgs": orgs, "now": now, **marks}


class UniformRows(RecycleLayout):
    """A RecycleView layout for rows of one height, stacked top down at full width.

    Kivy's RecycleBoxLayout keeps sizing options for every row and finds the rows in view
    by a linear scan, so a list of 10,000 costs a pass over all of them whenever its data
    changes and, near its end, on every scrolled frame. With one row height, where row n
    sits is arithmetic: a list costs the same at 10 items or 10,000.
    """

    row_height = NumericProperty(100)
    spacing = NumericProperty(0)
    padding = VariableListProperty([0, 0, 0, 0])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._count = 0
        self.view_opts = _RowOpts(self)
        for name in ("width", "row_height", "spacing", "padding"):
            self.fbind(name, self._catch_layout_trigger)

    def compute_sizes_from_data(self, data, flags) -> None:
        """New data: only the count of rows matters, every row being the same size."""
        self.clear_layout()
        self._count = len(data)

    def compute_layout(self, data, flags) -> None:
        """Size the list for its rows and put the rows in view in their places."""
        self._size_needs_update = False
        self.height = self._height_for(self._count)
        for widget, index in self.view_indices.items():
            widget.pos, widget.size = self.row_pos(index), self.row_size()

    def _height_for(self, count: int) -> float:
        _, top, _, bottom = self.padding
        return top + bottom + count * self.row_height + max(count - 1, 0) * self.spacing

    def replace_rows(self, data: list[dict]) -> None:
        """Show ``data`` (row_data dicts) instead, keeping the reader's place.

        Sync may add, change or remove items above the rows being read; keeping scroll_y
        would move them under the reader's eyes. Instead the first row in view that is
        still listed stays at the same height on screen. A reader at the very top stays
        there, where new items appear.
        """
        view = self.recycleview
        kept = self._rows_in_view(view) if view.scroll_y < 1 else []
        view.data = data
        places = {row["item"].id: n for n, row in enumerate(data)}
        for item_id, into in kept:
            if item_id in places:
                hidden = self.padding[1] + places[item_id] * self._step() + into
                view.scroll_y = _scroll_y_for(hidden, self._height_for(len(data)), view.height)
                return

    def _rows_in_view(self, view) -> list[tuple[int, float]]:
        """(item id, pixels of the row above the view's top edge) for each row in view, top down."""
        hidden = (1 - view.scroll_y) * max(self.height - view.height, 0)
        first = int(max(hidden - self.padding[1], 0) // self._step())
        last = min(int((hidden + view.height) // self._step()), self._count - 1)
        return [(view.data[n]["item"].id, hidden - self.padding[1] - n * self._step())
                for n in range(first, last + 1)]

    def _step(self) -> float:
        return self.row_height + self.spacing

    def row_pos(self, index: int) -> list[float]:
        """Where row ``index`` sits, counted from the top."""
        left, top = self.padding[0], self.padding[1]
        return [self.x + left, self.top - top - self.row_height - index * self._step()]

    def row_size(self) -> list[float]:
        """The size of every row: full width less the padding, one row high."""
        return [max(self.width - self.padding[0] - self.padding[2], 0), self.row_height]

    def get_view_index_at(self, pos) -> int:
        """The row at ``pos`` (layout coordinates), clamped to the list."""
        from_top = self.top - self.padding[1] - pos[1]
        index = int(from_top // self._step())
        return min(max(index, 0), max(self._count - 1, 0))

    def compute_visible_views(self, data, viewport) -> list[int]:
        """The indexes of the rows within ``viewport``, found by arithmetic, not a scan."""
        if not self._count:
            return []
        x, y, w, h = viewport
        first, last = self.get_view_index_at((x, y + h)), self.get_view_index_at((x, y))
        return list(range(first, last + 1))


def _scroll_y_for(hidden: float, content_height: float, view_height: float) -> float:
    """The scroll_y that hides ``hidden`` pixels of the content above the view."""
    scrollable = content_height - view_height
    return 1.0 if scrollable <= 0 else min(max(1 - hidden / scrollable, 0.0), 1.0)


class _RowOpts:
    """The per-row options RecycleLayout asks for, made on demand rather than stored."""

    def __init__(self, layout: UniformRows):
        self._layout = layout

    def __len__(self) -> int:
        return self._layout._count

    def __getitem__(self, index: int) -> dict:
        layout = self._layout
        return {"size": layout.row_size(), "size_hint": [None, None], "size_hint_min": [None, None],
                "size_hint_max": [None, None], "pos": layout.row_pos(index), "pos_hint": {},
                "viewclass": layout.viewclass, "width_none": False, "height_none": False}


load_kv(__file__)
