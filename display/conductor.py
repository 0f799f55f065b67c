"""The rotation of an unattended screen: which slide, for how long, when to fade, when to sleep.

The Conductor asks the playlist engine (gongkai.domain.playlist) what plays, hands each
slide to the stage (the LCD player or the LED wall, which only draw), and keeps the books:
a play record for every slide shown, the panel's power at the schedule's edges. Content
is read again between slides — after sync changed the store, at the end of every loop —
so updates need no restart: what sync published, changed or withdrawn goes up at the next
slide change, then the loop goes on where it was (gongkai.domain.rotation.Rotation); an
urgent notice cuts in at once.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.uix.widget import Widget

from device.store import Store
from gongkai.domain import playlist
from gongkai.domain.model import Org
from gongkai.domain.playlist import Programme, Slide, SlideKind
from gongkai.domain.rotation import Pacing, Rotation, revised
from gongkai.domain.schedule import ScreenState, state_at

from .media import SlideError
from .power import ScreenPower
from .proof import ProofOfPlay, play_record
from .settings import DisplaySettings

log = logging.getLogger("gongkai.display")
REST_CHECK_SECONDS = 30.0
"""How often a sleeping screen asks the schedule (and the store, for urgent notices) again."""


class Stage(Protocol):
    """What the LCD player and the LED wall offer the Conductor."""

    fader: Widget

    def show_slide(self, slide: Slide, orgs: dict[int, Org], now: datetime, position: str) -> None:
        """Put ``slide`` up at its first page, with ``position`` ("3 / 12") for the loop counter;
        SlideError when its file is bad."""
    def show_empty(self) -> None:
        """Nothing in the loop can be played for this screen now: say so rather than go black."""
    def show_rest(self) -> None:
        """The schedule has switched the screen off: show that it is resting."""
    def next_page(self) -> bool:
        """Turn to the slide's next page; False after the last; SlideError when its file is bad."""
    def pages_shown(self) -> int:
        """How many pages of the slide on screen have been up, for its play record."""
    def hold_seconds(self, pacing: Pacing) -> float:
        """How long the page now up should stay, at the screen's pacing."""
    def set_headlines(self, titles: list[str]) -> None:
        """The titles the headline ticker runs; none: no ticker."""


class Conductor:
    """Runs an unattended screen: what plays and for how long, the play records, and the panel's
    power at the schedule's edges."""

    def __init__(self, stage: Stage, store: Store, now: Callable[[], datetime],
                 settings: DisplaySettings, device_name: str, proof: ProofOfPlay, power: ScreenPower):
        self.stage, self.store, self.now, self.settings = stage, store, now, settings
        self.screen = playlist.Screen(device=device_name, groups=settings.groups)
        self.device_name = device_name
        self.proof, self.power = proof, power
        self.programme = Programme(on=True)
        self.orgs: dict[int, Org] = {}
        self.rotation = Rotation()
        """Where the loop is: the counter shows the position of the slide on screen."""
        self.stale = True
        self.time_scale = 1.0
        """Soak benchmarks run the day faster; slides then hold 1/time_scale as long."""
        self._showing: tuple[Slide, datetime, float] | None = None
        self._timer = None
        self._changing = False
        self._state: ScreenState | None = None
        self._versions: dict[int, int] | None = None
        """{item id: version} of the store's items as last read, to tell what sync changed."""

    # --- driven by the app -------------------------------------------------

    def start(self) -> None:
        """The app is up: put the first slide on screen (or rest, if the schedule has the screen off)."""
        self._next()

    def content_changed(self) -> None:
        """Sync committed or the day turned: re-read between slides, or now for an urgent notice."""
        self.stale = True
        if self._urgent_waiting():
            self.cut()

    def stop(self) -> None:
        """The app is closing: write the last slide's play record and let go of the outbox and the panel."""
        self._cancel_timer()
        self._finish()
        self.proof.close()
        self.power.close()

    def advance(self, *_args) -> None:
        """The current page has been up long enough: next page, or next slide (also when
        the next page's file turns out bad, which is reported like a bad slide)."""
        try:
            turned = self.stage.next_page()
        except SlideError as exc:
            self._report(self._showing[0], exc)
            turned = False
        if turned:
            self._arm()
            return
        self.cut()

    def cut(self) -> None:
        """End the current slide and fade to the next one."""
        if self._changing:
            return
        self._changing = True
        self._cancel_timer()
        self._finish()
        self._fade(0, then=self._change)

    # --- the rotation --------------------------------------------------------

    def _change(self) -> None:
        self._next()
        self._fade(1, then=None)
        self._changing = False

    def _next(self) -> None:
        now = self.now()
        if self.stale or self.rotation.at_end or self._schedule_turned(now):
            self._reload(now)
        else:
            self.rotation = self.rotation.next_slide()
        if not self.programme.on:
            self.power.set(False)
            self.stage.show_rest()
            self._arm(REST_CHECK_SECONDS)
            return
        self.power.set(True)
        if not self._show_playable(now):
            self.stage.show_empty()
        self._arm()

    def _reload(self, now: datetime) -> None:
        """Read the loop again and go one slide on in it (see Rotation.next_slide_in)."""
        items = self.store.items()
        self.programme = playlist.programme(items, self.screen, now, self.settings.playlist)
        self._state = state_at(self.settings.playlist.dayparts, self.settings.playlist.calendar, now)
        self.orgs = self.store.orgs()
        versions = {item.id: item.version for item in items}
        fresh = revised(self._versions, versions)
        self._versions = versions
        self.rotation = self.rotation.next_slide_in([slide.item.id for slide in self.programme.slides], fresh)
        self.stage.set_headlines(_headlines(self.programme))
        self.stale = False

    def _show_playable(self, now: datetime) -> bool:
        """Show the slide the rotation is at, skipping (and reporting) any whose files are bad."""
        slides = self.programme.slides
        for _attempt in range(len(slides)):
            position = self.rotation.position
            slide = slides[position]
            try:
                self.stage.show_slide(slide, self.orgs, now, f"{position + 1} / {len(slides)}")
            except SlideError as exc:
                self._report(slide, exc)
                self.rotation = self.rotation.next_slide()
                continue
            self._showing = (slide, now, time.monotonic())
            return True
        return False

    def _report(self, slide: Slide, exc: SlideError) -> None:
        """Skip the slide; forgetting the file hides the item until sync has fetched it again."""
        log.warning("slide for item %d skipped: %s", slide.item.id, exc)
        self.stale = True
        try:
            self.store.forget_file(exc.sha256)
        except Exception:  # the store busy or broken: the slide is skipped all the same
            log.exception("could not mark file %s for fetching again", exc.sha256)

    def _finish(self) -> None:
        """Write the play record of the slide leaving the screen."""
        if self._showing is None:
            return
        slide, started_at, started = self._showing
        self._showing = None
        seconds = (time.monotonic() - started) * self.time_scale
        self.proof.record(play_record(slide, started_at, seconds, self.device_name,
                                      self.settings.mode, self.stage.pages_shown()))

    def _urgent_waiting(self) -> bool:
        """An urgent notice has arrived that is not what the screen is showing."""
        showing_urgent = self._showing is not None and self._showing[0].kind is SlideKind.URGENT
        if showing_urgent:
            return False
        items = self.store.items()
        return any(playlist.urgent_now(item, self.now()) and playlist.aimed_at(item, self.screen)
                   for item in items)

    def _schedule_turned(self, now: datetime) -> bool:
        """A daypart began or ended since the loop was read: the loop must not run on past it."""
        return state_at(self.settings.playlist.dayparts, self.settings.playlist.calendar, now) != self._state

    # --- timing --------------------------------------------------------------

    def _arm(self, seconds: float | None = None) -> None:
        """Time the page once it is laid out (next frame), on what it actually shows."""
        def arm(_dt):
            hold = seconds if seconds is not None else self.stage.hold_seconds(self.settings.pacing)
            self._timer = Clock.schedule_once(self.advance, hold / self.time_scale)

        self._cancel_timer()
        self._timer = Clock.schedule_once(arm, 0)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fade(self, opacity: float, then: Callable[[], None] | None) -> None:
        duration = self.settings.transition_seconds / 2
        fader = self.stage.fader
        Animation.cancel_all(fader, "opacity")
        if duration <= 0:
            fader.opacity = opacity
            if then:
                then()
            return
        animation = Animation(opacity=opacity, d=duration, t="in_out_quad")
        if then:
            animation.bind(on_complete=lambda *_: then())
        animation.start(fader)


def _headlines(programme: Programme) -> list[str]:
    """The titles for the ticker, each once, in the loop's order."""
    return list(dict.fromkeys(slide.item.title for slide in programme.slides))
