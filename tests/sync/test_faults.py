"""Sync under faults: every failure is reported in plain words and the store stays whole."""
from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
import sqlalchemy as sa

from device import config, outbox
from device.store import Store
from gongkai import signing
from hub.fleet import submissions
from hub.server import signing_key
from hub.storage import db
from sync import delivery
from sync.feed import SyncError, sync_once
from tests.sync.fakehub import Behaviour, FakeHub


def synced(hub) -> tuple[config.DeviceConfig, Store]:
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    return cfg, store


def snapshot(store: Store):
    return store.cursor, sorted((i.id, i.version) for i in store.items())


def pointed_at(cfg: config.DeviceConfig, url: str, **changes) -> config.DeviceConfig:
    return config.DeviceConfig(**{**cfg.__dict__, "hub_url": url, **changes})


def empty_page(after: int) -> bytes:
    return json.dumps({"protocol": 1, "scope": 1, "reset": False, "after": after, "cursor": after + 1, "more": False,
                       "changes": []}).encode()


@pytest.mark.parametrize("behaviour, message", [
    (Behaviour(status=500, body=b'{"error": "database is locked"}'), "HTTP 500: database is locked"),
    (Behaviour(status=503, body=b"<html>Bad gateway</html>"), "HTTP 503"),
    (Behaviour(body=b'{"protocol": 1, "after": 49, ' + b' ' * 50_000 + b'}', truncate_to=3000),
     "cut off before its end"),
])
def test_hub_errors_leave_the_store_as_it_was(hub, behaviour, message):
    cfg, store = synced(hub)
    before = snapshot(store)
    with FakeHub(behaviour) as fake:
        with pytest.raises(SyncError, match=message):
            sync_once(pointed_at(cfg, fake.url), store)
    assert snapshot(store) == before
    assert message.split(":")[0] in store.meta("last_error")


def test_slow_hub_times_out_instead_of_hanging(hub):
    cfg, store = synced(hub)
    with FakeHub(Behaviour(body=empty_page(49), delay=3.0, signing_key=signing_key(hub.data_dir))) as fake:
        started = time.monotonic()
        with pytest.raises(SyncError, match="did not answer within 0.5 s"):
            sync_once(pointed_at(cfg, fake.url, timeout=0.5), store)
        assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("how", ["unsigned", "other key", "garbage", "tampered"])
def test_page_failing_verification_is_refused_and_counted(hub, how):
    cfg, store = synced(hub)
    before = snapshot(store)
    body = empty_page(49)
    real_key = signing_key(hub.data_dir)
    behaviour = {
        "unsigned": Behaviour(body=body),
        "other key": Behaviour(body=body, signing_key=signing.Ed25519PrivateKey.generate()),
        "garbage": Behaviour(body=body, signature="ed25519:not-base64!"),
        "tampered": Behaviour(body=body, signature=signing.sign(real_key, empty_page(48))),
    }[how]
    with FakeHub(behaviour) as fake:
        with pytest.raises(SyncError, match="refused a feed page"):
            sync_once(pointed_at(cfg, fake.url), store)
    assert snapshot(store) == before
    assert store.meta("failed_verifications") == "1"


def test_submission_made_offline_reaches_the_hub_exactly_once(hub):
    cfg, store = synced(hub)
    receipt = outbox.add(store, "dianti", {"org_id": 4, "text": "希望公开社区老年食堂的收费标准和补贴发放情况。"})
    offline = pointed_at(cfg, "http://127.0.0.1:9", timeout=0.5)
    clock = datetime.now(timezone.utc)
    for _ in range(12):  # many hours of failures, each retry when the backoff says
        for pending in outbox.due(store, clock):
            assert pending.id == receipt
        with pytest.raises(delivery.OutboxError, match="cannot reach the hub"):
            delivery.drain(offline, store, now=clock)
        clock += timedelta(hours=2)
    [pending] = outbox.due(store, clock)
    assert pending.attempts == 12
    assert delivery.drain(cfg, store, now=clock) == 1
    assert outbox.depth(store) == 0
    with hub.engine.connect() as conn:
        rows = conn.execute(sa.select(db.submissions)).all()
    assert [(r.client_id, r.kind) for r in rows] == [(receipt, "dianti")]
    assert "老年食堂" in json.loads(rows[0].payload)["text"]


def test_resent_submission_is_stored_once(hub):
    """The hub stored it but its answer was lost: the device sends it again."""
    cfg, store = synced(hub)
    outbox.add(store, "rating", {"org_id": 4, "rating": "满意"})
    pending = outbox.due(store, datetime.now(timezone.utc))
    assert delivery.drain(cfg, store) == 1
    body = {"records": [{"id": p.id, "kind": p.kind, "created_at": p.created_at, "payload": p.payload}
                        for p in pending]}
    for _ in range(3):
        answer = requests.post(f"{hub.url}/api/v1/outbox", json=body, timeout=5,
                               headers={"Authorization": f"Bearer {cfg.token}"})
        assert answer.json() == {"accepted": [pending[0].id]}
    with hub.engine.connect() as conn:
        assert submissions.count(conn, kind="rating") == 1


def test_outbox_survives_a_reopen_and_keeps_only_the_latest_heartbeat(tmp_path):
    store = Store(tmp_path / "d.db")
    outbox.add(store, "heartbeat", {"cursor": 1})
    outbox.add(store, "feedback", {"text": "触摸屏字太小"})
    outbox.add(store, "heartbeat", {"cursor": 2})
    store.close()
    reopened = Store(tmp_path / "d.db")
    kinds = sorted((p.kind, p.payload.get("cursor")) for p in outbox.due(reopened, datetime.now(timezone.utc)))
    assert kinds == [("feedback", None), ("heartbeat", 2)]


def test_hub_refuses_unknown_outbox_kinds(hub):
    cfg = hub.device_config()
    answer = requests.post(f"{hub.url}/api/v1/outbox", timeout=5, headers={"Authorization": f"Bearer {cfg.token}"},
                           json={"records": [{"id": "a" * 32, "kind": "shell", "created_at": "x", "payload": {}}]})
    assert answer.status_code == 400 and "unknown kind" in answer.json()["error"]


def test_backoff_doubles_with_jitter_and_is_capped():
    rng = random.Random(7)
    delays = [outbox.backoff(n, rng).total_seconds() for n in range(12)]
    assert 7.5 <= delays[0] <= 22.5
    assert 15 <= delays[1] <= 45
    assert all(d <= 5400 for d in delays)
    assert delays[-1] >= 1800


def _visible_items_up_to(hub, cursor: int) -> list[tuple[int, int]]:
    with hub.engine.connect() as conn:
        rows = conn.execute(sa.select(db.items.c.id, db.items.c.version).where(
            db.items.c.seq <= cursor, db.items.c.audience == "public",
            db.items.c.status.in_(["published", "withdrawn"]))).all()
    return sorted((r.id, r.version) for r in rows)


def _grow_hub(hub, n: int) -> None:
    from hub.demo.content import build
    from hub.workflow import disclosures

    template = build(datetime.now(timezone.utc).date()).items
    with hub.engine.begin() as conn:
        for i in range(n):
            base = template[i % len(template)]
            disclosures.import_item(conn, base.__class__(**{**base.__dict__, "id": 1000 + i,
                                                            "title": f"{base.title}（第{i}号）"}), "测试")


def _stored_cursor(path) -> int:
    """The cursor in the store file at ``path``, read without writing (0 before sync made it)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'cursor'").fetchone()
    except sqlite3.OperationalError:  # no file yet, or no tables in it yet
        return 0
    return int(row[0]) if row else 0


def _kill_while_applying(proc: subprocess.Popen, path, cursor: int, rng: random.Random) -> None:
    """SIGKILL ``proc`` at a random moment once it has applied a page past ``cursor``: a slow
    start (a loaded machine) never makes the kill land before sync applies anything."""
    deadline = time.monotonic() + 60
    while _stored_cursor(path) <= cursor and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.3))
    os.kill(proc.pid, signal.SIGKILL)


def test_sigkill_during_apply_never_leaves_a_torn_store(hub):
    """Kill `gongkai sync --once` at random moments while it applies pages; after each kill the
    store is exactly the hub's content up to the store's own cursor, and a last run catches up."""
    _grow_hub(hub, 2500)
    path = hub.device_config_path
    path.write_text(path.read_text().replace("[hub]\n", "[hub]\npage_size = 5\n"))
    cfg = hub.device_config()
    rng = random.Random(2026)
    cursors = [0]
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-m", "cli.main", "sync", "--once", "--config", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _kill_while_applying(proc, cfg.store_path, cursors[-1], rng)
        proc.wait()
        check = sqlite3.connect(cfg.store_path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        store = Store(cfg.store_path)
        cursors.append(store.cursor)
        assert sorted((i.id, i.version) for i in store.items()) == _visible_items_up_to(hub, store.cursor)
        store.close()
    assert cursors == sorted(cursors) and cursors[-1] > 0, cursors
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    with hub.engine.connect() as conn:
        head = db.feed_head(conn)
    assert store.cursor == head
    assert sorted((i.id, i.version) for i in store.items()) == _visible_items_up_to(hub, head)
