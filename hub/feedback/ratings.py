"""评议 on the hub (六.5): ratings from kiosks and phones, counted per org and quarter, and
the results an admin publishes to screens.

A rating about a request is taken only once its reply is published (FixMyStreet's
questionnaire: asking before there is an answer measures impatience, not the work).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from gongkai.domain.feedback import abuse
from gongkai.domain.feedback.public_feedback import RatingResult
from gongkai.domain.feedback.ratings import Satisfaction, Tally, quarter_of, tally
from gongkai.domain.feedback.request_access import may_answer
from gongkai.domain.roles import Actor, Forbidden, require_writer
from hub.clock import DISTRICT_ZONE, utcnow
from hub.staff import audit
from hub.storage import db
from hub.workflow.orgs import load_orgs

from . import citizen_requests, limits


def record(conn: sa.Connection, org_id: int, level: Satisfaction, reason: str, source: str,
           device_id: int | None = None, item_id: int | None = None, request_id: int | None = None,
           ip: str | None = None) -> None:
    """Store one rating; abuse.Refused when the org is unknown, the request not yet answered,
    or the kiosk or address (``ip``, phone pages) has used up its budget (hub.feedback.limits)."""
    if org_id not in load_orgs(conn):
        raise abuse.Refused("请选择评议的党组织")
    if request_id is not None:
        row = citizen_requests.get(conn, request_id)
        if row is None or not row.published:
            raise abuse.Refused("答复公开后才能评价")
        if conn.execute(sa.select(db.ratings.c.id).where(db.ratings.c.request_id == request_id)).first():
            raise abuse.Refused("您已评价过这条答复，谢谢")
    now = utcnow()
    sources = limits.rating_sources(device_id, ip, vouched=request_id is not None)
    if not limits.allowed(conn, sources, now):
        raise abuse.Refused("评议过于频繁，请稍后再试")
    limits.note(conn, sources, now)
    conn.execute(db.ratings.insert().values(
        org_id=org_id, quarter=quarter_of(now.astimezone(DISTRICT_ZONE).date()), level=level.value,
        reason=abuse.clean(reason)[:abuse.MAX_REASON], item_id=item_id, request_id=request_id,
        source=source, device_id=device_id, created_at=now.isoformat()))


def tallies(conn: sa.Connection, quarter: str) -> dict[int, Tally]:
    """Each org's ratings in ``quarter``."""
    found: dict[int, list[Satisfaction]] = {}
    for org_id, level in conn.execute(sa.select(db.ratings.c.org_id, db.ratings.c.level)
                                      .where(db.ratings.c.quarter == quarter)):
        found.setdefault(org_id, []).append(Satisfaction(level))
    return {org_id: tally(levels) for org_id, levels in found.items()}


def reasons(conn: sa.Connection, org_id: int, quarter: str) -> list[sa.Row]:
    """The newest written reasons given with an org's ratings in a quarter (at most 50), for staff to read."""
    return list(conn.execute(sa.select(db.ratings).where(
        db.ratings.c.org_id == org_id, db.ratings.c.quarter == quarter, db.ratings.c.reason != "")
        .order_by(db.ratings.c.id.desc()).limit(50)))


def publish(conn: sa.Connection, actor: Actor, org_id: int, quarter: str) -> None:
    """Publish (or republish with newer counts) an org's result for a quarter to its screens."""
    require_writer(actor)
    if not may_answer(actor, load_orgs(conn), org_id):
        raise Forbidden("您不能发布其他党组织的评议结果")
    counts = tallies(conn, quarter).get(org_id, Tally())
    values = dict(satisfied=counts.satisfied, basically=counts.basically, dissatisfied=counts.dissatisfied,
                  published_at=utcnow().isoformat(), published_by=actor.username, seq=db.next_seq(conn))
    table = db.rating_results
    existing = conn.execute(sa.select(table.c.id).where(table.c.org_id == org_id, table.c.quarter == quarter)).first()
    if existing:
        conn.execute(table.update().where(table.c.id == existing.id).values(**values))
    else:
        conn.execute(table.insert().values(org_id=org_id, quarter=quarter, **values))
    audit.record(conn, actor.username, "rating_publish", None, f"公布评议结果：{quarter}，{counts.rate_text()}")


def published(conn: sa.Connection, org_ids: set[int] | None = None) -> list[RatingResult]:
    """The published 评议 results, newest quarter first, of the given orgs (all when None)."""
    query = sa.select(db.rating_results).order_by(db.rating_results.c.quarter.desc(), db.rating_results.c.org_id)
    if org_ids is not None:
        query = query.where(db.rating_results.c.org_id.in_(org_ids))
    return [result(row) for row in conn.execute(query)]


def result(row: sa.Row) -> RatingResult:
    """A published 评议 result as screens and phone pages show it."""
    return RatingResult(row.id, row.org_id, row.quarter, Tally(row.satisfied, row.basically, row.dissatisfied),
                        datetime.fromisoformat(row.published_at))
