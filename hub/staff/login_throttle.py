"""Login rate limiting: after MAX_FAILURES wrong passwords for one username from one address
within WINDOW, that pair is refused until the window has passed.

Keyed on username and address together, so a guesser cannot lock a colleague out from
elsewhere, and one address cannot sweep passwords on one account.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from hub.clock import utcnow
from hub.storage import db

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
REFUSAL = "登录失败次数过多，请15分钟后再试"


def blocked(conn: sa.Connection, username: str, ip: str) -> bool:
    """Whether this username has failed from this address too often lately to be let try again."""
    since = (utcnow() - WINDOW).isoformat()
    count = conn.execute(sa.select(sa.func.count()).select_from(db.login_failures).where(
        db.login_failures.c.username == username, db.login_failures.c.ip == ip,
        db.login_failures.c.at >= since)).scalar_one()
    return count >= MAX_FAILURES


def note_failure(conn: sa.Connection, username: str, ip: str) -> None:
    """Count a wrong password against the username and the address it came from."""
    conn.execute(db.login_failures.insert().values(username=username[:64], ip=ip[:64],
                                                   at=utcnow().isoformat()))


def clear(conn: sa.Connection, username: str, ip: str) -> None:
    """Forget a pair's failures after a good login, and everyone's that are past the window."""
    conn.execute(db.login_failures.delete().where(sa.or_(
        sa.and_(db.login_failures.c.username == username, db.login_failures.c.ip == ip),
        db.login_failures.c.at < (utcnow() - WINDOW).isoformat())))
