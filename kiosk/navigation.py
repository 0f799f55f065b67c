"""The kiosk App: three screens (home → category → item), back buttons, and a way home.

A kiosk left alone returns to its home screen, so the next passer-by starts at the top
rather than in the middle of someone else's reading.
"""
from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.screenmanager import NoTransition, ScreenManager

from gongkai.domain.model import Category
from gongkai.ui.screen_app import ScreenApp

from .category import CategoryScreen
from .home import HomeScreen
from .item import ItemScreen

IDLE_SECONDS = 120
BACK = {"item": "category", "category": "home"}


class KioskApp(ScreenApp):
    def build(self) -> ScreenManager:
        self.screens = ScreenManager(transition=NoTransition())
        for screen in (HomeScreen(name="home"), CategoryScreen(name="category"),
                       ItemScreen(name="item")):
            self.screens.add_widget(screen)
        self._idle = Clock.create_trigger(self.go_home, IDLE_SECONDS)
        Window.bind(on_touch_down=self._on_any_touch)
        return self.screens

    def open_category(self, category: Category) -> None:
        self.screens.get_screen("category").show(category)
        self.screens.current = "category"

    def open_item(self, item_id: int) -> None:
        self.screens.get_screen("item").show(item_id)
        self.screens.current = "item"

    def go_back(self) -> None:
        self.screens.current = BACK.get(self.screens.current, "home")

    def go_home(self, *_args) -> None:
        self.screens.current = "home"

    def on_content_changed(self) -> None:
        self.screens.current_screen.refresh()

    def _on_any_touch(self, *_args) -> None:
        self._idle()
