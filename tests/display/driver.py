"""Display steps on top of the shared UI driver (tests.ui.driver), for scenarios that let the
rotation run at its own pace: what went up on screen and when, other writers busy on the
store meanwhile, and a publication arriving while a slide is up.

Started as ``python -m tests.display.driver spec.json`` (``run_scenario(..., driver=DISPLAY_DRIVER)``);
every shared step works as well.

    {"watch": 1.5}
        from now on note every slide that goes up (its title and counter, when it went up)
        into out_dir/seen.json, and snap it ("slide-01", …) this many seconds after it went up;
        the slide already up is snapped at once, and when it went up is not known (null)
    {"chatter": 1.0}
        from now on, every this many seconds, write to the store through a connection of its
        own as the device's other programs do: a heartbeat into the outbox, sync's record of
        its run, and every third time a feed page that changes nothing this screen shows
    {"until_seen": {"slides": 4, "within": 30}}
        wait until that many slides have gone up, or the deadline has passed (the checks
        afterwards say what went wrong)
    {"publish": {…an item as on the wire…}}
        commit the item as one sync page would, through a connection of its own
"""
from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone

from kivy.clock import Clock  # noqa: E402

from device import outbox  # noqa: E402
from device.store import Store  # noqa: E402
from gongkai.protocol import Change, FeedPage, parse_item  # noqa: E402
from tests.ui import driver as shared  # first: it sets up Kivy's environment

from .conftest import publish  # noqa: E402

SAMPLE_SECONDS = 0.1
"""How often the stage is looked at for a new slide."""


class DisplayDriver(shared.Driver):
    """The shared driver with the display's own steps (see the module docstring)."""

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.seen: list[dict] = []
        self.snap_after = 0.0
        self.writer: Store | None = None
        self.chats = 0

    def perform(self, step: dict) -> float:
        (action, arg), = step.items()
        own = getattr(self, f"step_{action}", None)
        return own(arg) if own else super().perform(step)

    def step_watch(self, snap_after: float) -> float:
        self.snap_after = float(snap_after)
        self.look(already_up=True)
        Clock.schedule_interval(self.look, SAMPLE_SECONDS)
        return 0

    def step_chatter(self, every: float) -> float:
        self.writer = Store(self.store_path)
        Clock.schedule_interval(self.chatter, float(every))
        return 0

    def step_until_seen(self, wanted: dict) -> float:
        deadline = wanted.setdefault("deadline", time.monotonic() + float(wanted["within"]))
        if len(self.seen) >= wanted["slides"] or time.monotonic() > deadline:
            return 0
        self.steps.insert(0, {"until_seen": wanted})
        return SAMPLE_SECONDS

    def step_publish(self, wire: dict) -> float:
        store = Store(self.store_path)
        try:
            publish(store, parse_item(wire, "publish step"))
        finally:
            store.close()
        return 0

    def look(self, _dt: float = 0, already_up: bool = False) -> None:
        """Note the slide on the stage when it is not the one noted last."""
        player = self.app.root
        stage = player.ids.stage.children
        if not stage or stage[0] is not player.item_slide:
            return
        shown = {"title": player.item_slide.title, "position": player.item_slide.position}
        if self.seen and {k: self.seen[-1][k] for k in shown} == shown:
            return
        self.seen.append({**shown, "at": None if already_up else time.monotonic()})
        (self.out_dir / "seen.json").write_text(json.dumps(self.seen, ensure_ascii=False), encoding="utf-8")
        name = f"slide-{len(self.seen):02d}"
        Clock.schedule_once(lambda _dt: self.snapshots.append(shared.snapshot(name, self.out_dir, self.app)),
                            0 if already_up else self.snap_after)

    def chatter(self, *_args) -> None:
        now = datetime.now(timezone.utc)
        self.chats += 1
        outbox.add(self.writer, "heartbeat", {"device": "test", "at": now.isoformat()})
        self.writer.record_sync(now, None)
        if self.chats % 3 == 0:
            org = next(iter(self.writer.orgs().values()))
            seq = self.writer.cursor + 1
            self.writer.apply_page(FeedPage(seq, False, [Change(seq, "org", org.id, org)]))


if __name__ == "__main__":
    shared.Driver = DisplayDriver
    shared.main(sys.argv[1])
