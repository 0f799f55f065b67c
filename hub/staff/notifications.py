"""A staff member's notifications (the deadline reminders addressed to them, hub.feedback.reminders):
reading them, the unread count in the console header, marking them read, and the e-mail
address the reminders are also mailed to, which each user keeps for themselves."""
from __future__ import annotations

import re

import sqlalchemy as sa

from gongkai.domain.roles import Forbidden
from hub.clock import utcnow
from hub.storage import db

from .users import UserError

MAX_EMAIL = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def listed(conn: sa.Connection, user_id: int, limit: int = 200) -> list[sa.Row]:
    """The user's notifications, newest first, with the request each one is about."""
    n, r, q = db.notifications, db.reminders, db.citizen_requests
    return list(conn.execute(
        sa.select(n.c.id, n.c.read_at, n.c.emailed_at, r.c.stage, r.c.created_at, q.c.id.label("request_id"),
                  q.c.receipt, q.c.kind, q.c.org_id, q.c.deadline, q.c.state)
        .join(r, r.c.id == n.c.reminder_id).join(q, q.c.id == r.c.request_id)
        .where(n.c.user_id == user_id).order_by(n.c.id.desc()).limit(limit)))


def unread(conn: sa.Connection, user_id: int) -> int:
    """How many of the user's reminders are unread, for the count in the console header."""
    return conn.execute(sa.select(sa.func.count()).select_from(db.notifications).where(
        db.notifications.c.user_id == user_id, db.notifications.c.read_at.is_(None))).scalar_one()


def open_one(conn: sa.Connection, user_id: int, notification_id: int) -> int:
    """Mark one of the user's own notifications read; the request it is about."""
    n, r = db.notifications, db.reminders
    row = conn.execute(sa.select(n.c.user_id, r.c.request_id).join(r, r.c.id == n.c.reminder_id)
                       .where(n.c.id == notification_id)).first()
    if row is None or row.user_id != user_id:
        raise Forbidden("这条提醒不是发给您的")
    conn.execute(n.update().where(n.c.id == notification_id, n.c.read_at.is_(None))
                 .values(read_at=utcnow().isoformat()))
    return row.request_id


def read_all(conn: sa.Connection, user_id: int) -> None:
    """Mark every one of the user's reminders read."""
    conn.execute(db.notifications.update().where(db.notifications.c.user_id == user_id,
                                                 db.notifications.c.read_at.is_(None))
                 .values(read_at=utcnow().isoformat()))


def email_of(conn: sa.Connection, user_id: int) -> str:
    """The address the user's reminders are mailed to; empty when they gave none."""
    return conn.execute(sa.select(db.users.c.email).where(db.users.c.id == user_id)).scalar_one() or ""


def set_email(conn: sa.Connection, user_id: int, email: str) -> None:
    """The user's own address for reminders; empty: reminders in the console only."""
    email = email.strip()
    if email and (len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email)):
        raise UserError("请填写有效的电子邮箱地址，如 zhangsan@nanhu.example.cn")
    conn.execute(db.users.update().where(db.users.c.id == user_id).values(email=email or None))
