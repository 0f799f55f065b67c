"""Checking the signed tokens in kiosk QR codes (gongkai.qrtoken) against the hub's devices.

A token covers one visit: with it a citizen may do each thing the pages offer once (rate, and
file a 点题, a comment or an application). Each use is remembered as (nonce, action) inside the
transaction that stores the submission, by an insert that exactly one of any number of
simultaneous requests wins, and forgotten once the token has expired anyway, so a replay is
refused while it could matter.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert

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
    """The token's origin if it is genuine and current; qrtoken.TokenError otherwise."""
    token = qrtoken.read(text)
    device = conn.execute(sa.select(db.devices).where(
        db.devices.c.token_hash.startswith(token.kid, autoescape=True), sa.not_(db.devices.c.revoked))).first()
    if device is None:
        raise qrtoken.TokenError(qrtoken.INVALID)
    qrtoken.verify(text, device.token_hash, now)
    return Origin(device.id, device.org_id, token)


def use(conn: sa.Connection, origin: Origin, action: str, now: datetime) -> None:
    """Spend the token on ``action`` inside the transaction that stores the submission;
    TokenError (USED) if the token did it already, and the caller's transaction rolls back."""
    claimed = conn.execute(insert(db.qr_uses).values(nonce=origin.token.nonce, action=action,
                                                     used_at=now.isoformat()).on_conflict_do_nothing())
    if claimed.rowcount != 1:
        raise qrtoken.TokenError(USED)
    stale = now - qrtoken.LIFETIME - qrtoken.CLOCK_SKEW
    conn.execute(db.qr_uses.delete().where(db.qr_uses.c.used_at < stale.isoformat()))
