"""The outbox queue: everything a device produces for the hub, kept on disk until the hub has it.

A record is committed to the device's SQLite store before ``add`` returns, so once a
screen says 已提交 the submission survives a power cut or a dead network. Each record
carries a client-generated id that the hub uses to store it exactly once, however often
it is resent. This module owns the store's ``outbox`` table; screens queue through it and
sync.delivery takes records out of it, retrying with exponential backoff and jitter so a
fleet coming back online does not hammer the hub in step.
"""
from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from gongkai.protocol import OUTBOX_KINDS

from .store import Store

BATCH = 100
BACKOFF_BASE = timedelta(seconds=15)
BACKOFF_CAP = timedelta(hours=1)
KINDS = OUTBOX_KINDS
LATEST_ONLY = frozenset({"heartbeat", "screenshot"})
"""Kinds of which only the newest record waits in the queue: an older one says nothing more."""


@dataclass(frozen=True)
class Pending:
    """A queued record as delivery sends it."""

    id: str
    kind: str
    created_at: str
    payload: dict[str, Any]
    attempts: int


def add(store: Store, kind: str, payload: dict[str, Any], now: datetime | None = None) -> str:
    """Queue a record durably and return its id (the receipt that the hub will dedupe on).

    A heartbeat or screenshot replaces one of its kind still queued: only the latest state matters.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    now = now or datetime.now(timezone.utc)
    record_id = uuid.uuid4().hex
    with store.db.conn:
        store.db.execute("BEGIN IMMEDIATE")
        if kind in LATEST_ONLY:
            store.db.execute("DELETE FROM outbox WHERE kind = ?", [kind])
        store.db.execute(
            "INSERT INTO outbox (id, kind, created_at, payload, attempts, next_attempt_at) "
            "VALUES (?, ?, ?, ?, 0, ?)",
            [record_id, kind, now.isoformat(), json.dumps(payload, ensure_ascii=False), now.isoformat()],
        )
    return record_id


def depth(store: Store) -> int:
    """How many records wait for the hub (status and heartbeats report it)."""
    return store.db["outbox"].count


def due(store: Store, now: datetime, limit: int = BATCH) -> list[Pending]:
    """The oldest records whose retry time has come, at most ``limit``."""
    rows = store.db.execute(
        "SELECT id, kind, created_at, payload, attempts FROM outbox "
        "WHERE next_attempt_at <= ? ORDER BY created_at LIMIT ?", [now.isoformat(), limit]).fetchall()
    return [Pending(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]


def backoff(attempts: int, rng: random.Random = random) -> timedelta:
    """Delay before retry number ``attempts``: doubling from 15 s up to an hour, ±50 % jitter."""
    base = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** min(attempts, 20)))
    return base * rng.uniform(0.5, 1.5)


def forget(store: Store, accepted: Iterable[str]) -> None:
    """Drop the records the hub has acknowledged."""
    with store.db.conn:
        store.db.execute("BEGIN IMMEDIATE")
        for record_id in accepted:
            store.db.execute("DELETE FROM outbox WHERE id = ?", [record_id])


def postpone(store: Store, batch: list[Pending], at: datetime, error: str) -> None:
    """Try these records again later, each after its own backoff, noting why they failed."""
    with store.db.conn:
        store.db.execute("BEGIN IMMEDIATE")
        for pending in batch:
            retry = at + backoff(pending.attempts)
            store.db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                [retry.isoformat(), error, pending.id])
