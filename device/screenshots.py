"""Screenshots a screen sends the hub: when an admin asks (sync notes the request from a
signed feed page) or with every Nth heartbeat (``sync.screenshot_every_heartbeats``).

Sync marks the store; the screen app, which polls the store anyway, captures its own
window, makes a small JPEG of it here, and queues it through the outbox. Only the latest
screenshot waits in the queue, so a screen that cannot reach the hub sends one, not many.
"""
from __future__ import annotations

import base64
import io
from datetime import datetime

from PIL import Image

from gongkai.domain.screenshots import due_on_heartbeat, scaled_size
from gongkai.protocol import MAX_SCREENSHOT_BYTES, MAX_SCREENSHOT_WIDTH

from . import outbox
from .store import Store

WANTED = "screenshot_wanted"
"""Store meta: why the screen should capture its window now (request | heartbeat); unset: no need."""
SEEN_REQUEST = "screenshot_request_seen"
"""Store meta: the time of the latest admin request noted, so each request is answered once."""
HEARTBEATS = "heartbeats"
"""Store meta: how many heartbeats this device has queued."""
QUALITIES = (80, 65, 50, 35)
"""JPEG qualities tried in turn until the picture fits ``MAX_SCREENSHOT_BYTES``."""


def note_request(store: Store, requested_at: str | None) -> None:
    """A believed feed page named a pending request: ask the screen to capture, once per request."""
    if requested_at is None or requested_at == store.meta(SEEN_REQUEST):
        return
    store.set_meta(WANTED, "request")
    store.set_meta(SEEN_REQUEST, requested_at)


def note_heartbeat(store: Store, every: int) -> None:
    """Count a heartbeat; on every ``every``-th ask the screen for a screenshot too."""
    count = int(store.meta(HEARTBEATS) or 0) + 1
    store.set_meta(HEARTBEATS, count)
    if due_on_heartbeat(count, every) and store.meta(WANTED) is None:
        store.set_meta(WANTED, "heartbeat")


def wanted(store: Store) -> str | None:
    """Why the screen should capture its window now, or None."""
    return store.meta(WANTED)


def jpeg(rgb: bytes, size: tuple[int, int], *, bottom_up: bool = False) -> bytes:
    """A window's RGB pixels as a JPEG at most ``MAX_SCREENSHOT_WIDTH`` wide and
    ``MAX_SCREENSHOT_BYTES`` long (halved again while even the lowest quality is too long);
    rows may be padded to 4 bytes (OpenGL's default)."""
    stride = len(rgb) // size[1]
    image = Image.frombuffer("RGB", size, rgb, "raw", "RGB", stride, -1 if bottom_up else 1)
    image = image.resize(scaled_size(size, MAX_SCREENSHOT_WIDTH), Image.LANCZOS)
    while True:
        for quality in QUALITIES:
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= MAX_SCREENSHOT_BYTES:
                return out.getvalue()
        image = image.reduce(2)


def queue(store: Store, image: bytes, reason: str, captured_at: datetime) -> str:
    """Queue a captured JPEG for the hub (replacing one still queued) and settle the wish."""
    record = outbox.add(store, "screenshot", {"image": base64.b64encode(image).decode("ascii"),
                                             "media_type": "image/jpeg", "reason": reason}, captured_at)
    store.set_meta(WANTED, None)
    return record
