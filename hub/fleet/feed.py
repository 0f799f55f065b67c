"""The change feed a device pulls: orgs and items changed since its cursor.

A device sees the items of its own org, the orgs above it and the orgs below it, only
全社会 items (screens are public), and of the items aimed at named groups or screens only
those aimed at one of its groups or at itself by name. Anything else that changed is sent as a tombstone, so an
item that leaves a device's view also leaves its store. When what a device may see
changes (it moved org or group), its scope version rises and its next page starts again
from zero with ``reset``. Every answer is made for one request of one device (its nonce,
its key id, the hub's time), so no signed answer can be replayed to another.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gongkai.domain.model import Attachment, Audience, ItemStatus, Org
from gongkai.domain.orgtree import screen_scope
from gongkai.protocol import (
    FEEDBACK_TYPES,
    PROTOCOL_VERSION,
    answer_to_wire,
    contact_to_wire,
    item_to_wire,
    org_to_wire,
    rating_to_wire,
)
from hub.feedback import echo_wall, ratings, supervision
from hub.storage import db
from hub.workflow import attachments
from hub.workflow.disclosures import load_orgs, to_disclosure

from .devices import Device

MAX_PAGE = 1000
TABLES = {"org": db.orgs, "item": db.items, "answer": db.citizen_requests, "rating": db.rating_results,
          "contact": db.contacts}
BASE_TYPES = frozenset({"org", "item"})


@dataclass(frozen=True)
class View:
    """What one device may see: orgs in its scope, and its groups."""

    orgs: set[int]
    groups: frozenset[str]

    def shows(self, row: sa.Row) -> bool:
        """Whether this device may hold and show the item: what the feed, file downloads and proof of play all ask."""
        targets = frozenset(json.loads(row.target_groups))
        return (row.status in (ItemStatus.PUBLISHED.value, ItemStatus.WITHDRAWN.value)
                and row.audience == Audience.PUBLIC.value and row.org_id in self.orgs
                and (not targets or bool(targets & self.groups)))


def view_of(conn: sa.Connection, device: Device, orgs: dict[int, Org] | None = None) -> View:
    """A device answers to its groups and to its own name, so an item can aim at one screen."""
    return View(screen_scope(orgs or load_orgs(conn), device.org_id), device.groups | {device.name})


@dataclass(frozen=True)
class Ask:
    """One feed request: where the device stands, what it asks for, and its nonce."""

    cursor: int
    limit: int
    scope: int
    types: frozenset[str]
    nonce: str


def answer(conn: sa.Connection, device: Device, ask: Ask, now: datetime) -> dict[str, Any]:
    """The page that answers ``ask`` and no other request: it names the device, repeats the
    nonce and the change types, and carries the hub's time, all under the signature.

    A device that holds everything gets a page with nothing new, made without reading the
    change tables: the cheap poll, but signed and fresh, so a forged "nothing new" (a bare
    304, a replayed answer) cannot freeze a screen. Every page also says whether an admin
    is waiting for a screenshot from this device.
    """
    types = tuple(kind for kind in FEEDBACK_TYPES if kind in ask.types)
    head = db.feed_head(conn)
    if ask.cursor == head and ask.scope == device.scope_version:
        body = _envelope(device, after=head, cursor=head, more=False, changes=[])
    else:
        body = _page(conn, device, ask.cursor, ask.limit, ask.scope, frozenset(types), head)
    return {**body, "device": device.key_id, "nonce": ask.nonce, "types": list(types),
            "hub_time": now.isoformat(), "screenshot_request": device.screenshot_requested_at}


def _page(conn: sa.Connection, device: Device, cursor: int, limit: int, scope: int,
          types: frozenset[str], head: int) -> dict[str, Any]:
    """One page of changes after ``cursor``, read against a single ``head`` for consistency.

    A device whose ``scope`` is not its current scope version gets a reset page from zero.
    Feedback-loop changes (回音壁, 评议 results, 监督直通车) go only to a device that named
    them in ``types``: a device from before them would refuse the whole page.
    """
    reset = scope != device.scope_version
    cursor = 0 if reset else cursor
    limit = max(1, min(limit, MAX_PAGE))
    kinds = BASE_TYPES | types
    rows = [pair for kind in sorted(kinds) for pair in _changed(conn, kind, cursor, head, limit)]
    rows.sort(key=lambda pair: pair[1].seq)
    more = len(rows) > limit
    rows = rows[:limit]
    orgs = load_orgs(conn)
    view = view_of(conn, device, orgs)
    files = attachments.for_items(conn, (row.id for kind, row in rows if kind == "item"))
    return _envelope(device, after=cursor, cursor=rows[-1][1].seq if more else head, more=more,
                     changes=[_change(conn, kind, row, view, orgs, files) for kind, row in rows], reset=reset)


def _envelope(device: Device, *, after: int, cursor: int, more: bool, changes: list[dict[str, Any]],
              reset: bool = False) -> dict[str, Any]:
    return {"protocol": PROTOCOL_VERSION, "scope": device.scope_version, "reset": reset, "org": device.org_id,
            "after": after, "cursor": cursor, "more": more, "changes": changes}


def may_fetch(conn: sa.Connection, device: Device, sha256: str) -> bool:
    """A device may fetch a file only if an item it may show uses it."""
    view = view_of(conn, device)
    return any(view.shows(row) for row in attachments.items_using(conn, sha256))


def _changed(conn: sa.Connection, kind: str, cursor: int, head: int, limit: int):
    table = TABLES[kind]
    query = (sa.select(table).where(table.c.seq > cursor, table.c.seq <= head)
             .order_by(table.c.seq).limit(limit + 1))
    return [(kind, row) for row in conn.execute(query)]


def _change(conn: sa.Connection, kind: str, row: sa.Row, view: View, orgs: dict[int, Org],
            files: dict[int, tuple[Attachment, ...]]) -> dict[str, Any]:
    base = {"seq": row.seq, "type": kind, "id": row.id}
    if kind == "org":
        return {**base, "deleted": False, "data": org_to_wire(orgs[row.id])}
    if kind in FEEDBACK_TYPES:
        data = _feedback_data(conn, kind, row) if row.org_id in view.orgs else None
        return {**base, "deleted": True} if data is None else {**base, "deleted": False, "data": data}
    if not view.shows(row):
        return {**base, "deleted": True}
    item = replace(to_disclosure(row), attachments=files.get(row.id, ()))
    return {**base, "deleted": False, "data": item_to_wire(item)}


def _feedback_data(conn: sa.Connection, kind: str, row: sa.Row) -> dict[str, Any] | None:
    """The wire form of a 回音壁 entry, 评议 result or contact; None when it left the screens."""
    if kind == "answer":
        return answer_to_wire(echo_wall.entry(conn, row)) if echo_wall.on_wall(row) else None
    if kind == "rating":
        return rating_to_wire(ratings.result(row))
    return contact_to_wire(supervision.contact(row)) if row.active else None
