"""Console sign-in: scrypt-hashed passwords, rate-limited logins and server-side sessions
with a CSRF token each.

A hash is stored as ``scrypt$N$r$p$salt$digest``, so raising the work factor later
leaves every stored hash verifiable; a user's hash is redone with today's parameters at
their next successful login. Hashes from before the parameters were stored
(``scrypt$salt$digest``) were made with ``_LEGACY`` and are upgraded the same way.

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
"""Today's scrypt parameters for new hashes; raise N here, stored hashes keep verifying."""
_LEGACY = {"n": 2**14, "r": 8, "p": 1}
"""The parameters of the hashes stored before they carried their own (``scrypt$salt$digest``)."""


class TooManyAttempts(Exception):
    """Login refused without checking the password: too many recent failures."""


@dataclass(frozen=True)
class Session:
    """A signed-in console user: who they are, their role and org, and the CSRF token their forms must carry."""

    user_id: int
    username: str
    role: Role
    org_id: int | None
    csrf: str

    @property
    def actor(self) -> Actor:
        """The user as the role rules see them, for every permission check."""
        return Actor(self.username, self.role, self.org_id)


def hash_password(password: str) -> str:
    """A new ``scrypt$N$r$p$salt$digest`` hash of ``password`` with today's parameters."""
    salt = secrets.token_bytes(16)
    return _format(_SCRYPT, salt, _scrypt(password, salt, _SCRYPT))


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a stored hash, in either format, with the hash's own parameters."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    params, salt, digest = parsed
    try:
        candidate = _scrypt(password, salt, params)
    except ValueError:  # parameters scrypt refuses
        return False
    return hmac.compare_digest(candidate, digest)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made in the old format or with other parameters than today's."""
    parsed = _parse(stored)
    return parsed is None or stored != _format(_SCRYPT, parsed[1], parsed[2])


def _format(params: dict[str, int], salt: bytes, digest: bytes) -> str:
    return "$".join(["scrypt", str(params["n"]), str(params["r"]), str(params["p"]),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def _parse(stored: str) -> tuple[dict[str, int], bytes, bytes] | None:
    """The parameters, salt and digest of a stored hash; None when it is not one."""
    fields = stored.split("$")
    try:
        if fields[0] == "scrypt" and len(fields) == 3:
            params, salt, digest = _LEGACY, fields[1], fields[2]
        elif fields[0] == "scrypt" and len(fields) == 6:
            params = {"n": int(fields[1]), "r": int(fields[2]), "p": int(fields[3])}
            salt, digest = fields[4], fields[5]
        else:
            return None
        return params, base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except ValueError:
        return None


def _scrypt(password: str, salt: bytes, params: dict[str, int]) -> bytes:
    # OpenSSL's default memory cap (32 MB) stops N above 2**14 with r=8: allow what N needs
    memory = 128 * params["r"] * (params["n"] + params["p"] + 2)
    return hashlib.scrypt(password.encode(), salt=salt, maxmem=memory, **params)


_NO_SUCH_USER = _format(_SCRYPT, bytes(16), bytes(64))
"""Checked in place of an unknown user's hash: today's parameters, so refusing an unknown
username costs the same scrypt work as a known one; no password yields an all-zero digest."""


def log_in(conn: sa.Connection, username: str, password: str, ip: str) -> str | None:
    """A new session token for correct credentials of an active user, else None.

    Unknown users cost the same scrypt work as known ones, so timing does not tell which
    usernames exist; a hash in an old format or with old parameters is redone with the
    password just verified. Raises TooManyAttempts while the username+address pair is throttled.
    """
    if login_throttle.blocked(conn, username, ip):
        raise TooManyAttempts(login_throttle.REFUSAL)
    row = conn.execute(sa.select(db.users).where(db.users.c.username == username)).first()
    stored = row.password_hash if row else _NO_SUCH_USER
    if not verify_password(password, stored) or row is None or not row.active:
        login_throttle.note_failure(conn, username, ip)
        return None
    login_throttle.clear(conn, username, ip)
    if needs_rehash(stored):
        conn.execute(db.users.update().where(db.users.c.id == row.id).values(password_hash=hash_password(password)))
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
    """Sign a user out: the session their cookie names ends."""
    conn.execute(db.sessions.delete().where(db.sessions.c.token_hash == token_hash(token)))


def end_sessions(conn: sa.Connection, user_id: int) -> None:
    """Sign a user out everywhere (password reset, role change, deactivation)."""
    conn.execute(db.sessions.delete().where(db.sessions.c.user_id == user_id))
