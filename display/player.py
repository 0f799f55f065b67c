"""The display App, and the LCD signage screen: header, the slide, a ticker of headlines.

The App picks the stage for the configured mode (this LCD player, or the LED wall) and
hands it to the Conductor, which runs the rotation; the widgets here only draw.
"""
from __future__ import annotations

import logging
from datetime import datetime

from kivy.core.window import Window
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout

from device.ui import header, marquee, theme, watchdog  # noqa: F401  (Header, Marquee: used by player.kv)
from device.ui.kvfiles import load_kv
from device.ui.screen_app import ScreenApp
from gongkai.domain.model import Attachment, Org
from gongkai.domain.playlist import Slide
from gongkai.domain.rotation import Pacing

from . import media, motion
from . import settings as display_settings
from .conductor import Conductor
from .power import ScreenPower
from .proof import ProofOfPlay
from .slides import EmptySlide, ItemSlide, PageSlide

log = logging.getLogger("gongkai.display")
PHOTO_SIDE = 1024
"""Longest side a photo is decoded at: the side panel is at most about 520 px across."""


class Player(BoxLayout):
    """The LCD stage (see conductor.Stage); ``step_rate`` is the ticker's steps per second."""

    background = theme.PAPER
    has_headlines = BooleanProperty(False)
    """An empty band would only look broken: the ticker shows when there is something to run."""

    def __init__(self, settings: display_settings.DisplaySettings, store, step_rate: float, **kwargs):
        self.settings, self.store, self.step_rate = settings, store, step_rate
        super().__init__(**kwargs)
        self.item_slide = ItemSlide()
        self.page_slide = PageSlide()
        self.empty_slide = EmptySlide()
        self.rest_slide = EmptySlide(message="屏幕休息中", note="将按设定时间自动开启")
        self.fader = self.ids.stage
        self.document: list[Attachment] = []
        self._headlines: list[str] = []

    def show_slide(self, slide: Slide, orgs: dict[int, Org], now: datetime, position: str) -> None:
        """Put an item up on the LCD: its text, photo and QR code, with its document pages to follow."""
        photo = media.photo(slide.item, self.store, PHOTO_SIDE)
        self.document = media.document_pages(slide.item, self.store)
        self.page_slide.page = None     # the last item's page texture goes
        qr_url = self.settings.item_url(slide.item.id) if self.settings.qr else ""
        self.item_slide.show(slide, orgs, now, position, photo, qr_url)
        self._put_on_stage(self.item_slide)

    def show_empty(self) -> None:
        """Nothing to play: show the calm no-content slide."""
        self._put_on_stage(self.empty_slide)

    def show_rest(self) -> None:
        """Asleep: the ticker stops too (each step of a moving line redraws the whole window)."""
        self._put_on_stage(self.rest_slide)
        self.set_headlines([])

    def next_page(self) -> bool:
        """The text's next page, else the document's next page, decoded now (SlideError when
        its file is bad); False after the last."""
        on_stage = self._on_stage()
        if on_stage is self.item_slide and self.item_slide.next_page():
            return True
        turned = self.page_slide.number if on_stage is self.page_slide else 0
        if on_stage not in (self.item_slide, self.page_slide) or turned >= len(self.document):
            return False
        page = media.texture(self.document[turned], self.store, int(max(self.ids.stage.size)))
        self.page_slide.show(self.item_slide, page, turned + 1, len(self.document))
        self._put_on_stage(self.page_slide)
        return True

    def pages_shown(self) -> int:
        """How many pages of the item on screen were shown, text pages and document pages together."""
        on_stage = self._on_stage()
        if on_stage is self.page_slide:
            return len(self.item_slide.pages) + self.page_slide.number
        return self.item_slide.page + 1 if on_stage is self.item_slide else 0

    def hold_seconds(self, pacing: Pacing) -> float:
        """A text page for its reading time; a document page, whose words are pixels, as long
        as any slide may stay."""
        on_stage = self._on_stage()
        if on_stage is self.page_slide:
            return pacing.max_seconds
        return pacing.seconds(self.item_slide.visible_chars() if on_stage is self.item_slide else 0)

    def set_headlines(self, titles: list[str]) -> None:
        """Restart the ticker only when the headlines changed, so it never jumps back."""
        if titles == self._headlines:
            return
        self._headlines = titles
        self.has_headlines = bool(titles)
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
        """Read the [display] settings and build the LCD player or LED wall, with the Conductor that runs it."""
        self.settings = display_settings.load(self.device)
        renderer = motion.gl_renderer()
        step_rate = motion.step_rate(self.settings.scroll_fps, Window.size, renderer)
        log.info("moving text steps %.3g times a second (GL renderer: %s)", step_rate, renderer)
        if self.settings.led:
            from .led_wall import LedWall
            stage = LedWall(self.settings, step_rate)
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
        """The window is up: start the watchdog and the first slide."""
        super().on_start()
        watchdog.start()
        self.conductor.start()

    def on_stop(self) -> None:
        """Closing: the Conductor writes its last play record and puts the panel and outbox away."""
        self.conductor.stop()
        super().on_stop()

    def on_content_changed(self) -> None:
        """Sync changed the store or the day turned: the Conductor picks it up between
        slides, an urgent notice at once."""
        self.conductor.content_changed()


load_kv(__file__)
