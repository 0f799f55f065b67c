"""Maintenance: after the corner gesture, a PIN (kiosk.maintenance_pin) unlocks 退出程序.

Three wrong PINs send the screen home; the PIN is never shown, only dots.
"""
from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from device.ui import header  # noqa: F401  (Header, used by maintenance.kv)
from device.ui.kvfiles import load_kv

from . import (
    keyboard,  # noqa: F401  (OnScreenKeyboard, used by maintenance.kv)
    navbar,  # noqa: F401  (NavBar, used by maintenance.kv)
)
from .keyboard import BACKSPACE, CLEAR

MAX_TRIES = 3
MAX_DIGITS = 12


class MaintenanceScreen(Screen):
    """The PIN pad that unlocks 退出程序 on a locked-down kiosk."""

    typed = StringProperty()
    message = StringProperty()
    unlocked = BooleanProperty(False)

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: nothing typed, locked, and whether a PIN is set at all."""
        self.typed, self.unlocked, self._tries = "", False, 0
        self.message = "请输入维护密码" if App.get_running_app().settings.maintenance_pin else "本机未设置维护密码"

    def on_key(self, key: str) -> None:
        """A key of the digit pad: edit the PIN being typed, up to MAX_DIGITS."""
        if key == BACKSPACE:
            self.typed = self.typed[:-1]
        elif key == CLEAR:
            self.typed = ""
        elif len(self.typed) < MAX_DIGITS:
            self.typed += key

    def confirm(self) -> None:
        """Check the PIN typed: unlock, or count a wrong try (MAX_TRIES send the screen home)."""
        app = App.get_running_app()
        if app.settings.pin_matches(self.typed):
            self.unlocked, self.message = True, "已进入维护模式"
            return
        self._tries += 1
        self.typed = ""
        if self._tries >= MAX_TRIES:
            app.go_home()
        self.message = "密码错误，请重试"

    def refresh(self) -> None:
        """Sync changed the store: nothing here depends on it."""
        pass


load_kv(__file__)
