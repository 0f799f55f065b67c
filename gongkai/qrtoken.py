"""Signed, expiring tokens in the QR codes a kiosk shows, naming the device and what it showed.

A kiosk makes them offline, so they are signed with a key both sides already hold: an
HMAC-SHA256 key derived from the SHA-256 of the device's bearer token, which the device
computes from its token and the hub keeps (it never stores the token itself). The token
names the device by a short key id (the first 16 hex digits of that hash), never by the
token. The hub refuses a token that is forged, expired, from the future, from an unknown
or revoked device, or used already for the same action (hub.phone.qr_check remembers its
nonce until it expires).

Wire form, short enough for a small QR code:
``1.<kid>.<subject>.<issued unix time>.<nonce>.<signature>`` where subject is ``i45``
(item 45), ``c-dianti`` (a channel) or ``r-DT-2026-11-…`` (a receipt).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

VERSION = "1"
LIFETIME = timedelta(minutes=30)
CLOCK_SKEW = timedelta(minutes=5)
_DERIVATION = b"gongkai qr token v1"
_SHAPE = re.compile(r"1\.([0-9a-f]{16})\.([A-Za-z0-9-]{1,40})\.(\d{1,12})\.([A-Za-z0-9_-]{8,16})\.([A-Za-z0-9_-]{22})")


INVALID = "二维码无效，请在触摸屏上重新扫码"


class TokenError(ValueError):
    """A QR token that must be refused; the message is for the citizen (Chinese)."""


@dataclass(frozen=True)
class QrToken:
    """What a QR token says: which device issued it, about what (its subject), when, and its nonce."""

    kid: str
    subject: str
    issued_at: datetime
    nonce: str

    @property
    def item_id(self) -> int | None:
        """The item the QR code was shown with, to attribute a phone submission to it; None for a channel or a
        receipt."""
        return int(self.subject[1:]) if re.fullmatch(r"i\d{1,12}", self.subject) else None


def key_id(token_hash: str) -> str:
    """The short id that names a device in its QR tokens and the feed pages made for it."""
    return token_hash[:16]


def signing_key(token_hash: str) -> bytes:
    """The key a device signs its QR tokens with; the hub derives the same from the token hash it keeps."""
    return hmac.new(bytes.fromhex(token_hash), _DERIVATION, hashlib.sha256).digest()


def device_token_hash(device_token: str) -> str:
    """What the hub stores for a device token; a kiosk computes the same from its own token."""
    return hashlib.sha256(device_token.encode()).hexdigest()


def issue(token_hash: str, subject: str, now: datetime) -> str:
    """A fresh token for a QR code a kiosk shows now, about ``subject``, for the hub to verify."""
    body = ".".join((VERSION, key_id(token_hash), subject, str(int(now.timestamp())),
                     secrets.token_urlsafe(9)))
    return f"{body}.{_signature(token_hash, body)}"


def read(text: str) -> QrToken:
    """The token's fields, unverified: the hub needs the key id to find the device's key."""
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise TokenError(INVALID)
    kid, subject, issued, nonce, _sig = match.groups()
    try:
        issued_at = datetime.fromtimestamp(int(issued), timezone.utc)
    except (OverflowError, OSError, ValueError):  # past the year 9999: no clock ever issued it
        raise TokenError(INVALID) from None
    return QrToken(kid, subject, issued_at, nonce)


def verify(text: str, token_hash: str, now: datetime) -> QrToken:
    """The token if ``token_hash``'s device signed it and it is still valid; else TokenError."""
    token = read(text)
    body, _, signature = text.rpartition(".")
    if token.kid != key_id(token_hash) or not hmac.compare_digest(signature, _signature(token_hash, body)):
        raise TokenError(INVALID)
    if token.issued_at > now + CLOCK_SKEW:
        raise TokenError(INVALID)
    if now - token.issued_at > LIFETIME:
        raise TokenError("二维码已过期，请在触摸屏上重新扫码")
    return token


def _signature(token_hash: str, body: str) -> str:
    digest = hmac.new(signing_key(token_hash), body.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
