"""The display App, and the LCD signage screen: header, the slide, a ticker of headlines.

The App picks the stage for the configured mode (this LCD player, or the LED wall) and
hands it to the Conductor, which runs the rotation; the widgets here only draw.
"""
from __future__ import annotations

import logging
from datetime import datetime

from kivy.core.window import Window
from kivy.uix.boxlayout import BoxLayout

from gongkai.domain.model import Org
from gongkai.domain.playlist import Slide
from gongkai.domain.rotation import Pacing
from gongkai.ui import header, marquee, theme, watchdog  # noqa: F401  (Header, Marquee: used by player.kv)
from gongkai.ui.kvfiles import load_kv
from gongkai.ui.screen_app import ScreenApp

from . import motion
from . import settings as display_settings
from .conductor import Conductor
from .media import first_image
from .power import ScreenPower
from .proof import ProofOfPlay
from .slides import EmptySlide, ItemSlide

log = logging.getLogger("gongkai.display")


class Player(BoxLayout):
    """The LCD stage (see conductor.Stage); ``step_rate`` is the ticker's steps per second."""

    background = theme.PAPER

    def __init__(self, settings: display_settings.DisplaySettings, store, step_rate: float, **kwargs):
        self.settings, self.store, self.step_rate = settings, store, step_rate
        super().__init__(**kwargs)
        self.item_slide = ItemSlide()
        self.empty_slide = EmptySlide()
        self.rest_slide = EmptySlide(message="屏幕休息中", note="将按设定时间自动开启")
        self.fader = self.ids.stage
        self._headlines: list[str] = []

    def show_slide(self, slide: Slide, orgs: dict[int, Org], now: datetime, position: str) -> None:
        image = first_image(slide.item, self.store)
        qr_url = self.settings.item_url(slide.item.id) if self.settings.qr else ""
        self.item_slide.show(slide, orgs, now, position, image, qr_url)
        self._put_on_stage(self.item_slide)

    def show_empty(self) -> None:
        self._put_on_stage(self.empty_slide)

    def show_rest(self) -> None:
        """Asleep: the ticker stops too (each step of a moving line redraws the whole window)."""
        self._put_on_stage(self.rest_slide)
        self.set_headlines([])

    def next_page(self) -> bool:
        return self._on_stage() is self.item_slide and self.item_slide.next_page()

    def pages_shown(self) -> int:
        return self.item_slide.page + 1 if self._on_stage() is self.item_slide else 0

    def hold_seconds(self, pacing: Pacing) -> float:
        chars = self.item_slide.visible_chars() if self._on_stage() is self.item_slide else 0
        return pacing.seconds(chars)

    def set_headlines(self, titles: list[str]) -> None:
        """Restart the ticker only when the headlines changed, so it never jumps back."""
        if titles == self._headlines:
            return
        self._headlines = titles
        self.ids.ticker.show(titles, repeat=True)

    def _on_stage(self):
        return self.ids.stage.children[0] if self.ids.stage.children else None

    def _put_on_stage(self, slide) -> None:
        if slide.parent is None:
            self.ids.stage.clear_widgets()
            self.ids.stage.add_widget(slide)


class DisplayApp(ScreenApp):
    """Chooses the stage for the configured mode and hands the rotation to a Conductor."""

    def build(self):
        self.settings = display_settings.load(self.device)
        renderer = motion.gl_renderer()
        step_rate = motion.step_rate(self.settings.scroll_fps, Window.size, renderer)
        log.info("moving text steps %.3g times a second (GL renderer: %s)", step_rate, renderer)
        if self.settings.led:
            from .wall import Wall
            stage = Wall(self.settings, step_rate)
        else:
            stage = Player(self.settings, self.store, step_rate)
        # The stage's background is the window's clear colour, which every frame paints
        # anyway: a full-window rectangle on top of it would double the fill of each frame.
        Window.clearcolor = stage.background
        power = ScreenPower(self.settings.power_on_command, self.settings.power_off_command)
        self.conductor = Conductor(stage, self.store, self.now, self.settings,
                                   self.device.name, ProofOfPlay(self.store.path), power)
        return stage

    def on_start(self) -> None:
        super().on_start()
        watchdog.start()
        self.conductor.start()

    def on_stop(self) -> None:
        self.conductor.stop()
        super().on_stop()

    def on_content_changed(self) -> None:
        self.conductor.content_changed()


load_kv(__file__)
