"""Home: the eight categories of 四、主要内容 as large tiles, each with its live-item count."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from gongkai.domain import rules
from gongkai.domain.model import Category
from gongkai.ui import header  # noqa: F401  (Header, used by home.kv)
from gongkai.ui.kvfiles import load_kv


class CategoryTile(ButtonBehavior, BoxLayout):
    category = ObjectProperty(Category.DUTIES)
    count = NumericProperty(0)

    def on_release(self) -> None:
        App.get_running_app().open_category(self.category)


class HomeScreen(Screen):
    def on_kv_post(self, _base_widget) -> None:
        self.tiles = {category: CategoryTile(category=category) for category in Category}
        for tile in self.tiles.values():
            self.ids.tiles.add_widget(tile)

    def on_pre_enter(self, *_args) -> None:
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        counts = rules.category_counts(app.store.items(), app.now())
        for category, tile in self.tiles.items():
            tile.count = counts[category]


load_kv(__file__)
