"""Kiosk steps on top of the shared UI driver (tests.ui.driver), for scenarios that need more
than taps: a finger dragging a list or its scroll bar, sync publishing while someone reads,
and figures a screenshot cannot show (scroll position, rows in view, widgets alive).

Started as ``python -m tests.kiosk.driver spec.json`` (``run_scenario(..., driver=KIOSK_DRIVER)``
in tests.kiosk.conftest); every shared step works as well.

    {"drag": {"from": [0.5, 0.8], "to": [0.5, 0.2], "seconds": 0.3, "within": "rows"}}
        one finger pressed at "from", moved once a frame, lifted at "to": points are
        fractions of the current screen's widget with id "within" (of the window without);
        a quick drag flings the list on
    {"publish": {"like": "区管干部考察预告", "id": 9100, "title": "…"}}
        commit, as a sync page would, the item titled "like" with those fields changed and
        its version raised (with a new "id", another item made from it)
    {"measure": "name"}
        write out_dir/measure-name.json: the screen, its scroll position (also in pixels),
        the list rows in view (places, item ids, tops on screen) and in all, the widgets
        the screen holds (their uids, never reused) and how many of each class are alive
    {"pace": 0.1}
        settle this long after each later tap or snap instead of the usual 0.4 s
"""
from __future__ import annotations

import gc
import json
import sys
import time
from collections import Counter

from kivy.clock import Clock  # noqa: E402

from device.store import Store  # noqa: E402
from tests.ui import driver as shared  # first: it sets up Kivy's environment

from .content import publish, revised  # noqa: E402


class KioskDriver(shared.Driver):
    """The shared driver with the kiosk's own steps (see the module docstring)."""

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.pace = shared.SETTLE_SECONDS
        self.finger: Drag | None = None

    def perform(self, step: dict) -> float:
        (action, arg), = step.items()
        own = getattr(self, f"step_{action}", None)
        delay = own(arg) if own else super().perform(step)
        return self.pace if delay == shared.SETTLE_SECONDS else delay

    def step_pace(self, seconds: float) -> float:
        self.pace = float(seconds)
        return self.pace

    def step_drag(self, how: dict) -> float:
        seconds = float(how.get("seconds", 0.3))
        box = _box(self.app, how.get("within"))
        start, end = _point(box, how["from"]), _point(box, how["to"])
        self.finger = Drag(start, end, seconds)
        self.steps.insert(0, {"lifted": None})
        return seconds

    def step_lifted(self, _arg) -> float:
        """Put after every drag: the next step waits until the finger is up, however slow the frames."""
        if not self.finger.lifted:
            raise shared.NotYet("the finger is still down")
        return shared.SETTLE_SECONDS

    def step_publish(self, fields: dict) -> float:
        store = Store(self.store_path)
        try:
            publish(store, [revised(store, fields["like"], {k: v for k, v in fields.items() if k != "like"})])
        finally:
            store.close()
        return shared.SETTLE_SECONDS

    def step_measure(self, name: str) -> float:
        figures = measure(self.app)
        (self.out_dir / f"measure-{name}.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
        return shared.SETTLE_SECONDS


def _box(app, within: str | None) -> tuple[float, float, float, float]:
    """(x, y, width, height) in window coordinates of the named widget, or of the window."""
    from kivy.core.window import Window

    if within is None:
        return 0, 0, Window.width, Window.height
    x0, y0, x1, y1 = shared._window_box(app.screens.current_screen.ids[within])
    return x0, y0, x1 - x0, y1 - y0


def _point(box, fractions) -> tuple[float, float]:
    x, y, width, height = box
    return x + width * fractions[0], y + height * fractions[1]


FINGER_HZ = 60
"""Touch samples a second of the finger's own time, as a touchscreen reports them."""


class FingerClock:
    """The time a dragging finger lives in: one FINGER_HZ sample later at every frame, however
    long the machine took to draw it. Kivy's scroll effects read it while the finger is down
    (they would read the wall clock), so a flick has the same pace on a loaded machine."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def tick(self) -> None:
        """One touch sample later."""
        self.now += 1 / FINGER_HZ


def scroll_effects_read(clock) -> None:
    """Make ``clock`` the time Kivy's scroll effects read."""
    from kivy.effects import kinetic, scroll

    kinetic.time = scroll.time = clock


class Drag:
    """A finger pressed at ``start``, moved one sample a frame, lifted at ``end`` after
    ``seconds`` of its own time (FingerClock): the pace is what decides whether a list flings on."""

    def __init__(self, start: tuple[float, float], end: tuple[float, float], seconds: float):
        from kivy.tests.common import UnitTestTouch

        self.start, self.end = start, end
        self.samples, self.moved, self.lifted = max(1, round(seconds * FINGER_HZ)), 0, False
        self.clock, self.finger = FingerClock(), UnitTestTouch(*start)
        scroll_effects_read(self.clock)
        self.finger.touch_down()
        if self.move():  # the first sample at once: a list takes the touch as a scroll before its scroll_timeout
            Clock.schedule_interval(self.move, 0)

    def move(self, _dt: float = 0) -> bool:
        """The next sample; the last lifts the finger. False once lifted (Clock stops calling)."""
        self.moved += 1
        self.clock.tick()
        done = self.moved / self.samples
        self.finger.touch_move(self.start[0] + (self.end[0] - self.start[0]) * done,
                               self.start[1] + (self.end[1] - self.start[1]) * done)
        if done < 1.0:
            return True
        self.finger.touch_up()
        scroll_effects_read(time.time)
        self.lifted = True
        return False


def measure(app) -> dict:
    """What the test cannot read off a screenshot (see the module docstring)."""
    from kivy.uix.widget import Widget

    gc.collect()  # only the widgets something still holds
    screen = app.screens.current_screen
    scroller = screen.ids.get("rows") or screen.ids.get("scroll")
    layout = getattr(scroller, "layout_manager", None)
    rows = sorted(layout.view_indices.values()) if layout else []
    return {
        "screen": screen.name,
        "scroll_y": scroller.scroll_y if scroller else None,
        "scrolled_px": _scrolled_px(scroller) if scroller else 0,
        "view_height": scroller.height if scroller else 0,
        "rows": rows,
        "row_ids": [scroller.data[n]["item"].id for n in rows],
        "row_tops": {scroller.data[n]["item"].id: w.to_window(w.x, w.top)[1]
                     for w, n in layout.view_indices.items()} if layout else {},
        "row_count": len(scroller.data) if layout else 0,
        "widgets": sorted(widget.uid for widget in screen.walk(restrict=True)),
        "alive": Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget)),
    }


def _scrolled_px(scroller) -> float:
    """How far the content is scrolled from its top, in pixels."""
    return (1 - scroller.scroll_y) * max(scroller.viewport_size[1] - scroller.height, 0)


if __name__ == "__main__":
    shared.Driver = KioskDriver
    shared.main(sys.argv[1])
