"""Console accounts: scrypt-hashed passwords and server-side sessions with a CSRF token each.

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

from . import db
from .devices import token_hash
from .disclosures import utcnow

SESSION_LIFETIME = timedelta(hours=8)
ROLES = ("district_admin",)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class Session:
    user_id: int
    username: str
    role: str
    csrf: str


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


def create_user(conn: sa.Connection, username: str, password: str, role: str = "district_admin") -> int:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if len(password) < 10:
        raise ValueError("password must be at least 10 characters")
    if conn.execute(sa.select(db.users.c.id).where(db.users.c.username == username)).first():
        raise ValueError(f"user {username!r} already exists")
    return conn.execute(db.users.insert().values(
        username=username, password_hash=hash_password(password), role=role,
        created_at=utcnow().isoformat())).inserted_primary_key[0]


def set_password(conn: sa.Connection, username: str, password: str) -> None:
    """Set a user's password, creating the user as a district admin if needed."""
    updated = conn.execute(db.users.update().where(db.users.c.username == username)
                           .values(password_hash=hash_password(password))).rowcount
    if not updated:
        create_user(conn, username, password)


def log_in(conn: sa.Connection, username: str, password: str) -> str | None:
    """A new session token for correct credentials, else None (same work either way)."""
    row = conn.execute(sa.select(db.users).where(db.users.c.username == username)).first()
    stored = row.password_hash if row else hash_password(secrets.token_hex(8))
    if not verify_password(password, stored) or row is None:
        return None
    token = secrets.token_urlsafe(32)
    conn.execute(db.sessions.insert().values(
        token_hash=token_hash(token), user_id=row.id, csrf=secrets.token_urlsafe(24),
        expires_at=(utcnow() + SESSION_LIFETIME).isoformat()))
    return token


def session(conn: sa.Connection, token: str | None) -> Session | None:
    if not token:
        return None
    row = conn.execute(
        sa.select(db.sessions, db.users.c.username, db.users.c.role)
        .join(db.users, db.users.c.id == db.sessions.c.user_id)
        .where(db.sessions.c.token_hash == token_hash(token))
    ).first()
    if row is None or datetime.fromisoformat(row.expires_at) < utcnow():
        return None
    return Session(row.user_id, row.username, row.role, row.csrf)


def log_out(conn: sa.Connection, token: str) -> None:
    conn.execute(db.sessions.delete().where(db.sessions.c.token_hash == token_hash(token)))
