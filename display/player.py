"""The display App and its rotation: one slide per item on show, page by page.

The playlist (rules.on_screen) is read again between slides, after sync changed the
store or the day turned, and at the end of every loop, so a 公示 that ended or an item
published for a later hour comes and goes without a restart.
"""
from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.uix.boxlayout import BoxLayout

from gongkai.domain import rules
from gongkai.domain.rotation import following, slide_seconds
from gongkai.ui import header  # noqa: F401  (Header, used by player.kv)
from gongkai.ui.kvfiles import load_kv
from gongkai.ui.screen_app import ScreenApp

from .slides import EmptySlide, ItemSlide


class Player(BoxLayout):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.item_slide, self.empty_slide = ItemSlide(), EmptySlide()
        self.playlist = []
        self.orgs = {}
        self.position = 0
        self.current_id: int | None = None
        self.stale = True
        self._timer = None

    def advance(self, *_args) -> None:
        """Show the next page of the current item, or else the next item."""
        if self._timer is not None:
            self._timer.cancel()
        shown = self.ids.stage.children[0] if self.ids.stage.children else None
        if shown is self.item_slide and self.item_slide.next_page():
            self._arm_timer()
            return
        self._next_item()

    def _next_item(self) -> None:
        app = App.get_running_app()
        now = app.now()
        if self.stale or self.position >= len(self.playlist) - 1:
            self._reload(now)
        else:
            self.position += 1
        if self.playlist:
            item = self.playlist[self.position]
            self.current_id = item.id
            self.item_slide.show(item, self.orgs, now, f"{self.position + 1} / {len(self.playlist)}")
            self._put_on_stage(self.item_slide)
        else:
            self.current_id = None
            self._put_on_stage(self.empty_slide)
        self._arm_timer()

    def _reload(self, now) -> None:
        store = App.get_running_app().store
        self.playlist = rules.on_screen(store.items(), now)
        self.orgs = store.orgs()
        self.position = following([item.id for item in self.playlist], self.current_id, self.position)
        self.stale = False

    def _put_on_stage(self, slide) -> None:
        if slide.parent is None:
            self.ids.stage.clear_widgets()
            self.ids.stage.add_widget(slide)

    def _arm_timer(self) -> None:
        """Time the slide once it is laid out, on what it actually shows."""
        def arm(_dt):
            chars = self.item_slide.visible_chars() if self.current_id is not None else 0
            self._timer = Clock.schedule_once(self.advance, slide_seconds(chars))

        self._timer = Clock.schedule_once(arm, 0)


class DisplayApp(ScreenApp):
    def build(self) -> Player:
        self.player = Player()
        return self.player

    def on_start(self) -> None:
        super().on_start()
        self.player.advance()

    def on_content_changed(self) -> None:
        self.player.stale = True


load_kv(__file__)
