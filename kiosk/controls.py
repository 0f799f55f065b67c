"""Controls every kiosk screen uses (buttons, chips, QR codes): big, labelled in words, never smaller than 15 mm.

``app.touch_px`` is the 15 mm minimum on the configured panel (kiosk.settings); every
control takes at least that in both directions.
"""
from collections.abc import Callable, Sequence
from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.stacklayout import StackLayout
from kivy.uix.widget import Widget

from device.ui import text  # noqa: F401  (Badge, ContentLabel, used by controls.kv)
from device.ui.kvfiles import load_kv
from device.ui.qr import qr_texture


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
    value = ObjectProperty(None, allownone=True)
    """What choosing the chip chooses (a category, an org id, a filter…)."""


class ChipRow(StackLayout):
    """A row of chips, one per choice, the chosen one marked; a tap dispatches ``on_choose``
    with the chip's value.

    The chips are made once and reused from one showing to the next: a chip made per visit
    or per tap would leave its kv bindings to the app behind, and a kiosk is used for months.
    """

    __events__ = ("on_choose",)

    def __init__(self, **kwargs):
        self._chips: list[Chip] = []
        super().__init__(**kwargs)

    def show(self, choices: Sequence[tuple], chosen: Any = None) -> None:
        """``choices`` as (value, label) or (value, label, note); the chip of ``chosen`` marked."""
        shown = show_pooled(self, self._chips, len(choices), self._new_chip)
        for chip, (value, label, *note) in zip(shown, choices):
            chip.value, chip.label, chip.note = value, label, "".join(note)
            chip.selected = value == chosen

    def on_choose(self, value: Any) -> None:
        """A chip was tapped; the screen showing the row binds to this."""
        pass

    def _new_chip(self) -> Chip:
        chip = Chip()
        chip.bind(on_release=lambda c: self.dispatch("on_choose", c.value))
        return chip


def show_pooled(box: Widget, pool: list[Widget], count: int, make: Callable[[], Widget]) -> list[Widget]:
    """The first ``count`` widgets of ``pool`` (made as needed, then kept) shown in ``box``,
    in order. Screens that refresh lists reuse their widgets this way rather than making new
    ones each time: a kiosk runs for months."""
    while len(pool) < count:
        pool.append(make())
    shown = pool[:count]
    if box.children[::-1] != shown:
        box.clear_widgets()
        for widget in shown:
            box.add_widget(widget)
    return shown


class QrCode(Image):
    """The QR code of ``data`` (a URL a phone opens), drawn crisp at any size."""

    data = StringProperty()

    def on_data(self, *_args) -> None:
        """New ``data``: draw its code, or nothing when there is none."""
        self.texture = qr_texture(self.data) if self.data else None


load_kv(__file__)
