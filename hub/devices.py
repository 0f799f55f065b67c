"""Devices and their tokens. Only a SHA-256 of each token is stored, so a stolen
database does not let anyone impersonate a screen."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from . import db
from .disclosures import utcnow

LAST_SEEN_RESOLUTION = timedelta(seconds=60)


@dataclass(frozen=True)
class Device:
    id: int
    name: str
    org_id: int


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrol(conn: sa.Connection, name: str, org_id: int) -> tuple[Device, str]:
    """Create a device; returns it with its token, which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    device_id = conn.execute(db.devices.insert().values(
        name=name, org_id=org_id, token_hash=token_hash(token), created_at=utcnow().isoformat(),
    )).inserted_primary_key[0]
    return Device(device_id, name, org_id), token


def issue_token(conn: sa.Connection, name: str, org_id: int) -> str:
    """A fresh token for the device called ``name``, enrolling it first if it is new.

    The old token stops working at once: this is also how a lost token is replaced.
    """
    row = conn.execute(sa.select(db.devices.c.id).where(db.devices.c.name == name)).first()
    if row is None:
        return enrol(conn, name, org_id)[1]
    token = secrets.token_urlsafe(32)
    conn.execute(db.devices.update().where(db.devices.c.id == row.id)
                 .values(token_hash=token_hash(token), org_id=org_id))
    return token


def authenticate(conn: sa.Connection, token: str) -> Device | None:
    """The device a bearer token belongs to, noting when it was last seen (at most once a minute)."""
    row = conn.execute(sa.select(db.devices).where(db.devices.c.token_hash == token_hash(token))).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_seen_at is None or now - datetime.fromisoformat(row.last_seen_at) > LAST_SEEN_RESOLUTION:
        conn.execute(db.devices.update().where(db.devices.c.id == row.id)
                     .values(last_seen_at=now.isoformat()))
    return Device(row.id, row.name, row.org_id)


def list_devices(conn: sa.Connection) -> list[sa.Row]:
    return list(conn.execute(sa.select(db.devices).order_by(db.devices.c.id)))
