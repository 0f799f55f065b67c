"""播放记录 (proof of play): which play records the hub may take as evidence.

A display reports every slide it showed: which version of which item, when it started and
how long it stayed. Anyone holding a device token can send such records, so a record counts
(公示展示核查) only if it describes a showing that could have happened: a version of an item
the hub sent that device, live at that time, inside the device's life, not in the future
and not overlapping another showing on the same screen. Anything else is refused with its
reason, and the reasons are counted per device for the district admin.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

MAX_SECONDS = 3600.0
"""A longer single showing is a device error (a frozen screen), not evidence."""
CLOCK_TOLERANCE = timedelta(minutes=5)
"""Devices keep their clocks to the hub's (docs/protocol.md, Time); five minutes covers a clock
corrected between two syncs, as for QR tokens."""
STALE_GRACE = timedelta(hours=1)
"""How long a screen may go on showing a version after it was replaced: it syncs every minute,
but a slow network or large attachments can hold the new version back. Later than that the
screen showed outdated content, which is no evidence for the current one."""
READABLE_TIMES = (datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(9000, 1, 1, tzinfo=timezone.utc))
"""A start outside these is no time a screen keeps (and would overflow the arithmetic)."""
OVERLAP_TOLERANCE = timedelta(seconds=5)
"""Consecutive slides touch: a start comes from the (corrected) wall clock, a length from a
monotonic clock rounded to a tenth of a second, so neighbours may overlap by a moment."""


class Refusal(enum.StrEnum):
    """Why a play record is not evidence, in the order the checks are made."""

    UNREADABLE = "unreadable"
    TOO_LONG = "too_long"
    FUTURE = "future"
    BEFORE_PAIRING = "before_pairing"
    WHILE_REVOKED = "while_revoked"
    NO_SUCH_VERSION = "no_version"
    NOT_SENT = "not_sent"
    NOT_LIVE = "not_live"
    OVERLAP = "overlap"

    @property
    def label(self) -> str:
        """The reason in Chinese, as the district admin reads it in a device's refusal counts."""
        return _LABELS[self]


_LABELS = {
    Refusal.UNREADABLE: "记录格式不符",
    Refusal.TOO_LONG: "单次时长超过1小时",
    Refusal.FUTURE: "播放时间在未来",
    Refusal.BEFORE_PAIRING: "早于终端配对",
    Refusal.WHILE_REVOKED: "终端停用期间",
    Refusal.NO_SUCH_VERSION: "内容或版本未曾发布",
    Refusal.NOT_SENT: "不属于该终端的发布范围",
    Refusal.NOT_LIVE: "该版本当时未在发布期",
    Refusal.OVERLAP: "与同屏另一条记录时间重叠",
}


class Refused(ValueError):
    """A play record that is not evidence, with the reason."""

    def __init__(self, reason: Refusal):
        super().__init__(reason.label)
        self.reason = reason


@dataclass(frozen=True)
class Claim:
    """One showing as a device reports it."""

    item_id: int
    version: int
    started: datetime
    seconds: float

    @property
    def ended(self) -> datetime:
        """When the screen moved on from this showing, by the device's own account."""
        return self.started + timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class Life:
    """When a device could show anything for the hub: from its pairing on, except from its
    latest revocation until a new token reinstated it."""

    paired_at: datetime
    revoked_at: datetime | None = None
    reinstated_at: datetime | None = None

    def revoked(self, at: datetime) -> bool:
        """Whether the device stood revoked at ``at``, so that nothing it claims to have shown then counts."""
        return self.revoked_at is not None and self.revoked_at <= at and (
            self.reinstated_at is None or at < self.reinstated_at)


@dataclass(frozen=True)
class Span:
    """When one version of an item was on screens: from going live until the next replaced it."""

    live_from: datetime
    superseded_at: datetime | None = None

    def covers(self, at: datetime) -> bool:
        """Whether a screen could rightly have been showing this version at ``at``, allowing for
        clock drift and a late sync."""
        return self.live_from - CLOCK_TOLERANCE <= at and (
            self.superseded_at is None or at < self.superseded_at + STALE_GRACE)


def read(payload: dict[str, Any]) -> Claim:
    """The claim in a play payload (docs/protocol.md); Refused when it does not read as one."""
    item_id, version, seconds = payload.get("item_id"), payload.get("version"), payload.get("seconds")
    if not all(_positive_int(v) for v in (item_id, version)):
        raise Refused(Refusal.UNREADABLE)
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 < seconds:  # NaN too
        raise Refused(Refusal.UNREADABLE)
    if seconds > MAX_SECONDS:
        raise Refused(Refusal.TOO_LONG)
    try:
        started = datetime.fromisoformat(str(payload.get("started_at")))
    except ValueError:
        raise Refused(Refusal.UNREADABLE) from None
    if started.tzinfo is None or not READABLE_TIMES[0] <= started <= READABLE_TIMES[1]:
        raise Refused(Refusal.UNREADABLE)
    return Claim(item_id, version, started, float(seconds))


def check(claim: Claim, now: datetime, life: Life, span: Span | None, sent: bool,
          neighbours: Iterable[Claim]) -> None:
    """Raise Refused with the first reason ``claim`` cannot be evidence.

    ``span`` is when that version of the item was live (None: it never was), ``sent`` whether
    the device's feed carries it, ``neighbours`` the accepted showings on the same screen
    around that time.
    """
    if claim.ended > now + CLOCK_TOLERANCE:
        raise Refused(Refusal.FUTURE)
    if claim.started < life.paired_at - CLOCK_TOLERANCE:
        raise Refused(Refusal.BEFORE_PAIRING)
    if life.revoked(claim.started):
        raise Refused(Refusal.WHILE_REVOKED)
    if span is None:
        raise Refused(Refusal.NO_SUCH_VERSION)
    if not sent:
        raise Refused(Refusal.NOT_SENT)
    if not span.covers(claim.started):
        raise Refused(Refusal.NOT_LIVE)
    if any(overlaps(claim, other) for other in neighbours):
        raise Refused(Refusal.OVERLAP)


def overlaps(one: Claim, other: Claim) -> bool:
    """Whether two showings on one screen share more than a moment (OVERLAP_TOLERANCE, or
    half the shorter one, so that two short showings at the same time still overlap)."""
    shared = min(one.ended, other.ended) - max(one.started, other.started)
    return shared > min(OVERLAP_TOLERANCE, timedelta(seconds=min(one.seconds, other.seconds) / 2))


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31
