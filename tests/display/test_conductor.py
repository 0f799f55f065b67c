"""The rotation run against a real store with a stand-in stage: no window, the clock pinned."""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timedelta, timezone

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402

from device import outbox  # noqa: E402
from display import settings  # noqa: E402
from display.conductor import Conductor  # noqa: E402
from display.media import SlideError  # noqa: E402
from display.power import ScreenPower  # noqa: E402
from display.proof import ProofOfPlay  # noqa: E402
from gongkai.domain.model import Attachment, ItemStatus  # noqa: E402
from gongkai.domain.playlist import SlideKind  # noqa: E402
from tests.content import demo_store  # noqa: E402
from tests.display.conftest import publish  # noqa: E402
from tests.ui.harness import NOW  # noqa: E402

DEVICE = "禾丰社区党群服务中心大厅屏"


class FakeStage:
    """Records what the Conductor asks to be shown; refuses items with a broken file, or
    the second page of items whose second page's file is broken."""

    def __init__(self, broken: set[int] = frozenset(), broken_page: set[int] = frozenset()):
        self.fader = SimpleNamespace(opacity=1.0)
        self.shown: list = []
        self.counters: list[str] = []
        self.broken, self.broken_page = broken, broken_page

    def show_slide(self, slide, orgs, now, position):
        if slide.item.id in self.broken:
            raise SlideError(slide.item.attachments[0].sha256, "is missing")
        self.shown.append(slide)
        self.counters.append(position)

    def show_empty(self):
        self.shown.append("empty")

    def show_rest(self):
        self.shown.append("rest")

    def next_page(self):
        slide = self.shown[-1]
        if slide not in ("empty", "rest") and slide.item.id in self.broken_page:
            raise SlideError(slide.item.attachments[-1].sha256, "cannot be decoded")
        return False

    def pages_shown(self):
        return 1

    def hold_seconds(self, pacing):
        return pacing.min_seconds

    def set_headlines(self, titles):
        self.headlines = titles


@pytest.fixture
def store(tmp_path):
    store = demo_store(tmp_path / "store.db", NOW)
    yield store
    store.close()


def conductor(store, stage, clock, commands=None, **display):
    chosen = settings.parse({"transition_seconds": 0, **display}, "https://hub.example.cn")
    power = ScreenPower(("on",), ("off",), run=lambda command: commands.append(command[0])
                        if commands is not None else True)
    return Conductor(stage, store, clock, chosen, DEVICE, ProofOfPlay(store.path), power)


def test_every_slide_shown_leaves_a_complete_play_record(store):
    stage, now = FakeStage(), [NOW]
    rotation = conductor(store, stage, lambda: now[0])
    rotation.start()
    for _ in range(5):
        now[0] += timedelta(seconds=20)
        rotation.advance()
    rotation.stop()
    later = datetime.now(timezone.utc) + timedelta(days=1)
    plays = [p.payload for p in outbox.due(store, later) if p.kind == "play"]
    assert [p["item_id"] for p in plays] == [s.item.id for s in stage.shown]   # stop() closes the last
    first = plays[0]
    assert first["version"] == stage.shown[0].item.version
    assert first["kind"] == SlideKind.GONGSHI.value and first["device"] == DEVICE
    assert first["started_at"] == NOW.isoformat() and first["seconds"] >= 0
    assert first["mode"] == "lcd" and first["pages"] == 1


def test_an_urgent_notice_cuts_in_at_once_and_leaves_when_it_ends(store):
    stage, now = FakeStage(), [NOW]
    rotation = conductor(store, stage, lambda: now[0])
    rotation.start()
    base = next(i for i in store.items() if i.time_limit.value == "standing")
    urgent = replace(base, id=900, title="紧急通知：今日14时至18时停水", urgent=True,
                     published_at=NOW, urgent_until=NOW + timedelta(hours=1))
    publish(store, urgent)
    rotation.content_changed()
    assert stage.shown[-1].kind is SlideKind.URGENT
    rotation.advance()
    assert stage.shown[-1].item.id == urgent.id      # alone in the loop while it lasts
    now[0] += timedelta(hours=1)
    rotation.advance()
    assert stage.shown[-1].item.id != urgent.id
    rotation.stop()


def test_the_loop_plays_in_order_however_often_the_store_says_it_changed(store):
    stage = FakeStage()
    rotation = conductor(store, stage, lambda: NOW)
    rotation.start()
    loop = [slide.item.id for slide in rotation.programme.slides]
    for _ in range(len(loop) + 2):
        rotation.content_changed()       # as the store's poll said after each play record, heartbeat…
        rotation.advance()
    rotation.stop()
    assert [slide.item.id for slide in stage.shown] == loop + loop[:3]
    assert stage.counters == [f"{n % len(loop) + 1} / {len(loop)}" for n in range(len(loop) + 3)]


def test_a_withdrawal_goes_up_at_the_next_change_then_the_loop_goes_on_where_it_was(store):
    stage = FakeStage()
    rotation = conductor(store, stage, lambda: NOW)
    rotation.start()
    rotation.advance()
    loop = rotation.programme.slides
    target = loop[-1].item
    publish(store, replace(target, version=target.version + 1, status=ItemStatus.WITHDRAWN, withdrawn_at=NOW,
                           withdrawal_note="经核实，此项公示信息有误，予以撤回。"))
    rotation.content_changed()
    rotation.advance()
    notice = stage.shown[-1]
    assert (notice.item.id, notice.kind) == (target.id, SlideKind.WITHDRAWAL)
    place = int(stage.counters[-1].split(" / ")[0]) - 1
    assert rotation.programme.slides[place] == notice          # the counter says where it stands in the loop
    rotation.advance()
    assert stage.shown[-1].item.id == loop[2].item.id
    rotation.stop()


def attached_to_first_slide(store, attachment):
    """The item the loop opens on, published again with ``attachment``, whose file the store holds."""
    store.add_file(attachment.sha256, attachment.size)
    first = conductor(store, FakeStage(), lambda: NOW)
    first.start()
    item = replace(first.programme.slides[0].item, attachments=(attachment,), version=50)
    first.stop()
    publish(store, item)
    assert store.item(item.id) is not None
    return item


@pytest.mark.parametrize("name, broken", [("现场照片.png", "broken"), ("党费明细.pdf 第1页", "broken_page")],
                         ids=["image found bad as the slide goes up", "document page found bad when turned to"])
def test_a_bad_file_ends_its_slide_hides_the_item_and_is_fetched_again(store, name, broken):
    bad = Attachment("ab" * 32, 1234, "image/png", name)
    item = attached_to_first_slide(store, bad)
    stage = FakeStage(**{broken: {item.id}})
    rotation = conductor(store, stage, lambda: NOW)
    rotation.start()
    if broken == "broken_page":
        assert stage.shown[0].item.id == item.id
        rotation.advance()
    assert stage.shown[-1] != "empty"                          # the next slide, not a black screen
    assert stage.shown[-1].item.id != item.id
    assert store.item(item.id) is None                         # hidden until fetched again
    assert (bad.sha256, bad.size) in store.wanted_files()
    rotation.stop()


def test_the_screen_sleeps_at_night_and_the_panel_is_switched(store):
    commands: list[str] = []
    night = {"dayparts": [{"days": ["daily"], "from": "22:00", "to": "07:00", "off": True}]}
    now = [NOW.replace(hour=21, minute=59)]
    stage = FakeStage()
    rotation = conductor(store, stage, lambda: now[0], commands, **night)
    rotation.start()
    now[0] += timedelta(minutes=2)
    rotation.advance()
    rotation.advance()
    assert stage.shown[-1] == "rest"
    now[0] = now[0].replace(hour=7) + timedelta(days=1)
    rotation.advance()
    assert stage.shown[-1] not in ("rest", "empty")
    rotation.stop()
    assert commands == ["on", "off", "on"]
