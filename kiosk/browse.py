"""Browsing: the live items narrowed by category, org, quarter or time limit (gongkai.domain.browse).

The list is a RecycleView: a category of 10,000 items builds one list of small dicts and a
screenful of reused rows, from the kiosk's copy of the items (kiosk.listing). When sync
changes the store the list is rebuilt in place and the reader stays where they were.
"""
from __future__ import annotations

from kivy.app import App
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from device.ui import (
    header,  # noqa: F401  (Header, used by browse.kv)
    wording,
)
from device.ui.kvfiles import load_kv
from gongkai.domain import browse
from gongkai.domain.browse import Facet, Filter

from . import navbar  # noqa: F401  (NavBar, used by browse.kv)
from .controls import KioskButton
from .rows import row_data


class BrowseScreen(Screen):
    """A browsed list: the facets, the chosen facet's chips, and the live items the chosen chip selects."""

    title = StringProperty()
    empty = StringProperty()
    facet = ObjectProperty(Facet.CATEGORY)
    filter = ObjectProperty(Filter())

    def on_kv_post(self, _base) -> None:
        """Laid out: make one button per facet."""
        self.facet_buttons = {}
        for facet in Facet:
            button = KioskButton(text=facet.label)
            button.bind(on_release=lambda _b, f=facet: self.choose_facet(f))
            self.facet_buttons[facet] = button
            self.ids.facets.add_widget(button)

    def show(self, chosen: Filter) -> None:
        """Open on ``chosen``, with its facet's chips; the list starts at the top."""
        self.filter = chosen
        self.facet = _facet_of(chosen)
        self.ids.rows.scroll_y = 1

    def choose_facet(self, facet: Facet) -> None:
        """A facet tapped: offer its chips; the list stays until a chip is chosen."""
        self.facet = facet
        self._fill_chips()

    def choose(self, chosen: Filter) -> None:
        """A chip tapped: list what it selects, from the top."""
        self.filter = chosen
        self.ids.rows.scroll_y = 1
        self.refresh()

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: list the chosen filter's items as the store has them now."""
        self.refresh()

    def refresh(self) -> None:
        """Fill the list, heading and chips for the chosen filter; the reader keeps their place."""
        app = App.get_running_app()
        now, orgs, items = app.now(), app.listing.orgs(), app.listing.items(self.filter.category)
        self._items, self._orgs = items, orgs
        shown = browse.browse(items, self.filter, now)
        self.ids.rows.layout_manager.replace_rows([row_data(item, orgs, now) for item in shown])
        self.title = browse.title_of(self.filter, orgs)
        self.empty = "" if shown else "本栏目" + wording.NO_CONTENT
        self._fill_chips()

    def _fill_chips(self) -> None:
        app = App.get_running_app()
        for facet, button in self.facet_buttons.items():
            button.selected = facet is self.facet
        wide = self.facet is not Facet.CATEGORY and self.filter.category is not None
        items = app.listing.items() if wide else self._items
        choices = browse.choices(self.facet, items, self._orgs, app.settings.org_id, app.now())
        self.ids.chips.show([(c.filter, c.label, c.note) for c in choices], self.filter)


def _facet_of(chosen: Filter) -> Facet:
    if chosen.org_id is not None:
        return Facet.ORG
    if chosen.year is not None:
        return Facet.PERIOD
    if chosen.time_limit is not None:
        return Facet.TIME_LIMIT
    return Facet.CATEGORY


load_kv(__file__)
