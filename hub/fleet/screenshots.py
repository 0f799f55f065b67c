"""Remote screenshots: an admin's request on the device row, and the latest few pictures
each device sent back.

The request rides on the device's signed feed pages (``screenshot_request``) until a
screenshot arrives. A screenshot comes through the outbox; it is device-sent input, so
the hub decodes it under a size limit, keeps only a device's latest few, and acknowledges
a picture it refuses all the same (a resend could not change the verdict), so neither a
broken screen nor a stolen token can fill the disk.
"""
from __future__ import annotations

import base64
import binascii
import io
import logging
from datetime import datetime

import sqlalchemy as sa
from PIL import Image

from gongkai.domain.screenshots import KEEP_PER_DEVICE
from gongkai.protocol import MAX_SCREENSHOT_BYTES, MAX_SCREENSHOT_WIDTH
from hub.clock import utcnow
from hub.storage import db

from .devices import Device

log = logging.getLogger("gongkai.hub")
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_HEIGHT = 4 * MAX_SCREENSHOT_WIDTH
"""A portrait screen downscaled to the width limit is under twice as tall; this leaves room."""
REASONS = ("request", "heartbeat")


class Refused(ValueError):
    """A screenshot the hub will not keep; the message says why (for the log)."""


def request(conn: sa.Connection, device_id: int) -> None:
    """Note that an admin wants a screenshot now. Each request has its own time, and a device
    answers each time once, so asking again gets a new picture even if the last one was lost."""
    conn.execute(db.devices.update().where(db.devices.c.id == device_id)
                 .values(screenshot_requested_at=utcnow().isoformat()))


def receive(conn: sa.Connection, device: Device, client_id: str, created_at: str, payload: dict) -> None:
    """Keep a screenshot once per client id, drop the device's older ones beyond the few
    kept, and settle its pending request; log and drop a picture that is not a valid one."""
    try:
        shot = _checked(payload, created_at)
    except Refused as exc:
        log.warning("device %s screenshot %s refused: %s", device.id, client_id, exc)
        return
    table = db.device_screenshots
    if conn.execute(sa.select(table.c.id).where(table.c.device_id == device.id,
                                                table.c.client_id == client_id)).first() is not None:
        return
    conn.execute(table.insert().values(device_id=device.id, client_id=client_id, received_at=utcnow().isoformat(),
                                       **shot))
    kept = sa.select(table.c.id).where(table.c.device_id == device.id).order_by(table.c.id.desc()).limit(KEEP_PER_DEVICE)
    conn.execute(table.delete().where(table.c.device_id == device.id, table.c.id.not_in(kept)))
    conn.execute(db.devices.update().where(db.devices.c.id == device.id).values(screenshot_requested_at=None))


def _checked(payload: dict, created_at: str) -> dict:
    """The columns of a screenshot whose image decodes as a JPEG or PNG within the limits."""
    reason = payload.get("reason")
    if reason not in REASONS:
        raise Refused(f"reason must be one of {REASONS}")
    try:
        captured = datetime.fromisoformat(created_at)
    except ValueError:
        raise Refused("created_at is not a date-time") from None
    if captured.tzinfo is None:
        raise Refused("created_at has no time zone")
    data = _image_bytes(payload.get("image"))
    media_type, width, height = _decoded(data)
    return {"media_type": media_type, "image": data, "width": width, "height": height, "reason": reason,
            "captured_at": captured.isoformat()}


def _image_bytes(text: object) -> bytes:
    if not isinstance(text, str) or len(text) > MAX_SCREENSHOT_BYTES * 4 // 3 + 4:
        raise Refused(f"image must be base64 text of at most {MAX_SCREENSHOT_BYTES} bytes")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Refused("image is not base64") from None


def _decoded(data: bytes) -> tuple[str, int, int]:
    """The media type and size of ``data``, decoded whole (so a truncated file is refused);
    the size is checked before decoding, so no picture can make the hub decode a huge one."""
    try:
        image = Image.open(io.BytesIO(data))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise Refused(f"image is not a picture: {type(exc).__name__}") from None
    with image:
        width, height = image.size
        if image.format not in FORMATS:
            raise Refused(f"image format {image.format} is neither JPEG nor PNG")
        if width > MAX_SCREENSHOT_WIDTH or height > MAX_HEIGHT:
            raise Refused(f"image is {width}×{height}, larger than {MAX_SCREENSHOT_WIDTH}×{MAX_HEIGHT}")
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise Refused(f"image does not decode: {type(exc).__name__}") from None
        return FORMATS[image.format], width, height


def latest(conn: sa.Connection, device_id: int) -> sa.Row | None:
    """The device's newest screenshot without its bytes (capture and receive time, size), or None."""
    table = db.device_screenshots
    return conn.execute(sa.select(table.c.id, table.c.width, table.c.height, table.c.reason,
                                  table.c.captured_at, table.c.received_at)
                        .where(table.c.device_id == device_id).order_by(table.c.id.desc()).limit(1)).first()


def image(conn: sa.Connection, device_id: int, screenshot_id: int) -> tuple[bytes, str] | None:
    """One kept screenshot of ``device_id``: its bytes and media type, or None."""
    table = db.device_screenshots
    row = conn.execute(sa.select(table.c.image, table.c.media_type).where(
        table.c.id == screenshot_id, table.c.device_id == device_id)).first()
    return None if row is None else (row.image, row.media_type)
