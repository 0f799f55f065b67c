"""The kiosk App: its screens, the way back, going idle, accessibility modes and lockdown.

A kiosk left alone returns home and starts its attract loop, and forgets the last reader's
大字/高对比 choice, so the next passer-by starts at the top rather than in the middle of
someone else's reading. Locked down, it swallows every key and close request; the only
way out is the corner gesture plus the maintenance PIN (kiosk.lockdown).
"""
from __future__ import annotations

import time

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from device import search
from device.ui import theme
from device.ui.screen_app import ScreenApp
from gongkai.domain.browse import Filter
from gongkai.domain.model import Attachment, TimeLimit

from . import settings as kiosk_settings
from .attract import AttractScreen
from .browse import BrowseScreen
from .controls import EntryButton
from .feedback import feedback_screens
from .home import HomeScreen
from .item import ItemScreen
from .listing import Listing
from .lockdown import TapCounter, in_corner
from .maintenance import MaintenanceScreen
from .palette import HIGH_CONTRAST, NORMAL, Palette
from .search import SearchScreen
from .viewer import ViewerScreen

LARGE_TEXT = 1.3
"""大字 mode: everything, type and touch targets alike, a third larger."""


class KioskApp(ScreenApp):
    """The kiosk: its screens, the way back and home, going idle, display modes and lockdown."""

    palette = ObjectProperty()
    large_text = BooleanProperty(False)
    high_contrast = BooleanProperty(False)
    touch_px = NumericProperty(30)

    def __init__(self, device, store, now, *, lockdown: bool, **kwargs):
        self.settings = kiosk_settings.load(device)
        self.palette = Palette()
        super().__init__(device, store, now, lockdown=lockdown, **kwargs)
        self.touch_px = self.settings.touch_target_px(Window.size)
        self._trail: list[str] = []
        self._taps = TapCounter()

    def build(self) -> ScreenManager:
        """Start-up: the listing, the search indexer and every screen, with the idle timer running."""
        self.listing = Listing(self.store)
        self.indexer = search.Indexer(self.store.path, lambda _changed: Clock.schedule_once(self._index_caught_up))
        self.indexer.request()
        self.screens = ScreenManager(transition=NoTransition())
        for screen in (HomeScreen(name="home"), BrowseScreen(name="browse"), ItemScreen(name="item"),
                       ViewerScreen(name="viewer"), SearchScreen(name="search"),
                       AttractScreen(name="attract"), MaintenanceScreen(name="maintenance"),
                       *feedback_screens()):
            self.screens.add_widget(screen)
        self._idle = Clock.create_trigger(self.go_idle, self.settings.idle_seconds)
        self._idle()
        Window.bind(on_touch_down=self._on_any_touch, on_key_down=self._on_key, on_keyboard=self._on_key)
        return self.screens

    # --- navigation ---------------------------------------------------------

    def _go(self, name: str) -> None:
        if self.screens.current != name:
            self._trail.append(self.screens.current)
        self.screens.current = name

    def open_browse(self, chosen: Filter) -> None:
        """Go to the browse list, opened on ``chosen``."""
        self.screens.get_screen("browse").show(chosen)
        self._go("browse")

    def open_item(self, item_id: int) -> None:
        """Go to item ``item_id``, in full."""
        self.screens.get_screen("item").show(item_id)
        self._go("item")

    def open_image(self, attachment: Attachment) -> None:
        """Go to ``attachment``'s image, full-screen."""
        self.screens.get_screen("viewer").show(attachment)
        self._go("viewer")

    def open_screen(self, name: str) -> None:
        """Go to the screen a home entry names (browse and gongshi open the list, filtered)."""
        if name == "browse":
            self.open_browse(Filter())
        elif name == "gongshi":
            self.open_browse(Filter(time_limit=TimeLimit.IMMEDIATE))
        else:
            self._go(name)

    def go_back(self) -> None:
        """返回: the screen the reader came from, or home."""
        self.screens.current = self._trail.pop() if self._trail else "home"

    def go_home(self, *_args) -> None:
        """首页: home, with the way back forgotten."""
        self._trail.clear()
        self.screens.current = "home"

    def go_idle(self, *_args) -> None:
        """Nobody has touched the screen for a while: forget the last reader, start the loop."""
        self.large_text = self.high_contrast = False
        self.screens.get_screen("search").reset()
        self.screens.get_screen("item").reset()
        self.go_home()
        self.screens.current = "attract"

    def wake(self) -> None:
        """Someone touched the attract loop: they start at home."""
        self.go_home()

    # --- buttons the home screen builds ------------------------------------

    def entry_button(self, label: str, screen: str) -> EntryButton:
        """A home-screen entry button that opens ``screen``."""
        button = EntryButton(text=label)
        button.bind(on_release=lambda _b: self.open_screen(screen))
        return button

    def toggle_button(self, label: str, mode: str) -> EntryButton:
        """A button that switches ``mode`` (large_text, high_contrast) and shows whether it is on."""
        button = EntryButton(text=label)
        button.bind(on_release=lambda _b: setattr(self, mode, not getattr(self, mode)))
        self.bind(**{mode: button.setter("selected")})
        return button

    # --- modes --------------------------------------------------------------

    def on_large_text(self, *_args) -> None:
        """大字 switched: type and touch targets grow or shrink alike."""
        self.scale = theme.scale_for(Window.size) * (LARGE_TEXT if self.large_text else 1)

    def on_high_contrast(self, *_args) -> None:
        """高对比 switched: every screen repaints in the chosen palette."""
        self.palette.use(HIGH_CONTRAST if self.high_contrast else NORMAL)

    # --- live data, idle, lockdown -----------------------------------------

    def on_content_changed(self) -> None:
        """Sync changed the store or the day turned: read the listing again, bring the
        index up to date, redraw the screen in use."""
        self.listing.forget()
        self.indexer.request()
        self.screens.current_screen.refresh()

    def _index_caught_up(self, *_args) -> None:
        """New items became searchable: a search on screen runs again to include them."""
        if self.screens.current == "search":
            self.screens.current_screen.refresh()

    def on_stop(self) -> None:
        """Closing: stop the indexer after its batch in hand, then let go of the store."""
        self.indexer.stop()
        super().on_stop()

    def _on_any_touch(self, window, touch) -> None:
        self._idle.cancel()  # a pending trigger called again keeps its old time: start it anew
        self._idle()
        header = theme.HEADER_HEIGHT * self.scale
        if self._taps.touch(time.monotonic(), in_corner(touch.pos, window.size, header)):
            self._go("maintenance")

    def _on_key(self, *_args) -> bool:
        """Locked down, no key does anything: no Escape, no Alt-F4, no F-keys."""
        return self.lockdown
