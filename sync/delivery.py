"""Deliver the outbox (device.outbox) to the hub: due records in batches, each acknowledged
by id, the rest postponed with backoff. Nothing leaves the queue until the hub has it: the
acknowledgement is signed by the hub, so a forged one is refused (and counted)."""
from __future__ import annotations

from datetime import datetime, timezone

import requests

from device.config import DeviceConfig
from device.outbox import Pending, due, forget, postpone
from device.store import Store
from gongkai import signing


class OutboxError(RuntimeError):
    """A drain that could not deliver; the records stay queued."""


def drain(config: DeviceConfig, store: Store, http: requests.Session | None = None,
          now: datetime | None = None) -> int:
    """Deliver what is due, a batch at a time; return how many records the hub took."""
    http = http or requests.Session()
    delivered = 0
    while True:
        at = now or datetime.now(timezone.utc)
        batch = due(store, at)
        if not batch:
            return delivered
        try:
            accepted = _post(config, store, http, batch)
        except OutboxError as exc:
            postpone(store, batch, at, str(exc))
            raise
        forget(store, accepted)
        delivered += len(accepted)
        if len(accepted) < len(batch):
            postpone(store, [p for p in batch if p.id not in accepted], at, "not acknowledged by the hub")
            return delivered


def _post(config: DeviceConfig, store: Store, http: requests.Session, batch: list[Pending]) -> set[str]:
    body = {"records": [{"id": p.id, "kind": p.kind, "created_at": p.created_at, "payload": p.payload}
                        for p in batch]}
    try:
        response = http.post(f"{config.hub_url}/api/v1/outbox", json=body, timeout=config.timeout,
                             headers={"Authorization": f"Bearer {config.token}"})
    except requests.RequestException as exc:
        raise OutboxError(f"cannot reach the hub to deliver the outbox: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise OutboxError(f"the hub did not take the outbox: HTTP {response.status_code}")
    try:
        signing.verify(signing.parse_public_key(config.public_key), response.content,
                       response.headers.get(signing.HEADER))
    except signing.SignatureError as exc:
        store.count_failed_verification()
        raise OutboxError(f"refused the answer to the outbox: {exc}; the records stay queued") from None
    try:
        return set(response.json()["accepted"])
    except (ValueError, KeyError, TypeError):
        raise OutboxError("the hub's answer to the outbox was not understood") from None
