"""Proof of play: every slide shown becomes a "play" record in the outbox, for the hub.

An inspection (监督检查) asks how long each 公示 was really on public screens; the answer
is the sum of these records. They are written on a worker thread with its own store
connection: the outbox commit waits on sync's write lock and on the disk (an SD card on
small boards), and the UI thread must never wait on either during a transition.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from device import outbox
from device.store import Store
from gongkai.domain.playlist import Slide

log = logging.getLogger("gongkai.display")


def play_record(slide: Slide, started_at: datetime, seconds: float, device: str, mode: str,
                pages: int) -> dict[str, Any]:
    """The payload of one showing: which version of which item, when, how long, where."""
    return {
        "item_id": slide.item.id,
        "version": slide.item.version,
        "kind": slide.kind.value,
        "started_at": started_at.isoformat(),
        "seconds": round(seconds, 1),
        "pages": pages,
        "device": device,
        "mode": mode,
    }


class ProofOfPlay:
    """Queues play records on one worker thread, in the order the slides were shown."""

    def __init__(self, store_path: Path):
        self._store = Store(store_path)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proof-of-play")

    def record(self, payload: dict[str, Any]) -> None:
        """Queue one showing's play record for the hub without holding up the screen."""
        self._worker.submit(self._write, payload)

    def close(self) -> None:
        """Write what is queued, then let go of the store."""
        self._worker.shutdown(wait=True)
        self._store.close()

    def _write(self, payload: dict[str, Any]) -> None:
        try:
            outbox.add(self._store, "play", payload)
        except Exception:  # a lost record must not stop the ones after it
            log.exception("could not queue a play record for item %s", payload.get("item_id"))
