"""The approval queue: requests waiting for a catalogue owner's decision (五(一)2, 六.1)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from gongkai.domain.roles import Actor, authority
from hub.storage import db

from .orgs import load_orgs


@dataclass(frozen=True)
class Pending:
    request: sa.Row
    item: sa.Row
    decidable: bool   # whether the asking actor may approve or reject it


def pending(conn: sa.Connection, actor: Actor) -> list[Pending]:
    """Every request still waiting, oldest first, marked with whether ``actor`` decides it."""
    requests = list(conn.execute(sa.select(db.approval_requests)
                                 .where(db.approval_requests.c.state == "pending")
                                 .order_by(db.approval_requests.c.id)))
    ids = {r.item_id for r in requests}
    items = {r.id: r for r in conn.execute(sa.select(db.items).where(db.items.c.id.in_(ids)))}
    orgs = load_orgs(conn)
    return [Pending(r, items[r.item_id], authority(actor, orgs, items[r.item_id].org_id).approves)
            for r in requests]


def queue(conn: sa.Connection, actor: Actor) -> list[Pending]:
    """The requests ``actor`` is the one to decide."""
    return [p for p in pending(conn, actor) if p.decidable]
