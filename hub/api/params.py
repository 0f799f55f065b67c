"""What the hub's routes accept, in one place for all of them: row ids in every path, query,
form and body, and how large a form that carries a file may be.

SQLite stores an INTEGER in 64 signed bits, so an id past that range reached the driver as an
OverflowError (a 500); bounding it here refuses it as bad input (400) instead, and tells the
OpenAPI contract the range.
"""
from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le

MAX_ID = 2**53 - 1
"""The largest integer every JSON reader holds exactly (a double's 53 bits), so a client that
checks the contract's bound checks the same number; far below SQLite's 2**63 - 1."""

Id = Annotated[int, Ge(1), Le(MAX_ID)]
"""A row id: an item, org, device, user, request …"""

ChosenId = Annotated[int, Ge(0), Le(MAX_ID)]
"""An id picked in a form, 0 when nothing was picked."""


def parse_id(text: str) -> int:
    """An id typed into a query or form field by hand; ValueError if ``text`` is not one."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)) or not 1 <= int(text) <= MAX_ID:
        raise ValueError(f"not an id: {text[:40]!r}")
    return int(text)


def id_or_none(text: str) -> int | None:
    """An id typed into a query or form field by hand, or None if ``text`` is not one."""
    try:
        return parse_id(text)
    except ValueError:
        return None


FORM_SLACK = 2**20
"""Room in a request for the fields and multipart framing around its file."""


def upload_limit(file_bytes: int) -> int:
    """The ``max_body_size`` of a route whose form carries one file of at most ``file_bytes``."""
    return file_bytes + FORM_SLACK
