"""The approval queue: requests waiting for a catalogue owner's decision (五(一)2, 六.1)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from gongkai.domain.roles import Actor, authority, readable_orgs
from hub.storage import db

from .orgs import load_orgs


@dataclass(frozen=True)
class Pending:
    """A request waiting for a decision, with its item, and whether the user looking may decide it."""

    request: sa.Row
    item: sa.Row
    decidable: bool   # whether the asking actor may approve or reject it


def pending(conn: sa.Connection, actor: Actor) -> list[Pending]:
    """Every request still waiting for an item of the orgs whose records ``actor`` reads, oldest
    first, marked with whether ``actor`` decides it."""
    orgs = load_orgs(conn)
    requests = list(conn.execute(
        sa.select(db.approval_requests).join(db.items, db.items.c.id == db.approval_requests.c.item_id)
        .where(db.approval_requests.c.state == "pending", db.items.c.org_id.in_(readable_orgs(actor, orgs)))
        .order_by(db.approval_requests.c.id)))
    ids = {r.item_id for r in requests}
    items = {r.id: r for r in conn.execute(sa.select(db.items).where(db.items.c.id.in_(ids)))}
    return [Pending(r, items[r.item_id], authority(actor, orgs, items[r.item_id].org_id).approves)
            for r in requests]


def queue(conn: sa.Connection, actor: Actor) -> list[Pending]:
    """The requests ``actor`` is the one to decide."""
    return [p for p in pending(conn, actor) if p.decidable]
