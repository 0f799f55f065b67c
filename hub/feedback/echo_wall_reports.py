"""举报 of 回音壁 entries from the phone pages, and their review in the console.

A report is filed once per entry and address, within a budget per address. When enough
distinct addresses have reported an entry since staff last decided about it (feedback
settings), it is hidden at once through hub.feedback.citizen_requests's one hiding path, so it also leaves
the screens, and waits in the review list until staff restore it or keep it hidden.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from gongkai.domain.feedback import abuse
from gongkai.domain.feedback.echo_wall_reports import REPORTER_WINDOWS, ReportReason, hides
from gongkai.domain.roles import Actor, readable_orgs
from hub.storage import db
from hub.workflow.orgs import load_orgs

from . import citizen_requests, echo_wall, limits
from . import settings as feedback_settings

SYSTEM = "系统"


class Outcome(enum.Enum):
    """What became of a citizen's 举报: filed, or already counted from this address."""

    FILED = "filed"
    REPEATED = "repeated"       # this address reported the entry before: counted once


def report(conn: sa.Connection, request_id: int, ip: str, reason: ReportReason, now: datetime) -> Outcome:
    """File a citizen's report; abuse.Refused (Chinese) when the entry is not on the wall or the
    address has used up its budget."""
    row = citizen_requests.get(conn, request_id)
    if row is None or not echo_wall.on_wall(row):
        raise abuse.Refused("这条内容不存在或已隐藏")
    reports = db.wall_reports
    if conn.execute(sa.select(reports.c.id).where(reports.c.request_id == request_id, reports.c.ip == ip)).first():
        return Outcome.REPEATED
    budget = {f"report:{ip}": REPORTER_WINDOWS}
    if not limits.allowed(conn, budget, now):
        raise abuse.Refused("举报过于频繁，请稍后再试")
    limits.note(conn, budget, now)
    conn.execute(reports.insert().values(request_id=request_id, ip=ip, reason=reason.value, at=now.isoformat()))
    count = row.reports + 1
    if hides(count, feedback_settings.load(conn).report_threshold):
        citizen_requests.change_visibility(conn, row, SYSTEM, True, f"{count}位群众举报，已自动隐藏，请审核",
                                reports=count, under_review=True)
    else:
        conn.execute(db.citizen_requests.update().where(db.citizen_requests.c.id == request_id).values(reports=count))
    return Outcome.FILED


@dataclass(frozen=True)
class Pending:
    """An entry hidden by reports, waiting for staff, with how often each reason was given."""

    row: sa.Row
    reasons: dict[ReportReason, int]


def pending(conn: sa.Connection, actor: Actor) -> list[Pending]:
    """The entries under review in the orgs the actor sees, longest waiting first."""
    table = db.citizen_requests
    rows = list(conn.execute(sa.select(table).where(
        table.c.under_review, table.c.org_id.in_(readable_orgs(actor, load_orgs(conn)))).order_by(table.c.id)))
    counts = conn.execute(
        sa.select(db.wall_reports.c.request_id, db.wall_reports.c.reason, sa.func.count())
        .where(db.wall_reports.c.request_id.in_([row.id for row in rows]))
        .group_by(db.wall_reports.c.request_id, db.wall_reports.c.reason))
    reasons: dict[int, dict[ReportReason, int]] = {}
    for request_id, reason, count in counts:
        reasons.setdefault(request_id, {})[ReportReason(reason)] = count
    return [Pending(row, reasons.get(row.id, {})) for row in rows]


def erase_addresses(conn: sa.Connection, now: datetime) -> int:
    """Forget who reported, after the contact-detail retention period; reason and time stay."""
    cutoff = (now - timedelta(days=feedback_settings.load(conn).retention_days)).isoformat()
    return conn.execute(db.wall_reports.update().where(db.wall_reports.c.at < cutoff, db.wall_reports.c.ip.is_not(None))
                        .values(ip=None)).rowcount
