"""Child side of a UI scenario: run the real app and drive it from Kivy's Clock.

Started by tests.ui.harness as ``python -m tests.ui.driver spec.json``; one App per
process, as Kivy requires. Steps run one after another, each after a settle delay:

    {"tap": "组织建设"}          touch the visible widget showing that text (down + up)
    {"snap": "home"}             screenshot into out_dir/home.png and record what is on screen
    {"next_slide": "撤回"}       display: advance slides until one shows that text
    {"withdraw": "区管干部考察预告"}  withdraw that item through another Store connection, as sync would
    {"wait": 4}                  let the app run (e.g. for its store poll)
    {"tap_at": [0.97, 0.97]}     touch the window at fractions of its width and height
    {"double_tap": "图片"}        a double tap on the visible widget showing that text
    {"pinch": 2.0}               two fingers spreading (or closing) from the window's centre
    {"query": "党费"}             put a query into the kiosk's search (Chinese, as hot words do)
    {"until": "不用了"}           wait until a visible label shows that text
    {"until_screen": "attract"}  wait until that screen is current, its transition over

A tap (or double tap) on text that is not on screen yet waits for it, as ``until`` does, for
up to SHOW_SECONDS: on a loaded machine a screen may come up later than usual. A step that
raises NotYet is tried again that way.

The spec's optional "kiosk" and "display" hold the device config's [kiosk] and [display] sections.

The result (snapshots, or the error) is written to out_dir/result.json.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
import traceback
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

from kivy.clock import Clock  # noqa: E402

from device.config import DeviceConfig  # noqa: E402
from device.store import Store  # noqa: E402
from gongkai.domain.model import ItemStatus  # noqa: E402
from gongkai.protocol import Change, FeedPage  # noqa: E402

SETTLE_SECONDS = 0.4
WATCHDOG_SECONDS = 40
"""A scenario fails when no step has begun this long after the last one was due (a wedged app)."""
SHOW_SECONDS = 30
"""How long a step waits for the text it needs to come on screen."""
LOOK_SECONDS = 0.1
"""How often a waiting step looks again."""
MAX_SLIDES = 100


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    driver = Driver(spec)
    try:
        config = DeviceConfig(path=Path(spec_path), hub_url="http://127.0.0.1:9", token=spec.get("token", "unused"),
                              public_key="unused", store_path=Path(spec["store_path"]),
                              name=spec["name"], kiosk=spec.get("kiosk", {}),
                              display=spec.get("display", {}))
        Clock.schedule_once(lambda _dt: driver.next_step(), 1.0)
        Clock.schedule_interval(lambda _dt: driver.watch(), 1.0)
        run = _app_runner(spec["app"])
        run(config, size=tuple(spec["size"]), fullscreen=False, clock=_pinned_clock(spec["now"]))
    except Exception:
        # Kivy routes stderr into its logger, so the traceback goes into the result.
        driver.fail(traceback.format_exc())
    if not driver.finished:
        driver.write({"error": "app stopped before the scenario ended"})
    sys.exit(0 if driver.ok else 1)


def _app_runner(name: str):
    if name == "kiosk":
        from kiosk.app import run
    else:
        from display.app import run
    return run


def _pinned_clock(now_iso: str):
    """Time starts at the scenario's ``now`` and runs on from there."""
    start, started = datetime.fromisoformat(now_iso), time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - started)


class NotYet(LookupError):
    """The state a step needs (a label on screen, a screen up) has not come yet."""


class Driver:
    """Runs a scenario's steps one after another from Kivy's Clock and writes the result."""

    def __init__(self, spec: dict):
        self.steps = list(spec["steps"])
        self.out_dir = Path(spec["out_dir"])
        self.store_path = spec["store_path"]
        self.now = datetime.fromisoformat(spec["now"])
        self.snapshots: list[dict] = []
        self.slides_skipped = 0
        self.drawn = False
        self.finished = False
        self.ok = False
        self.due = time.monotonic() + WATCHDOG_SECONDS
        """When the watchdog gives up unless a step begins."""
        self.waiting_since: float | None = None
        """When the step at the head began waiting for its text to come on screen."""

    @property
    def app(self):
        from kivy.app import App
        return App.get_running_app()

    def next_step(self) -> None:
        if self.app is None or self.app.root is None or not self.drawn:
            # The first step waits for the first frames: a snapshot taken in the frame the
            # root was built in would show an empty window.
            self.drawn = self.app is not None and self.app.root is not None
            Clock.schedule_once(lambda _dt: self.next_step(), SETTLE_SECONDS)
            return
        if not self.steps:
            self.finish()
            return
        step = self.steps.pop(0)
        try:
            delay = self.attempt(step)
        except Exception:
            self.fail(f"step {step} failed:\n{traceback.format_exc()}")
            return
        self.due = time.monotonic() + delay + WATCHDOG_SECONDS
        Clock.schedule_once(lambda _dt: self.next_step(), delay)

    def attempt(self, step: dict) -> float:
        """Perform ``step``, or put it back to try again shortly while the text it needs is
        not on screen yet (for up to SHOW_SECONDS); the delay before the next step."""
        try:
            delay = self.perform(step)
        except NotYet:
            self.waiting_since = self.waiting_since or time.monotonic()
            if time.monotonic() - self.waiting_since > SHOW_SECONDS:
                raise
            self.steps.insert(0, step)
            return LOOK_SECONDS
        self.waiting_since = None
        return delay

    def watch(self) -> None:
        """Fail the scenario when no step has begun for WATCHDOG_SECONDS past its time."""
        if time.monotonic() > self.due:
            self.fail(f"watchdog: no step began for {WATCHDOG_SECONDS} s; steps left: {self.steps[:3]}")

    def perform(self, step: dict) -> float:
        (action, arg), = step.items()
        if action == "tap":
            tap(find_visible(arg))
        elif action == "snap":
            self.snapshots.append(snapshot(arg, self.out_dir, self.app))
        elif action == "next_slide":
            return self.next_slide(step)
        elif action == "withdraw":
            withdraw(self.store_path, arg, self.now)
        elif action == "wait":
            return float(arg)
        elif action == "tap_at":
            tap_at(*arg)
        elif action == "double_tap":
            tap(find_visible(arg), double=True)
        elif action == "pinch":
            pinch(float(arg))
        elif action == "query":
            self.app.screens.get_screen("search").set_query(arg)
            return SETTLE_SECONDS + 0.5
        elif action == "until":
            find_visible(arg)
        elif action == "until_screen":
            entered(self.app.root, arg)
        else:
            raise ValueError(f"unknown step {action!r}")
        return SETTLE_SECONDS

    def next_slide(self, step: dict) -> float:
        """Advance one slide a frame, so each is laid out before it is looked at."""
        if any(step["next_slide"] in shown_text(label) for label in visible_labels()):
            self.slides_skipped = 0
            return SETTLE_SECONDS
        self.slides_skipped += 1
        if self.slides_skipped > MAX_SLIDES:
            raise LookupError(f"no slide showed {step['next_slide']!r} within {MAX_SLIDES} slides")
        self.app.conductor.advance()
        self.steps.insert(0, step)
        return 0.1

    def finish(self) -> None:
        self.ok = True
        self.write({"snapshots": self.snapshots})

    def fail(self, message: str) -> None:
        if not self.finished:
            self.write({"error": message, "snapshots": self.snapshots})

    def write(self, result: dict) -> None:
        self.finished = True
        (self.out_dir / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                                  encoding="utf-8")
        app = self.app
        if app:
            app.stop()


# --- what the steps do ------------------------------------------------------

def visible_rect(widget) -> tuple[float, float, float, float] | None:
    """The part of ``widget`` actually on screen, in window coordinates, or None.

    Clipped by the window and by every scrolling ancestor (StencilView), so a row
    scrolled out of a list does not count as shown.
    """
    from kivy.core.window import Window
    from kivy.uix.stencilview import StencilView

    if widget.opacity == 0 or widget.width <= 1 or widget.height <= 1:
        return None
    rect = _window_box(widget)
    rect = _intersect(rect, (0, 0, Window.width, Window.height))
    parent = widget.parent
    while rect and parent is not None and parent is not Window:
        if parent.opacity == 0:
            return None
        if isinstance(parent, StencilView):
            rect = _intersect(rect, _window_box(parent))
        parent = parent.parent
    return rect


def _window_box(widget):
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    return (x0, y0, x1, y1)


def _intersect(a, b):
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[2] > box[0] and box[3] > box[1] else None


def visible_labels():
    from kivy.core.window import Window
    from kivy.uix.label import Label

    for root in Window.children:
        for widget in root.walk(restrict=True):
            if isinstance(widget, Label) and widget.text and visible_rect(widget):
                yield widget


def shown_text(label) -> str:
    """A label's text as read, wherever its lines were broken."""
    return plain_text(label).replace("\n", "")


_MARKUP_TAG = re.compile(r"\[/?(?:b|i|u|s|sub|sup|color|font|size|ref|anchor)(?:=[^\]]*)?\]")


_MARKED = re.compile(r"\[color=[^\]]*\](.*?)\[/color\]")


def min_touch_target() -> float:
    """The smallest side of any visible, enabled touch target (buttons, tiles, rows, keys)."""
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior

    sides = [min(w.size) for root in Window.children for w in root.walk(restrict=True)
             if isinstance(w, ButtonBehavior) and not w.disabled and visible_rect(w)]
    return min(sides, default=0)


def plain_text(label) -> str:
    """What a reader sees: a markup label's tags removed and its escapes undone."""
    if not label.markup:
        return label.text
    text = _MARKUP_TAG.sub("", label.text)
    return text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


def find_visible(text: str):
    """The first visible label showing exactly ``text``, else the first containing it; NotYet if none."""
    labels = list(visible_labels())
    for match in (lambda t: t == text, lambda t: text in t):
        found = [label for label in labels if match(shown_text(label))]
        if found:
            return found[0]
    raise NotYet(f"no visible label shows {text!r}; on screen: {[l.text for l in labels]}")


def entered(manager, name: str) -> None:
    """NotYet unless the screen ``name`` is current in ``manager`` and done coming in."""
    if manager.current != name or manager.transition.is_active:
        raise NotYet(f"screen {name!r} is not up; {manager.current!r} is")


def tap(widget, double: bool = False) -> None:
    """A real touch at the centre of the visible part of ``widget``, through the window."""
    x0, y0, x1, y1 = visible_rect(widget)
    _touch((x0 + x1) / 2, (y0 + y1) / 2, double)


def tap_at(fx: float, fy: float) -> None:
    from kivy.core.window import Window

    _touch(Window.width * fx, Window.height * fy)


def _touch(x: float, y: float, double: bool = False) -> None:
    from kivy.tests.common import UnitTestTouch

    touch = UnitTestTouch(x, y)
    touch.is_double_tap = double
    touch.touch_down()
    touch.touch_up()


def pinch(factor: float, steps: int = 10) -> None:
    """Two fingers 200 px apart at the window's centre, moved apart until ``factor`` times that."""
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    cx, cy, half = Window.width / 2, Window.height / 2, 100
    fingers = [UnitTestTouch(cx - half, cy), UnitTestTouch(cx + half, cy)]
    for finger in fingers:
        finger.touch_down()
    for step in range(1, steps + 1):
        spread = half * (1 + (factor - 1) * step / steps)
        fingers[0].touch_move(cx - spread, cy)
        fingers[1].touch_move(cx + spread, cy)
    for finger in fingers:
        finger.touch_up()


def snapshot(name: str, out_dir: Path, app) -> dict:
    from kivy.core.window import Window

    from device.ui.text import Paragraph

    saved = Window.screenshot(name=str(out_dir / f"{name}.png"))
    path = out_dir / f"{name}.png"
    os.replace(saved, path)
    labels = list(visible_labels())
    screens = getattr(app.root, "current", None)
    return {
        "name": name,
        "png": str(path),
        "window": list(Window.size),
        "screen": screens,
        "texts": [plain_text(label) for label in labels],
        "paragraphs": [plain_text(label).split("\n") for label in labels
                       if isinstance(label, Paragraph) or label.markup],
        "min_font_size": min((label.font_size for label in labels), default=0),
        "marked": [mark for label in labels if label.markup for mark in _MARKED.findall(label.text)],
        "min_touch": min_touch_target(),
        "overflowing": [label.text[:40] for label in labels if _overflows(label)],
    }


def _overflows(label) -> bool:
    """Text sticking out of its column or off the window: cut off, or running into a neighbour.

    A paragraph may exceed its column by one character: 悬挂标点 hangs punctuation.
    """
    from kivy.core.window import Window

    from device.ui.text import Paragraph

    x0, _, x1, _ = _window_box(label)
    if x0 < -1 or x1 > Window.width + 1:
        return True
    if isinstance(label, Paragraph) and label.width > label.parent.width + label.font_size:
        return True
    return _spills_out_of(label, label.parent)


def _spills_out_of(label, box) -> bool:
    """A label higher than its box: a tile's title wrapped to two lines in a tile one line
    deep, drawn over the tile above. (Inside a scroll view the box is the scrolled content.)"""
    from kivy.core.window import Window

    if box is None or box is Window or box.height <= 0:
        return False
    _, y0, _, y1 = _window_box(label)
    _, b0, _, b1 = _window_box(box)
    return y0 < b0 - 2 or y1 > b1 + 2


def withdraw(store_path: str, title: str, now: datetime) -> None:
    """Commit a withdrawn version of the item titled ``title``, as a sync page would."""
    store = Store(store_path)
    try:
        item = next(i for i in store.items() if i.title == title)
        withdrawn = replace(item, version=item.version + 1, status=ItemStatus.WITHDRAWN,
                            withdrawn_at=now, withdrawal_note="经核实，此项公示信息有误，予以撤回。")
        seq = store.cursor + 1
        store.apply_page(FeedPage(seq, False, [Change(seq, "item", item.id, withdrawn)]))
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1])
