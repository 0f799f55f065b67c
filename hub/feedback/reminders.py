"""Deadline reminders, an hourly job of the hub (hub.scheduler): each open request whose
deadline is near or past gets one reminder per stage, shown as a notification to each
responsible staff member (gongkai.domain.feedback.reminders) and mailed to those who gave an
address, when the hub has a mail server configured.

Recording is one transaction; mail goes out after it, one message at a time, each marked
as sent when the server took it, so a mail server that is down delays mail by a run or
two without losing or repeating any. Mail older than MAIL_WITHIN is not sent any more:
by then the console has said it.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from gongkai.domain.feedback.citizen_requests import RequestKind, RequestState
from gongkai.domain.feedback.reminders import Reminder, Stage, mail, recipients, stage
from gongkai.domain.roles import Actor, Role
from hub import mailer
from hub.clock import DISTRICT_ZONE
from hub.config import HubConfig
from hub.storage import db
from hub.workflow.orgs import load_orgs

from . import settings as feedback_settings

log = logging.getLogger(__name__)

MAIL_WITHIN = timedelta(days=1)
OPEN_STATES = [state.value for state in RequestState if not state.closed]


def run(engine: sa.Engine, now: datetime, *, config: HubConfig) -> str:
    """The hourly reminder job: record the reminders now due, then mail those not mailed yet."""
    with engine.begin() as conn:
        reminded = remind(conn, now)
    mailed = mail_pending(engine, config, now) if config.smtp else 0
    return f"reminded {reminded}, mailed {mailed}"


def remind(conn: sa.Connection, now: datetime) -> int:
    """Record the reminders due at ``now`` that were not made yet; how many were made."""
    settings = feedback_settings.load(conn)
    today = now.astimezone(DISTRICT_ZONE).date()
    requests = db.citizen_requests
    open_requests = list(conn.execute(sa.select(requests.c.id, requests.c.org_id, requests.c.deadline)
                                      .where(requests.c.state.in_(OPEN_STATES))))
    made = {(row.request_id, row.stage) for row in conn.execute(
        sa.select(db.reminders.c.request_id, db.reminders.c.stage)
        .where(db.reminders.c.request_id.in_([row.id for row in open_requests])))}
    orgs, staff = load_orgs(conn), _staff(conn)
    count = 0
    for row in open_requests:
        due = stage(settings.calendar, date.fromisoformat(row.deadline), today, settings.policy)
        if due is None or (row.id, due.value) in made:
            continue
        reminder_id = conn.execute(db.reminders.insert().values(
            request_id=row.id, stage=due.value, created_at=now.isoformat())).inserted_primary_key[0]
        for user_id in recipients(staff, orgs, row.org_id):
            conn.execute(db.notifications.insert().values(reminder_id=reminder_id, user_id=user_id))
        count += 1
    return count


def _staff(conn: sa.Connection) -> list[tuple[int, Actor]]:
    users = db.users
    return [(row.id, Actor(row.username, Role(row.role), row.org_id))
            for row in conn.execute(sa.select(users).where(users.c.active))]


def mail_pending(engine: sa.Engine, config: HubConfig, now: datetime) -> int:
    """Mail the recent notifications not mailed yet to users with an address; how many went."""
    with engine.connect() as conn:
        pending = list(conn.execute(_pending_mail(now)))
        orgs, settings = load_orgs(conn), feedback_settings.load(conn)
    today = now.astimezone(DISTRICT_ZONE).date()
    sent = 0
    for row in pending:
        due = date.fromisoformat(row.deadline)
        subject, body = mail(Reminder(
            stage=Stage(row.stage), receipt=row.receipt, kind_label=RequestKind(row.kind).label,
            org_name=orgs[row.org_id].name if row.org_id in orgs else "",
            received=datetime.fromisoformat(row.received_at).astimezone(DISTRICT_ZONE).date(), deadline=due,
            working_days_left=settings.calendar.working_days_between(today, due)),
            f"{config.public_url}/console/inbox/{row.request_id}" if config.public_url else "")
        try:
            mailer.send(config.smtp, row.email, subject, body)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("reminder mail for %s not sent, trying again next run: %s", row.receipt, exc)
            continue
        with engine.begin() as conn:
            conn.execute(db.notifications.update().where(db.notifications.c.id == row.id)
                         .values(emailed_at=now.isoformat()))
        sent += 1
    return sent


def _pending_mail(now: datetime) -> sa.Select:
    n, r, q, u = db.notifications, db.reminders, db.citizen_requests, db.users
    return (sa.select(n.c.id, u.c.email, r.c.stage, q.c.id.label("request_id"), q.c.receipt, q.c.kind,
                      q.c.org_id, q.c.received_at, q.c.deadline)
            .join(r, r.c.id == n.c.reminder_id).join(q, q.c.id == r.c.request_id).join(u, u.c.id == n.c.user_id)
            .where(n.c.emailed_at.is_(None), u.c.active, u.c.email.is_not(None),
                   r.c.created_at > (now - MAIL_WITHIN).isoformat())
            .order_by(n.c.id))
