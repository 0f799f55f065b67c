"""The background jobs a kiosk or display runs: sync, outbox drain and heartbeat."""
from __future__ import annotations

import time
from dataclasses import replace

import sqlalchemy as sa

from device import outbox
from device.store import Store
from hub.storage import db
from sync.service import start_background


def wait_for(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_background_jobs_sync_drain_and_report(hub):
    cfg = replace(hub.device_config(), sync_interval=1, drain_interval=1, heartbeat_interval=1)
    store = Store(cfg.store_path)
    receipt = outbox.add(store, "feedback", {"org_id": 4, "text": "建议触摸屏增加大字模式。"})
    scheduler = start_background(cfg)
    try:
        assert wait_for(lambda: store.item_count() == 42), "sync job did not fill the store"
        assert wait_for(lambda: outbox.depth(store) == 0), "drain job did not deliver the outbox"

        def heartbeat_seen():
            with hub.engine.connect() as conn:
                row = conn.execute(sa.select(db.devices)).first()
            return row.last_heartbeat_at is not None and row.cursor == store.cursor

        assert wait_for(heartbeat_seen), "no heartbeat reached the hub"
    finally:
        scheduler.shutdown(wait=True)
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.submissions.c.client_id)).scalars().all() == [receipt]
