"""Row ids as the hub's routes accept them, in one place for every path, query, form and body.

SQLite stores an INTEGER in 64 signed bits, so an id past that range reaches the driver as an
OverflowError; bounding it here refuses it as bad input (400) instead, and tells the OpenAPI
contract the range.
"""
from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le

MAX_ID = 2**63 - 1
"""The largest id SQLite can store."""

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
