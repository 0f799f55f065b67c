"""Console sign-in: scrypt-hashed passwords, rate-limited logins and server-side sessions
with a CSRF token each.

There are no default passwords: the first admin is created from the command line
(``gongkai hub --data DIR --create-admin NAME``) or, for the demo, with a random one.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from gongkai.domain.roles import Actor, Role
from hub.clock import utcnow
from hub.fleet.devices import token_hash
from hub.storage import db

from . import login_throttle

SESSION_LIFETIME = timedelta(hours=8)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class TooManyAttempts(Exception):
    """Login refused without checking the password: too many recent failures."""


@dataclass(frozen=True)
class Session:
    user_id: int
    username: str
    role: Role
    org_id: int | None
    csrf: str

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.org_id)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **_SCRYPT)
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def log_in(conn: sa.Connection, username: str, password: str, ip: str) -> str | None:
    """A new session token for correct credentials of an active user, else None.

    Unknown users cost the same scrypt work as known ones, so timing does not tell which
    usernames exist. Raises TooManyAttempts while the username+address pair is throttled.
    """
    if login_throttle.blocked(conn, username, ip):
        raise TooManyAttempts(login_throttle.REFUSAL)
    row = conn.execute(sa.select(db.users).where(db.users.c.username == username)).first()
    stored = row.password_hash if row else hash_password(secrets.token_hex(8))
    if not verify_password(password, stored) or row is None or not row.active:
        login_throttle.note_failure(conn, username, ip)
        return None
    login_throttle.clear(conn, username, ip)
    token = secrets.token_urlsafe(32)
    conn.execute(db.sessions.insert().values(
        token_hash=token_hash(token), user_id=row.id, csrf=secrets.token_urlsafe(24),
        expires_at=(utcnow() + SESSION_LIFETIME).isoformat()))
    return token


def session(conn: sa.Connection, token: str | None) -> Session | None:
    """The live session a cookie names; None once expired or when its user was deactivated."""
    if not token:
        return None
    row = conn.execute(
        sa.select(db.sessions, db.users.c.username, db.users.c.role, db.users.c.org_id,
                  db.users.c.active)
        .join(db.users, db.users.c.id == db.sessions.c.user_id)
        .where(db.sessions.c.token_hash == token_hash(token))
    ).first()
    if row is None or not row.active or datetime.fromisoformat(row.expires_at) < utcnow():
        return None
    return Session(row.user_id, row.username, Role(row.role), row.org_id, row.csrf)


def log_out(conn: sa.Connection, token: str) -> None:
    conn.execute(db.sessions.delete().where(db.sessions.c.token_hash == token_hash(token)))


def end_sessions(conn: sa.Connection, user_id: int) -> None:
    """Sign a user out everywhere (password reset, role change, deactivation)."""
    conn.execute(db.sessions.delete().where(db.sessions.c.user_id == user_id))
