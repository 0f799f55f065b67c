"""The 回音壁: published replies, projected from requests and their update rows.

An entry exists while its request is published and not hidden; its question and asker are
masked here, once, for every place that shows it (device feed, phone pages).
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from gongkai.domain.feedback.citizen_requests import RequestState
from gongkai.domain.feedback.masking import mask_name, mask_text
from gongkai.domain.feedback.public_feedback import EchoWallEntry
from hub.clock import DISTRICT_ZONE
from hub.storage import db

from . import citizen_requests


def on_wall(row: sa.Row) -> bool:
    """Whether a request stands on the public 回音壁: its reply published and not hidden."""
    return bool(row.published) and not row.hidden


def entry(conn: sa.Connection, row: sa.Row) -> EchoWallEntry:
    """A request's 回音壁 entry as the public sees it: question and asker masked, with the latest reply."""
    reply = citizen_requests.latest_reply(conn, row.id)
    return EchoWallEntry(
        id=row.id, org_id=row.org_id, receipt=row.receipt, kind=row.kind,
        question=mask_text(row.text), asker=mask_name(row.name or ""),
        reply=mask_text(reply.text if reply else ""), declined=row.state == RequestState.DECLINED.value,
        asked_on=_local_date(row.received_at), answered_at=datetime.fromisoformat(reply.at if reply else row.received_at))


def entries(conn: sa.Connection, org_ids: set[int] | None = None, limit: int = 100) -> list[EchoWallEntry]:
    """The wall, newest publication first, for the given orgs (all when None)."""
    table = db.citizen_requests
    query = (sa.select(table).where(table.c.published, sa.not_(table.c.hidden))
             .order_by(table.c.published_at.desc()).limit(limit))
    if org_ids is not None:
        query = query.where(table.c.org_id.in_(org_ids))
    return [entry(conn, row) for row in conn.execute(query)]


def _local_date(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone(DISTRICT_ZONE).date()
