"""Checking the signed tokens in kiosk QR codes (gongkai.qrtoken) against the hub's devices.

A token is good for one submission: its nonce is remembered when a submission uses it and
forgotten once the token has expired anyway, so a replay is refused while it could matter.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from gongkai import qrtoken
from hub.storage import db

USED = "此二维码已提交过一次，请在触摸屏上重新扫码"


@dataclass(frozen=True)
class Origin:
    """Where a phone came from: the kiosk that showed the code, and what it showed."""

    device_id: int
    org_id: int
    token: qrtoken.QrToken


def check(conn: sa.Connection, text: str, now: datetime) -> Origin:
    """The token's origin if it is genuine, current and unused; qrtoken.TokenError otherwise."""
    token = qrtoken.read(text)
    device = conn.execute(sa.select(db.devices).where(
        db.devices.c.token_hash.startswith(token.kid, autoescape=True), sa.not_(db.devices.c.revoked))).first()
    if device is None:
        raise qrtoken.TokenError("二维码无效，请在触摸屏上重新扫码")
    qrtoken.verify(text, device.token_hash, now)
    if conn.execute(sa.select(db.qr_uses.c.nonce).where(db.qr_uses.c.nonce == token.nonce)).first():
        raise qrtoken.TokenError(USED)
    return Origin(device.id, device.org_id, token)


def use(conn: sa.Connection, origin: Origin, now: datetime) -> None:
    """Spend the token on a submission (inside the transaction that stores it)."""
    conn.execute(db.qr_uses.insert().values(nonce=origin.token.nonce, used_at=now.isoformat()))
    stale = now - qrtoken.LIFETIME - qrtoken.CLOCK_SKEW
    conn.execute(db.qr_uses.delete().where(db.qr_uses.c.used_at < stale.isoformat()))
