"""What every public-screen App does: tick the clock, notice new content, send a screenshot
when asked (device.screenshots), refuse to close.

Imports Kivy's window: import this module only after device.ui.window.prepare (see launch).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels
from kivy.properties import NumericProperty, StringProperty

from device import screenshots
from device.config import DeviceConfig
from device.store import Store
from gongkai.domain.dates import chinese_clock

from . import pairing_screen, theme, watchdog
from .launch import DEFAULT_TITLE
from .wording import today_line

POLL_SECONDS = 3.0
"""How often the store is asked whether sync changed its content (Store.content_version)."""


class ScreenApp(App):
    """Base of the kiosk and display apps; subclasses react in ``on_content_changed``.

    ``on_content_changed`` fires when sync committed new content or the calendar day
    turned (公示 periods begin and end with the day). It always runs on the Kivy thread.
    """

    __events__ = App.__events__ + ("on_content_changed",)

    heading = StringProperty()
    """Who is speaking: the device's org, or its own name until the hub has said which org."""
    date_text = StringProperty()
    clock_text = StringProperty()
    scale = NumericProperty(1.0)

    def __init__(self, device: DeviceConfig, store: Store, now: Callable[[], datetime], *,
                 lockdown: bool, **kwargs):
        super().__init__(**kwargs)
        self.device = device
        self.store = store
        self.now = now
        self.lockdown = lockdown
        self.title = device.name or DEFAULT_TITLE
        self.heading = self._heading()
        self.scale = theme.scale_for(Window.size)
        self._seen = (store.content_version(), now().date())

    def on_start(self) -> None:
        """The app is up: tick the clock, watch the store, and cover the screen until it is paired."""
        Window.bind(on_request_close=self._on_request_close)
        self._tick()
        Clock.schedule_interval(self._tick, 1.0)
        Clock.schedule_interval(self._poll, POLL_SECONDS)
        watchdog.start()
        pairing_screen.watch(self)

    def on_stop(self) -> None:
        """The app is closing: let go of the store."""
        self.store.close()

    def on_content_changed(self) -> None:
        """New content or a new day: the base app has nothing to redraw."""
        pass

    def _tick(self, *_args) -> None:
        now = self.now()
        self.date_text = today_line(now)
        self.clock_text = chinese_clock(now)

    def _poll(self, *_args) -> None:
        seen = (self.store.content_version(), self.now().date())
        if seen != self._seen:
            self._seen = seen
            self.heading = self._heading()
            self.dispatch("on_content_changed")
        reason = screenshots.wanted(self.store)
        if reason is not None:
            self._send_screenshot(reason)

    def _send_screenshot(self, reason: str) -> None:
        """Capture the window as it shows now and queue the picture for the hub."""
        width, height = Window.size
        pixels = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
        screenshots.queue(self.store, screenshots.jpeg(pixels, (width, height), bottom_up=True), reason, self.now())

    def _heading(self) -> str:
        org = self.store.home_org()
        return org.name if org else self.title

    def _on_request_close(self, *_args, **_kwargs) -> bool:
        """A locked-down public screen ignores close requests (Alt-F4, the window manager)."""
        return self.lockdown
