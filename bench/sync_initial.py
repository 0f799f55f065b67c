"""Initial sync of 10,000 items with 500 images into an empty device.

Ours: the real path — signed feed pages verified, parsed and applied, then every image
fetched, hash-checked, renamed into place and recorded. Baseline, same run and server:
fetching exactly the same bytes raw — the very requests the sync made (every feed page,
with its cursor, scope and nonce, and every file), replayed with their answers read and dropped.
"""
from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import requests
from PIL import Image

from device import config
from device.store import Store
from gongkai.domain.model import Audience
from hub.demo.content import build
from hub.server import file_store, start_demo_in_background
from hub.workflow import attachments, disclosures
from sync.feed import sync_once
from sync.files import fetch_files

from .measure import report, sizes

PAGE = 500
FULL = {"items": 10_000, "images": 500}
QUICK = {"items": 1200, "images": 20}
"""Three feed pages: the quick run pages the feed as the full one does."""


def image(seed: int) -> bytes:
    """A 160×160 photo-like PNG (noise: it does not compress), about 77 KB."""
    out = io.BytesIO()
    Image.frombytes("RGB", (160, 160), os.urandom(160 * 160 * 3)).save(out, format="PNG")
    return out.getvalue()


def fill(engine, data_dir: Path, items: int, images: int) -> None:
    """Fill the hub to ``items`` items cloned from the demo district, the first ``images`` with a photo each."""
    template = [i for i in build(datetime.now(timezone.utc).date()).items if i.audience is Audience.PUBLIC]
    files = file_store(data_dir)
    with engine.begin() as conn:
        for n in range(items - 44):
            base = template[n % len(template)]
            item_id = 10_000 + n
            disclosures.import_item(conn, replace(base, id=item_id, title=f"{base.title}（{n}）"), "bench")
            if n < images:
                attachments.attach(conn, files, item_id, image(n), f"现场照片{n}.png")


def recording() -> tuple[requests.Session, list[str]]:
    """A session that notes the URL of every request it answers, in order."""
    http, urls = requests.Session(), []
    http.hooks["response"].append(lambda response, *_a, **_k: urls.append(response.request.url))
    return http, urls


def raw_fetch(cfg: config.DeviceConfig, urls: list[str]) -> tuple[float, int]:
    """Seconds and bytes to GET ``urls`` again with the device's token, doing nothing with the answers."""
    http, auth = requests.Session(), {"Authorization": f"Bearer {cfg.token}"}
    started, total = time.perf_counter(), 0
    for url in urls:
        total += len(http.get(url, headers=auth, timeout=30).content)
    return time.perf_counter() - started, total


def main() -> None:
    args = sizes("bench.sync_initial", FULL, QUICK)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "hub"
        server, engine = start_demo_in_background(data_dir)
        try:
            fill(engine, data_dir, args.items, args.images)
            cfg = replace(config.load(data_dir / "demo-device.toml"), page_size=PAGE)
            store, (http, urls) = Store(cfg.store_path), recording()
            started = time.perf_counter()
            sync_once(cfg, store, http)
            feed_done = time.perf_counter()
            fetched = fetch_files(cfg, store, http)
            ours = time.perf_counter() - started
            assert not fetched.failed and store.item_count() == store.item_count(ready_only=False)
            raw_seconds, raw_bytes = raw_fetch(cfg, urls)
            stored_items = store.item_count()
        finally:
            server.stop()
            engine.dispose()
    report("sync_initial", {
        "initial_sync": {"seconds": round(ours, 2), "feed_seconds": round(feed_done - started, 2),
                         "items": stored_items, "files": len(fetched.fetched),
                         "megabytes_per_second": round(raw_bytes / ours / 2**20, 1)},
        "baseline_raw_download": {"seconds": round(raw_seconds, 2), "megabytes": round(raw_bytes / 2**20, 1),
                                  "megabytes_per_second": round(raw_bytes / raw_seconds / 2**20, 1)},
        "time_ratio": round(ours / raw_seconds, 2),
    })


if __name__ == "__main__":
    main()
