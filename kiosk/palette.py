"""The kiosk's colours as live properties, so 高对比 (high contrast) repaints every screen at once.

Layout rules (.kv) read ``app.palette.<name>``; switching the palette updates each binding.
The red header band is shared with the display and stays as it is: white on #B71C1C
already has a contrast ratio above 6:1.
"""
from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import ColorProperty, StringProperty
from kivy.utils import get_color_from_hex as _hex

from device.ui import theme

NORMAL = {
    "paper": theme.PAPER, "card": theme.CARD, "card_pressed": theme.CARD_PRESSED, "rule": theme.RULE,
    "ink": theme.INK, "muted": theme.MUTED, "accent": theme.RED, "accent_pressed": theme.RED_DARK,
    "ink_on_accent": theme.ON_RED, "badge": theme.BADGE, "ink_on_badge": theme.ON_BADGE,
    "mark": "#B71C1C",
}
"""The everyday palette: the shared theme colours."""

HIGH_CONTRAST = {
    "paper": _hex("#000000"), "card": _hex("#000000"), "card_pressed": _hex("#333333"),
    "rule": _hex("#FFFFFF"), "ink": _hex("#FFFFFF"), "muted": _hex("#FFFFFF"),
    "accent": _hex("#FFE600"), "accent_pressed": _hex("#C8B400"), "ink_on_accent": _hex("#000000"),
    "badge": _hex("#FFE600"), "ink_on_badge": _hex("#000000"), "mark": "#FFE600",
}
"""White and yellow on black: contrast ratios above 15:1 for readers with low vision."""


class Palette(EventDispatcher):
    """The colours every kiosk screen reads, switched as a whole between normal and 高对比."""

    paper = ColorProperty(theme.PAPER)
    card = ColorProperty(theme.CARD)
    card_pressed = ColorProperty(theme.CARD_PRESSED)
    rule = ColorProperty(theme.RULE)
    ink = ColorProperty(theme.INK)
    muted = ColorProperty(theme.MUTED)
    accent = ColorProperty(theme.RED)
    accent_pressed = ColorProperty(theme.RED_DARK)
    ink_on_accent = ColorProperty(theme.ON_RED)
    badge = ColorProperty(theme.BADGE)
    ink_on_badge = ColorProperty(theme.ON_BADGE)
    mark = StringProperty(NORMAL["mark"])
    """Markup colour (hex) of highlighted search matches."""

    def use(self, colours: dict) -> None:
        """Switch to ``colours`` (NORMAL or HIGH_CONTRAST); every bound screen repaints."""
        for name, value in colours.items():
            setattr(self, name, value)
