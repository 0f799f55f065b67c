"""Limits on what the public may send: length, rate per source, and repeats.

Kiosks and phone pages are open to anyone, so every source (a kiosk, a phone number, an
address) gets a budget per window, and the same text sent again within a day is recognised
as a repeat rather than filed as a new request.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_TEXT = 500
MIN_TEXT = 4
MAX_NAME = 20
MAX_REASON = 200


@dataclass(frozen=True)
class Window:
    """At most ``limit`` events per ``span``."""

    limit: int
    span: timedelta


DEVICE_WINDOWS = (Window(10, timedelta(minutes=10)), Window(100, timedelta(days=1)))
"""A kiosk is shared, so it gets more than one person; a burst of more is a stuck key or a prank."""
PERSON_WINDOWS = (Window(3, timedelta(minutes=10)), Window(10, timedelta(days=1)))
"""One phone number or one address."""
RATING_DEVICE_WINDOWS = (Window(20, timedelta(minutes=10)), Window(200, timedelta(days=1)))
"""评议 from one kiosk, tapped on it or sent through its single-use QR codes: one citizen at a
time stands at a kiosk and a rating takes a few taps, so a rating every half minute for ten
minutes, or 200 in a day (a busy service centre's visitors), is the most a queue produces;
more is a stuck key, a prank or a forged device."""
RATING_ADDRESS_WINDOWS = (Window(30, timedelta(minutes=10)), Window(300, timedelta(days=1)))
"""The ceiling for every phone 评议 from one address: a service centre's Wi-Fi or a carrier's
shared address carries many citizens, each with a kiosk's QR code, so this only stops a flood
that no kiosk's budget would see (codes collected from several kiosks)."""
ANONYMOUS_RATING_WINDOWS = (Window(5, timedelta(minutes=10)), Window(20, timedelta(days=1)))
"""Phone 评议 from one address with nothing behind them: no kiosk's QR token, no receipt. The
address is all there is to go by, so it gets a household's budget; citizens in a service
centre rate through a kiosk's code, which draws on that kiosk's budget instead."""
DUPLICATE_SPAN = timedelta(days=1)


class Refused(ValueError):
    """A submission refused before it is stored; the message is for the citizen (Chinese)."""


def within_limits(history: list[datetime], now: datetime, windows: tuple[Window, ...]) -> bool:
    """Whether one more event at ``now`` keeps every window within its limit."""
    return all(sum(1 for at in history if now - window.span < at <= now) < window.limit
               for window in windows)


def oldest_needed(windows: tuple[Window, ...]) -> timedelta:
    """How far back events matter: older ones may be forgotten."""
    return max(window.span for window in windows)


def check_text(text: str, label: str = "内容") -> str:
    """The text with controls and direction overrides removed; refuse empty or over-long text."""
    cleaned = clean(text)
    if len(cleaned) < MIN_TEXT:
        raise Refused(f"{label}太短，请至少写{MIN_TEXT}个字")
    if len(cleaned) > MAX_TEXT:
        raise Refused(f"{label}不能超过{MAX_TEXT}个字")
    return cleaned


def clean(text: str) -> str:
    """Drop control and format characters (bidi overrides, zero-width) except line breaks."""
    kept = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    return re.sub(r"\n{3,}", "\n\n", kept).strip()


def fingerprint(text: str) -> str:
    """What two submissions must share to count as the same: letters and digits, case-folded,
    full-width folded to half-width, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def is_duplicate(text: str, recent: list[str]) -> bool:
    """Whether ``text`` repeats one of ``recent`` (same source, within DUPLICATE_SPAN)."""
    mark = fingerprint(text)
    return any(fingerprint(other) == mark for other in recent)
