"""One category's live items, newest first with current 公示 on top (rules.live decides)."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from gongkai.domain import rules
from gongkai.domain.model import Category, Disclosure, Org
from gongkai.ui import header  # noqa: F401  (Header, used by category.kv)
from gongkai.ui import wording
from gongkai.ui.kvfiles import load_kv

from . import navbar  # noqa: F401  (NavBar, used by category.kv)


class ItemRow(ButtonBehavior, BoxLayout):
    """A RecycleView row; its fields come from ``row_data``."""

    item_id = NumericProperty(0)
    title = StringProperty()
    byline = StringProperty()
    countdown = StringProperty()

    def on_release(self) -> None:
        App.get_running_app().open_item(self.item_id)


class CategoryScreen(Screen):
    title = StringProperty()
    empty = StringProperty()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.category = Category.DUTIES

    def show(self, category: Category) -> None:
        self.category = category
        self.title = category.label
        self.ids.rows.scroll_y = 1

    def on_pre_enter(self, *_args) -> None:
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        now = app.now()
        orgs = app.store.orgs()
        items = rules.live(app.store.items(self.category), now)
        self.ids.rows.data = [row_data(item, orgs, now) for item in items]
        self.empty = "" if items else "本栏目" + wording.NO_CONTENT


def row_data(item: Disclosure, orgs: Mapping[int, Org], now: datetime) -> dict:
    """The fields of one ItemRow."""
    return {"item_id": item.id, "title": item.title, "byline": wording.byline(item, orgs, now),
            "countdown": wording.countdown(item, now)}


load_kv(__file__)
