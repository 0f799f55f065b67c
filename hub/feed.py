"""The change feed a device pulls: orgs and items changed since its cursor.

A device sees the items of its own org, the orgs above it and the orgs below it, and
only 全社会 items: screens are public. Anything else that changed is sent as a
tombstone, so an item that leaves a device's view (withdrawn to a draft, turned 党内)
also leaves its store.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from gongkai.domain.model import Attachment, Audience, ItemStatus, Org
from gongkai.protocol import PROTOCOL_VERSION, item_to_wire, org_to_wire

from . import attachments, db
from .devices import Device
from .disclosures import load_orgs, to_disclosure

MAX_PAGE = 1000


def etag(device: Device, head: int) -> str:
    """Names the state a device holds once it has applied everything up to ``head``."""
    return f'"d{device.id}-o{device.org_id}-h{head}"'


def scope(orgs: dict[int, Org], org_id: int) -> set[int]:
    """The org, its ancestors and its descendants: whose items a device shows."""
    ids = {org_id}
    parent = orgs[org_id].parent_id if org_id in orgs else None
    while parent is not None and parent not in ids:
        ids.add(parent)
        parent = orgs[parent].parent_id if parent in orgs else None
    frontier = [org_id]
    while frontier:
        children = [o.id for o in orgs.values() if o.parent_id in frontier and o.id not in ids]
        ids.update(children)
        frontier = children
    return ids


def page(conn: sa.Connection, device: Device, cursor: int, limit: int) -> dict[str, Any]:
    """One page of changes after ``cursor``, read against a single head for consistency."""
    limit = max(1, min(limit, MAX_PAGE))
    head = db.feed_head(conn)
    rows = _changed(conn, db.orgs, cursor, head, limit) + _changed(conn, db.items, cursor, head, limit)
    rows.sort(key=lambda pair: pair[1].seq)
    more = len(rows) > limit
    rows = rows[:limit]
    orgs = load_orgs(conn)
    visible = scope(orgs, device.org_id)
    files = attachments.for_items(conn, (row.id for kind, row in rows if kind == "item"))
    return {
        "protocol": PROTOCOL_VERSION,
        "after": cursor,
        "cursor": rows[-1][1].seq if more else head,
        "more": more,
        "changes": [_change(kind, row, visible, orgs, files) for kind, row in rows],
    }


def may_fetch(conn: sa.Connection, device: Device, sha256: str) -> bool:
    """A device may fetch a file only if an item it may show uses it."""
    visible = scope(load_orgs(conn), device.org_id)
    return any(_shown(row, visible) for row in attachments.items_using(conn, sha256))


def _changed(conn: sa.Connection, table: sa.Table, cursor: int, head: int, limit: int):
    kind = "org" if table is db.orgs else "item"
    query = (sa.select(table).where(table.c.seq > cursor, table.c.seq <= head)
             .order_by(table.c.seq).limit(limit + 1))
    return [(kind, row) for row in conn.execute(query)]


def _change(kind: str, row: sa.Row, visible: set[int], orgs: dict[int, Org],
            files: dict[int, tuple[Attachment, ...]]) -> dict[str, Any]:
    base = {"seq": row.seq, "type": kind, "id": row.id}
    if kind == "org":
        return {**base, "deleted": False, "data": org_to_wire(orgs[row.id])}
    if not _shown(row, visible):
        return {**base, "deleted": True}
    item = replace(to_disclosure(row), attachments=files.get(row.id, ()))
    return {**base, "deleted": False, "data": item_to_wire(item)}


def _shown(row: sa.Row, visible: Iterable[int]) -> bool:
    return (row.status in (ItemStatus.PUBLISHED.value, ItemStatus.WITHDRAWN.value)
            and row.audience == Audience.PUBLIC.value and row.org_id in visible)
