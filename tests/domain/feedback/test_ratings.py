"""When a kiosk asks the reader of an item to rate it (gongkai.domain.feedback.ratings.ask_after_reading)."""
from __future__ import annotations

import pytest

from gongkai.domain.feedback.ratings import GLANCE_SECONDS, ask_after_reading
from gongkai.domain.rules import Presence

DWELL = 45.0


def asked(seconds: float, reached_end: bool, *, asked_before: bool = False,
          presence: Presence = Presence.LIVE) -> bool:
    return ask_after_reading(presence, seconds_open=seconds, reached_end=reached_end,
                             asked_before=asked_before, dwell_seconds=DWELL)


def test_a_reader_who_reached_the_end_is_asked_once_past_a_glance():
    assert not asked(GLANCE_SECONDS - 1, reached_end=True), "flicked to the end is not read"
    assert asked(GLANCE_SECONDS, reached_end=True)


def test_a_reader_still_reading_is_asked_after_the_dwell_time():
    assert not asked(DWELL - 1, reached_end=False)
    assert asked(DWELL, reached_end=False)


@pytest.mark.parametrize("reached_end", [True, False])
def test_an_item_is_asked_about_once(reached_end):
    assert not asked(DWELL * 10, reached_end, asked_before=True)


@pytest.mark.parametrize("presence", [Presence.WITHDRAWAL_NOTICE, Presence.HIDDEN])
def test_withdrawn_or_gone_items_are_not_rated(presence):
    assert not asked(DWELL * 10, reached_end=True, presence=presence)
