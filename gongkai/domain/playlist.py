"""What an unattended screen plays now: the pure playlist engine behind LCD signage and LED walls.

From the items in the device's store, the screen's identity and its schedule it decides:

* urgent notices (紧急通知) preempt everything while they last, and wake a screen the
  schedule has switched off — the one way to reach every screen at once in an emergency;
* otherwise the screen plays, in tiers: current 公示 (即时), withdrawal notices (六.1: a
  withdrawal is published with its explanation), new items, 定期 and 分期 items, 长期 items;
* each tier has a weight: how many times per loop each of its items comes round, spread
  evenly through the loop, so a 公示 is seen three times as often as the standing rules;
* only items for this screen: 全社会 items (rules.presence), untargeted or aimed at this
  device or one of its groups, in the categories the current daypart plays.

Nothing here touches Kivy, the store or the clock: ``now`` is an argument.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from . import rules
from .model import Disclosure, TimeLimit
from .rules import Presence
from .schedule import Calendar, Daypart, state_at


class SlideKind(enum.StrEnum):
    """Why an item is on screen; also the tier order of a loop, first to last."""

    URGENT = "urgent"
    GONGSHI = "gongshi"
    WITHDRAWAL = "withdrawal"
    NEW = "new"
    PERIODIC = "periodic"
    PHASED = "phased"
    STANDING = "standing"


TIER_ORDER = tuple(SlideKind)
DEFAULT_WEIGHTS: Mapping[SlideKind, int] = MappingProxyType({
    SlideKind.URGENT: 1, SlideKind.GONGSHI: 3, SlideKind.WITHDRAWAL: 2, SlideKind.NEW: 2,
    SlideKind.PERIODIC: 1, SlideKind.PHASED: 1, SlideKind.STANDING: 1,
})
"""Times per loop an item of each kind is shown; a 公示 has a deadline, standing rules do not."""


@dataclass(frozen=True)
class Screen:
    """Who this screen is, for targeting: its hub device name and the groups it belongs to."""

    device: str = ""
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    """The screen's playlist settings (from display.* config): weights and schedule."""

    weights: Mapping[SlideKind, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    dayparts: tuple[Daypart, ...] = ()
    calendar: Calendar = Calendar()


@dataclass(frozen=True)
class Slide:
    """One item's turn in the loop, with why it is there (which tier it plays in)."""

    item: Disclosure
    kind: SlideKind


@dataclass(frozen=True)
class Programme:
    """What the screen does at one moment: on or off, and the loop it plays."""

    on: bool
    slides: tuple[Slide, ...] = field(default=())
    daypart: str = ""


def programme(items: Iterable[Disclosure], screen: Screen, now: datetime,
              settings: Rules = Rules()) -> Programme:
    """The loop for ``now``: urgent notices alone if any, else the daypart's weighted loop."""
    mine = [item for item in items if aimed_at(item, screen)]
    urgent = [Slide(item, SlideKind.URGENT) for item in rules.display_order(mine, now)
              if urgent_now(item, now)]
    state = state_at(settings.dayparts, settings.calendar, now)
    if urgent:
        return Programme(on=True, slides=tuple(urgent), daypart=state.daypart)
    if not state.on:
        return Programme(on=False, daypart=state.daypart)
    slides = [Slide(item, kind) for item in rules.display_order(mine, now)
              if (kind := kind_of(item, now)) is not None
              and (state.categories is None or item.category in state.categories)]
    return Programme(on=True, slides=tuple(weighted_loop(slides, settings.weights)),
                     daypart=state.daypart)


def aimed_at(item: Disclosure, screen: Screen) -> bool:
    """Untargeted items are for every screen; targeted ones for named devices and groups."""
    targets = item.targets
    return (targets.everyone or screen.device in targets.devices
            or not targets.groups.isdisjoint(screen.groups))


def urgent_now(item: Disclosure, now: datetime) -> bool:
    """An urgent notice preempts from its publish time until its end (or its withdrawal)."""
    if not item.urgent or rules.presence(item, now) is not Presence.LIVE:
        return False
    return item.urgent_until is None or now < item.urgent_until


def kind_of(item: Disclosure, now: datetime) -> SlideKind | None:
    """The tier of a non-urgent item on screen at ``now``; None when it is not shown.

    An urgent notice that has ended is gone, not demoted to an ordinary slide: its words
    ("停水至18时") are wrong once it is over.
    """
    presence = rules.presence(item, now)
    if presence is Presence.HIDDEN or item.urgent:
        return None
    if presence is Presence.WITHDRAWAL_NOTICE:
        return SlideKind.WITHDRAWAL
    if item.time_limit is TimeLimit.IMMEDIATE:
        return SlideKind.GONGSHI
    if rules.is_new(item, now):
        return SlideKind.NEW
    return {TimeLimit.PERIODIC: SlideKind.PERIODIC, TimeLimit.PHASED: SlideKind.PHASED}.get(
        item.time_limit, SlideKind.STANDING)


def weighted_loop(slides: Sequence[Slide], weights: Mapping[SlideKind, int]) -> list[Slide]:
    """Each slide ``weights[kind]`` times, its showings spread evenly through the loop.

    Showing k of a slide shown w times sits at (k + ½)/w of the loop; ties go by tier,
    then by the order given. The same item never plays twice in a row, wrapping around
    included: a showing that would is moved back to where it has other neighbours, or
    dropped when there is no such place (a loop of one item is that item once).
    """
    placed = sorted(
        ((k + 0.5) / weight, TIER_ORDER.index(slide.kind), n, slide)
        for n, slide in enumerate(slides)
        for weight in [max(1, weights.get(slide.kind, 1))]
        for k in range(weight)
    )
    loop: list[Slide] = []
    for *_key, slide in placed:
        _insert_apart(loop, slide, range(len(loop), -1, -1))
    while len(loop) > 1 and loop[0].item.id == loop[-1].item.id:
        _insert_apart(loop, loop.pop(), range(len(loop) - 1, 0, -1))
    return loop


def _insert_apart(loop: list[Slide], slide: Slide, positions: Iterable[int]) -> None:
    """Insert ``slide`` at the first of ``positions`` where neither neighbour is the same item."""
    for i in positions:
        if all(near.item.id != slide.item.id for near in loop[max(i - 1, 0):i + 1]):
            loop.insert(i, slide)
            return
