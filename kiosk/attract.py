"""The attract loop a kiosk shows when nobody is using it: current 公示 and new items, one at a
time, and 轻触屏幕开始. Any touch goes to the home screen (and is not passed to what is under it).

What to show is picked from the kiosk's copy of the items without their texts (kiosk.listing),
as the lists pick theirs; only the item on screen is read whole, for its text.
"""
from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from device.ui import (
    header,  # noqa: F401  (Header, used by attract.kv)
    wording,
)
from device.ui.kvfiles import load_kv
from gongkai.domain import browse, rules

ROTATE_SECONDS = 8.0


class AttractScreen(Screen):
    """The attract loop: one highlight at a time, until someone touches the screen."""

    heading = StringProperty()
    kind = StringProperty()
    countdown = StringProperty()
    particulars = StringProperty()
    body = StringProperty()

    def on_enter(self, *_args) -> None:
        """Nobody is using the kiosk: start from the first highlight, the next every ROTATE_SECONDS."""
        self._position = -1
        self.refresh()
        self._timer = Clock.schedule_interval(lambda _dt: self.rotate(), ROTATE_SECONDS)

    def on_leave(self, *_args) -> None:
        """Someone took over: stop rotating."""
        self._timer.cancel()

    def refresh(self) -> None:
        """Pick the highlights again (sync changed the store), keeping the place in the loop."""
        app = App.get_running_app()
        self._items = browse.highlights(app.listing.items(), app.now())
        self._position = max(-1, min(getattr(self, "_position", -1), len(self._items) - 2))
        self.rotate()

    def rotate(self) -> None:
        """Show the next highlight with its text, or that there is nothing to show."""
        app = App.get_running_app()
        now = app.now()
        if not self._items:
            self.heading, self.kind, self.countdown, self.particulars, self.body = (
                wording.NO_CONTENT, "", "", "", "")
            return
        self._position = (self._position + 1) % len(self._items)
        listed = self._items[self._position]
        item = app.store.item(listed.id) or listed  # gone since the listing was read: no text
        self.kind = "正在公示" if rules.is_current_gongshi(item, now) else "新发布"
        self.heading, self.countdown = item.title, wording.countdown(item, now)
        self.particulars = f"{wording.org_name(app.listing.orgs(), item)}\u3000{wording.particulars(item, now)}"
        self.body = item.body

    def on_touch_down(self, touch) -> bool:
        """Any touch wakes the kiosk to its home screen and goes no further."""
        App.get_running_app().wake()
        return True


load_kv(__file__)
