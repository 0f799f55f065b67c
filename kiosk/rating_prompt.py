"""After an item has been read, a bar under its text asks 「这条公开内容对您有帮助吗？」:
满意 / 基本满意 / 不满意, or 不用了. It sits below the text rather than over it, and comes
once per item until the kiosk goes idle; gongkai.domain.feedback.ratings.ask_after_reading decides
when (kiosk.item follows the reading).

A tap files the rating at once, through the outbox as the 评议 screen does (kiosk.ratings),
naming the item and its org, so nothing tapped is lost; the bar thanks and goes away.
"""
from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout

from device.ui.kvfiles import load_kv
from gongkai.domain.feedback.ratings import Satisfaction

from . import controls  # noqa: F401  (ChipRow, KioskButton, used by rating_prompt.kv)
from .ratings import file_rating

THANKS_SECONDS = 4.0


class RatingPrompt(BoxLayout):
    """The 有帮助吗 bar under an item's text, asking the reader to rate the item just read."""

    shown = BooleanProperty(False)
    thanked = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        """Laid out: make the verdict chips, once."""
        self.ids.levels.show([(level, level.label) for level in Satisfaction])
        self._hide_later = Clock.create_trigger(lambda _dt: self.hide(), THANKS_SECONDS)

    def ask(self, item_id: int, org_id: int) -> None:
        """Ask the reader about item ``item_id`` of org ``org_id``."""
        self._item_id, self._org_id = item_id, org_id
        self.thanked, self.shown = False, True

    def answer(self, level: Satisfaction) -> None:
        """The reader's verdict: file it for the item, thank, and go after THANKS_SECONDS."""
        file_rating(self._org_id, level.value, item_id=self._item_id)
        self.thanked = True
        self._hide_later()

    def hide(self) -> None:
        """Put the bar away (不用了, the reader left the item, or the thanks are over)."""
        self._hide_later.cancel()
        self.shown = self.thanked = False

    def on_touch_down(self, touch) -> bool:
        """Hidden, it takes no touch: its disabled buttons, laid out above its zero height,
        would otherwise swallow touches meant for the text."""
        return self.shown and super().on_touch_down(touch)


load_kv(__file__)
