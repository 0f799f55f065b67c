"""The kiosk's own on-screen keyboard: the OS keyboard is never shown on a public screen.

Latin letters search pinyin (initials such as DF, or whole syllables); digits find years
and phone numbers. The same widget, digits only, takes the maintenance PIN. Where a
citizen writes (点题), a 符号 key switches to Chinese punctuation and 字母 back.

Each layout's keys are made the first time it is shown and kept: switching layouts, or a
screen visited again, shows the same keys rather than new ones.
"""
from __future__ import annotations

from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout

from device.ui.kvfiles import load_kv

from .controls import KioskButton

LETTER_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
DIGIT_ROWS = ("123", "456", "789", "0")
PUNCTUATION_ROWS = (tuple("，。、？！"), tuple("：；“”（）"), ("《", "》", "……", "——", "·"))
"""Full-width Chinese punctuation; the ellipsis and the dash are typed whole, as two characters."""
BACKSPACE, CLEAR = "退格", "清空"
TO_PUNCTUATION, TO_LETTERS = "符号", "字母"

Row = tuple[tuple[str, float], ...]
"""A row of keys: (key, width in letter keys)."""


def layout(digits_only: bool, punctuation: bool, showing_punctuation: bool) -> tuple[Row, ...]:
    """The rows of keys to show; the last row ends with 退格 and 清空.

    ``punctuation`` offers the 符号 key; ``showing_punctuation`` is the punctuation layout."""
    edit = ((BACKSPACE, 2), (CLEAR, 2))
    if digits_only:
        rows = [_keys(keys) for keys in DIGIT_ROWS]
    elif punctuation and showing_punctuation:
        rows = [_keys(keys) for keys in PUNCTUATION_ROWS] + [((TO_LETTERS, 2),)]
    else:
        rows = [_keys(keys) for keys in LETTER_ROWS]
        if punctuation:
            rows[2] += ((TO_PUNCTUATION, 2),)
    rows[-1] += edit
    return tuple(rows)


def _keys(keys) -> Row:
    return tuple((key, 1) for key in keys)


class OnScreenKeyboard(BoxLayout):
    """Rows of keys; each press dispatches ``on_key`` with the key's text, BACKSPACE or CLEAR
    (符号 and 字母 switch the layout and dispatch nothing)."""

    __events__ = ("on_key",)
    digits_only = BooleanProperty(False)
    punctuation = BooleanProperty(False)
    """Offer the 符号 key (free text; searching needs no punctuation)."""
    showing_punctuation = BooleanProperty(False)

    def __init__(self, **kwargs):
        self._made: dict[tuple[Row, ...], list[BoxLayout]] = {}
        super().__init__(**kwargs)

    def on_kv_post(self, _base) -> None:
        """Laid out: show the keys, and show them anew whenever the layout's options change."""
        self.fbind("digits_only", self._show)
        self.fbind("punctuation", self._show)
        self.fbind("showing_punctuation", self._show)
        self._show()

    def on_key(self, key: str) -> None:
        """A key was pressed; the screen using the keyboard binds to this."""
        pass

    def _show(self, *_args) -> None:
        rows = layout(self.digits_only, self.punctuation, self.showing_punctuation)
        if rows not in self._made:
            self._made[rows] = [self._row(row) for row in rows]
        self.clear_widgets()
        for row in self._made[rows]:
            self.add_widget(row)

    def _row(self, keys: Row) -> BoxLayout:
        row = BoxLayout(spacing=self.spacing)
        for key, weight in keys:
            button = KioskButton(text=key, size_hint_x=weight)
            button.bind(on_release=lambda _b, k=key: self._press(k))
            row.add_widget(button)
        return row

    def _press(self, key: str) -> None:
        if key in (TO_PUNCTUATION, TO_LETTERS):
            self.showing_punctuation = key == TO_PUNCTUATION
        else:
            self.dispatch("on_key", key)


load_kv(__file__)
