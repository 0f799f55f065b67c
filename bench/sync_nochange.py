"""No-change sync: a device that is up to date asks the hub again, and is answered with a
signed page with nothing new, made for that one request.

Baseline: a bare GET of a small static file from the same hub process on loopback,
with the same HTTP client: the floor any request costs here.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import requests

from device import config
from device.store import Store
from hub.server import start_demo_in_background
from sync.feed import sync_once

from .measure import report, sizes, summary_ms, timings

FULL, QUICK = {"runs": 300}, {"runs": 20}


def wire_bytes(response: requests.Response) -> int:
    """Bytes on the wire for one exchange: request line and headers, response headers and body."""
    request = response.request
    sent = len(f"{request.method} {request.path_url} HTTP/1.1\r\n") + sum(
        len(f"{k}: {v}\r\n") for k, v in request.headers.items()) + 2 + len(request.body or b"")
    received = len("HTTP/1.1 200 OK\r\n") + sum(
        len(f"{k}: {v}\r\n") for k, v in response.headers.items()) + 2 + len(response.content)
    return sent + received


def main() -> None:
    runs = sizes("bench.sync_nochange", FULL, QUICK).runs
    with tempfile.TemporaryDirectory() as tmp:
        server, engine = start_demo_in_background(Path(tmp) / "hub")
        try:
            cfg = config.load(Path(tmp) / "hub" / "demo-device.toml")
            store = Store(cfg.store_path)
            http = requests.Session()
            sync_once(cfg, store, http)

            exchanges: list[requests.Response] = []
            http.hooks["response"].append(lambda r, *a, **k: exchanges.append(r))
            sync_samples = timings(lambda: sync_once(cfg, store, http), runs)
            sync_bytes = wire_bytes(exchanges[-1])
            assert sync_once(cfg, store, http).not_modified, "an up-to-date device must hear 'nothing new'"

            static_url = f"{server.url}/static/console.css"
            baseline_samples = timings(lambda: http.get(static_url, timeout=5), runs)
            baseline_bytes = wire_bytes(exchanges[-1])
        finally:
            server.stop()
            engine.dispose()

    ours, floor = summary_ms(sync_samples), summary_ms(baseline_samples)
    report("sync_nochange", {
        "no_change_sync": {**ours, "requests": 1, "wire_bytes": sync_bytes},
        "baseline_static_get": {**floor, "wire_bytes": baseline_bytes},
        "time_ratio_median": round(ours["median_ms"] / floor["median_ms"], 2),
        "bytes_ratio": round(sync_bytes / baseline_bytes, 2),
    })


if __name__ == "__main__":
    main()
