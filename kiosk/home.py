"""Home: the eight categories of 四、主要内容 with counts and 新 badges, the 公示 running now,
and the ways in: search, browsing, and the feedback channels of 五(一)3 and 六.

Within three taps a reader is reading: tile → list → item, or 公示 strip → item.
"""
from __future__ import annotations

from kivy.app import App
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from device.ui import (
    header,  # noqa: F401  (Header, used by home.kv)
    wording,
)
from device.ui.kvfiles import load_kv
from gongkai.domain import browse
from gongkai.domain.model import Category

from . import controls  # noqa: F401  (KioskButton, used by home.kv)

STRIP_CARDS = {"landscape": 3, "portrait": 2}
"""公示 cards the strip has room for; when more are running, the last slot lists them all."""
ENTRIES = [("搜索", "search"), ("分类浏览", "browse"), ("点题", "dianti"), ("回音壁", "huiyin"),
           ("满意度评议", "pingyi"), ("依申请公开", "shenqing"), ("监督直通车", "jiandu")]
"""The home screen's buttons, by screen name."""


class CategoryTile(ButtonBehavior, BoxLayout):
    """One of the eight categories: its count of live items and its 新 badge; a tap browses it."""

    category = ObjectProperty(Category.DUTIES)
    count = NumericProperty(0)
    new_count = NumericProperty(0)

    def on_release(self) -> None:
        """A tap browses the tile's category."""
        App.get_running_app().open_browse(browse.Filter(category=self.category))


class GongshiCard(ButtonBehavior, BoxLayout):
    """One running 公示 in the strip: its title and countdown; a tap opens it."""

    item_id = NumericProperty(0)
    title = StringProperty()
    countdown = StringProperty()

    def on_release(self) -> None:
        """A tap opens the 公示."""
        App.get_running_app().open_item(self.item_id)


class HomeScreen(Screen):
    """The home screen: the category tiles, the 公示 strip and the ways in."""

    has_gongshi = BooleanProperty(False)

    def on_kv_post(self, _base_widget) -> None:
        """Laid out: make the tiles, the strip's cards and the entry and mode buttons, once."""
        self.tiles = {category: CategoryTile(category=category) for category in Category}
        for tile in self.tiles.values():
            self.ids.tiles.add_widget(tile)
        self.cards = [GongshiCard() for _ in range(max(STRIP_CARDS.values()))]
        app = App.get_running_app()
        self.more = app.entry_button("", "gongshi")
        for label, screen in ENTRIES:
            self.ids.entries.add_widget(app.entry_button(label, screen))
        for label, mode in (("大字", "large_text"), ("高对比", "high_contrast")):
            self.ids.entries.add_widget(app.toggle_button(label, mode))

    def on_pre_enter(self, *_args) -> None:
        """Home always opens at its top (only 大字 makes it tall enough to scroll)."""
        self.ids.page.scroll_y = 1
        self.refresh()

    def refresh(self) -> None:
        """Update the tiles' counts and the 公示 strip from the kiosk's listing."""
        app = App.get_running_app()
        now = app.now()
        shown = browse.overview(app.listing.items(), now)
        for category, tile in self.tiles.items():
            tile.count, tile.new_count = shown.counts[category], shown.new[category]
        self._fill_strip(shown.gongshi, now)

    def _fill_strip(self, running, now) -> None:
        """Reuse the strip's cards: the home screen is refreshed for months."""
        room = STRIP_CARDS["landscape" if Window.width > Window.height else "portrait"]
        shown = running[:room] if len(running) <= room else running[:room - 1]
        strip = self.ids.strip
        strip.clear_widgets()
        for card, item in zip(self.cards, shown):
            card.item_id, card.title, card.countdown = item.id, item.title, wording.countdown(item, now)
            strip.add_widget(card)
        if len(shown) < len(running):
            self.more.text = f"全部 {len(running)} 条公示"
            strip.add_widget(self.more)
        self.has_gongshi = bool(running)


load_kv(__file__)
