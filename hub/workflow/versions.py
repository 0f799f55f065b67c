"""Each version of an item as the feed carried it, and when it was on screens (item_versions).

A version is noted when it goes live (publication, a change, a withdrawal or termination,
an import) and superseded when the next one goes live. The proof-of-play check
(hub.fleet.proof) reads it: a screen can only have shown a version that existed, while it
was live, if the feed's scope rule gave it to that screen.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from hub.storage import db


def record(conn: sa.Connection, item_id: int, at: datetime) -> None:
    """Note the item's current version as live from ``at``, or from its publication time if
    that is later (a scheduled item is not on screens before it); the versions before it are
    superseded from then on."""
    row = conn.execute(sa.select(db.items).where(db.items.c.id == item_id)).one()
    live_from = max(at, datetime.fromisoformat(row.published_at)).astimezone(timezone.utc).isoformat()
    table = db.item_versions
    conn.execute(table.update().where(table.c.item_id == item_id, table.c.version < row.version,
                                      table.c.superseded_at.is_(None)).values(superseded_at=live_from))
    conn.execute(table.insert().values(item_id=item_id, version=row.version, org_id=row.org_id,
                                       audience=row.audience, status=row.status,
                                       target_groups=row.target_groups, live_from=live_from))


def get(conn: sa.Connection, item_id: int, version: int) -> sa.Row | None:
    """One version as it was carried by the feed; None for a version that never went live."""
    table = db.item_versions
    return conn.execute(sa.select(table).where(table.c.item_id == item_id, table.c.version == version)).first()
