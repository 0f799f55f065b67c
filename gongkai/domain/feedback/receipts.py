"""Receipt numbers a citizen follows a request by, without an account: DT-2026-11-4K7Q9M2X.

The kind prefix and month tell a person what and when; the eight characters after them are
random (Crockford base32: no I, L, O, U to misread), so a receipt cannot be guessed from
another one, and a kiosk can issue one offline with no hub to count for it.
"""
from __future__ import annotations

import re
import secrets
from datetime import date

from .citizen_requests import RequestKind

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 8
_PREFIXES = "|".join(kind.receipt_prefix for kind in RequestKind)
PATTERN = re.compile(rf"({_PREFIXES})-(\d{{4}})-(\d{{2}})-([{ALPHABET}]{{{RANDOM_LENGTH}}})")


def new_receipt(kind: RequestKind, day: date) -> str:
    """A fresh receipt number for a request of ``kind`` received on ``day``."""
    tail = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{kind.receipt_prefix}-{day.year:04d}-{day.month:02d}-{tail}"


def normalise(typed: str) -> str | None:
    """A receipt as typed on a phone (lower case, spaces, O for 0) in its canonical form, or None."""
    text = typed.strip().upper().replace(" ", "").replace("O", "0").replace("I", "1").replace("L", "1")
    text = re.sub(r"^(DT|YJ|SQ)(\d{4})(\d{2})", r"\1-\2-\3-", text.replace("-", ""))
    return text if PATTERN.fullmatch(text) else None


def kind_of(receipt: str) -> RequestKind:
    """The kind of request a receipt number was issued for, read from its prefix."""
    prefix = receipt.split("-", 1)[0]
    return next(kind for kind in RequestKind if kind.receipt_prefix == prefix)
