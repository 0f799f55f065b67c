"""What a device checks of a signed answer before it believes it (TUF's defences).

A signature says the hub made an answer, not that it answers this request: a proxy can
replay, reorder or swap signed answers. So every feed request carries a fresh nonce that
the signed page repeats, with the device and the change types it was made for, and the
hub's time. A device then refuses an answer to another request (a replay, a forged "nothing
new"), another device's page, a page that leaves out what it asked for, and anything that
takes it back: a cursor or view (``scope``) behind the one it trusts, or an item older than
a version it already showed. Its clock follows only the hub's signed time, measured over
one short round trip.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from .protocol import FeedPage
from .qrtoken import device_token_hash, key_id


class Refused(ValueError):
    """A signed answer the device must not apply; the message says why, in plain words."""


@dataclass(frozen=True)
class Asked:
    """One feed request as the device sent it, with the position it already trusts."""

    device: str
    """The device's key id (``device_id``), which a page made for it names."""
    nonce: str
    cursor: int
    scope: int
    org: int | None
    """The org the device's trusted view belongs to (None before its first page)."""
    types: tuple[str, ...]


def new_nonce() -> str:
    """A fresh, unguessable request id (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def device_id(token: str) -> str:
    """How a page names the device it was made for: the key id QR tokens use, from the
    SHA-256 the hub stores of the device's token (never the token itself)."""
    return key_id(device_token_hash(token))


def check_page(page: FeedPage, asked: Asked) -> None:
    """Raise Refused unless ``page`` answers exactly ``asked`` and moves the device forward.

    A reset is believed only with a view (``scope``) newer than the one the device holds:
    the hub raises it whenever what the device may see changes, so an old reset replayed
    can never wipe newer content.
    """
    if page.device != asked.device:
        raise Refused("it was made for another device")
    if page.nonce != asked.nonce:
        raise Refused("it answers another request (a replay)")
    if page.types != asked.types:
        raise Refused(f"it carries change types {list(page.types)}, not the {list(asked.types)} asked for")
    if page.reset:
        _check_reset(page, asked)
    elif page.scope != asked.scope:
        raise Refused(f"it was made for view {page.scope}, and this device holds view {asked.scope}")
    elif asked.org is not None and page.org != asked.org:
        raise Refused(f"it was made for org {page.org}, and this device belongs to org {asked.org}")
    elif page.after != asked.cursor or (page.more and page.cursor == asked.cursor):
        raise Refused(f"it does not continue from cursor {asked.cursor}")


def _check_reset(page: FeedPage, asked: Asked) -> None:
    if page.scope <= asked.scope:
        raise Refused(f"it starts view {page.scope} again, and this device already holds view {asked.scope}")
    if page.after != 0:
        raise Refused("it is a reset that does not start from zero")


def check_versions(page: FeedPage, held: dict[int, int]) -> None:
    """Raise Refused if ``page`` carries an item older than the version the device already
    trusted (``held``: item id → highest version seen, kept across resets). The hub never
    lowers a version, so such a page is a rollback (or a hub restored from an old backup)."""
    for change in page.changes:
        if change.kind == "item" and change.record is not None and change.record.version < held.get(change.id, 0):
            raise Refused(f"it carries item {change.id} at version {change.record.version}, older than "
                          f"version {held[change.id]} this device already showed")


def clock_offset(hub_time: datetime, sent: datetime, received: datetime, max_round_trip: float) -> float | None:
    """Hub time minus device time, in seconds, from a signed ``hub_time`` in the answer to a
    request sent at ``sent`` and fully received at ``received`` (device clock).

    The nonce proves the hub's time was taken after ``sent``, so it is off by at most half
    the round trip from the midpoint. An answer that took longer than ``max_round_trip`` (one
    held back on the way, a byte at a time) tells nothing about the time: None.
    """
    round_trip = (received - sent).total_seconds()
    if not 0 <= round_trip <= max_round_trip:
        return None
    return (hub_time - (sent + (received - sent) / 2)).total_seconds()
