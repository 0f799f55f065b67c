"""Controls every kiosk screen uses (buttons, chips, QR codes): big, labelled in words, never smaller than 15 mm.

``app.touch_px`` is the 15 mm minimum on the configured panel (kiosk.settings); every
control takes at least that in both directions.
"""
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.label import Label

from gongkai.ui import text  # noqa: F401  (Badge, ContentLabel, used by controls.kv)
from gongkai.ui.qr import qr_texture
from gongkai.ui.kvfiles import load_kv


class KioskButton(ButtonBehavior, Label):
    """A filled button with a word on it; ``selected`` marks the current choice."""

    selected = BooleanProperty(False)


class EntryButton(KioskButton):
    """A home-screen entry (搜索, 点题…): nine share a row, so the type is a little smaller."""


class BarButton(KioskButton):
    """A button in the bar under the header (首页, 大字, 高对比): as wide as its word."""


class Chip(ButtonBehavior, Label):
    """One choice in a row of choices (a category, an org, a quarter, a hot word)."""

    selected = BooleanProperty(False)
    label = StringProperty()
    note = StringProperty()


class QrCode(Image):
    """The QR code of ``data`` (a URL a phone opens), drawn crisp at any size."""

    data = StringProperty()

    def on_data(self, *_args) -> None:
        self.texture = qr_texture(self.data) if self.data else None


load_kv(__file__)
