"""The kiosk's own on-screen keyboard: the OS keyboard is never shown on a public screen.

Latin letters search pinyin (initials such as DF, or whole syllables); digits find years
and phone numbers. The same widget, digits only, takes the maintenance PIN.
"""
from __future__ import annotations

from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout

from gongkai.ui.kvfiles import load_kv

from .controls import KioskButton

LETTER_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
DIGIT_ROWS = ("123", "456", "789")
BACKSPACE, CLEAR = "退格", "清空"


class OnScreenKeyboard(BoxLayout):
    """Rows of keys; each press dispatches ``on_key`` with the key's letter, BACKSPACE or CLEAR."""

    __events__ = ("on_key",)
    digits_only = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        self._build()

    def on_digits_only(self, *_args) -> None:
        self._build()

    def on_key(self, key: str) -> None:
        pass

    def _build(self) -> None:
        self.clear_widgets()
        rows = [*DIGIT_ROWS, "0"] if self.digits_only else list(LETTER_ROWS)
        for n, keys in enumerate(rows):
            row = BoxLayout(spacing=self.spacing)
            for key in keys:
                row.add_widget(self._key(key, key))
            if n == len(rows) - 1:
                row.add_widget(self._key(BACKSPACE, BACKSPACE, 2))
                row.add_widget(self._key(CLEAR, CLEAR, 2))
            self.add_widget(row)

    def _key(self, label: str, key: str, weight: float = 1) -> KioskButton:
        button = KioskButton(text=label, size_hint_x=weight)
        button.bind(on_release=lambda _b: self.dispatch("on_key", key))
        return button


load_kv(__file__)
