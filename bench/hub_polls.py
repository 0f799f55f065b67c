"""Hub throughput for device polls from 1,000 simulated devices on loopback.

Two cases: nothing new (every poll is answered with a signed page with nothing new, made
without reading the change tables) and one change (every device fetches a page with one
changed item). Baseline, same run: a static-file
server (uvicorn + Starlette StaticFiles, one worker, like the hub) serving a file of the
same size as each case's response body. The hub runs in its own process so the load
generator does not share its interpreter.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import requests

from gongkai.domain.model import Audience, Category, TimeLimit
from gongkai.domain.roles import Actor, Role
from hub.demo.content import build
from hub.fleet import devices, feed
from hub.server import free_port
from hub.storage import db
from hub.workflow import disclosures, orgs
from hub.workflow.disclosures import Draft
from sync.feed import TYPES

from .measure import report, sizes

FULL = {"devices": 1000, "workers": 32, "seconds": 8.0}
QUICK = {"devices": 40, "workers": 4, "seconds": 1.0}
NONCE = "bench-nonce-0123456789"
"""A device sends a new nonce with every poll; the hub's cost does not depend on which."""
STATIC_APP = """
import sys
from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles
import uvicorn
app = Starlette()
app.mount("/", StaticFiles(directory=sys.argv[1]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def start(command: list[str], url: str) -> subprocess.Popen:
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{command[0]} did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def load(requests_for: list[tuple[str, dict]], workers: int, seconds: float) -> dict:
    """Replay the (url, headers) list round-robin from ``workers`` threads for ``seconds``."""
    counts, statuses, lock = [0] * workers, {}, threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(n: int) -> None:
        http = requests.Session()
        i = n
        while time.monotonic() < deadline:
            url, headers = requests_for[i % len(requests_for)]
            status = http.get(url, headers=headers, timeout=10).status_code
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            counts[n] += 1
            i += workers

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    assert set(statuses) == {200}, f"every poll must be answered: {statuses}"
    return {"requests_per_second": round(sum(counts) / elapsed), "statuses": statuses}


def device_polls(url: str, tokens: list[str]) -> list[tuple[str, dict]]:
    """Each device's poll (url, headers) as sync sends it, from where a first full sync left it."""
    polls = []
    for token in tokens:
        auth = {"Authorization": f"Bearer {token}"}
        head = requests.get(url, params={"limit": feed.MAX_PAGE, "types": TYPES, "nonce": NONCE},
                            headers=auth, timeout=30).json()
        assert not head["more"], "the demo district fits in one page"
        polls.append((f"{url}?cursor={head['cursor']}&scope={head['scope']}&types={TYPES}&nonce={NONCE}", auth))
    return polls


def main() -> None:
    args = sizes("bench.hub_polls", FULL, QUICK)
    pace = {"workers": args.workers, "seconds": args.seconds}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir, static_dir = Path(tmp) / "hub", Path(tmp) / "static"
        static_dir.mkdir()
        engine = db.connect(data_dir)
        with engine.begin() as conn:
            content = build(date.today())
            for org in content.orgs:
                orgs.add_org(conn, org)
            for item in content.items:
                disclosures.import_item(conn, item, "bench")
            tokens = [devices.enrol(conn, f"模拟终端{n:04d}", 1 + n % 5)[1] for n in range(args.devices)]
        port, static_port = free_port(), free_port()
        hub = start([sys.executable, "-m", "cli.main", "hub", "--data", str(data_dir), "--port", str(port)],
                    f"http://127.0.0.1:{port}/healthz")
        try:
            polls = device_polls(f"http://127.0.0.1:{port}/api/v1/feed", tokens)
            quiet = requests.get(polls[0][0], headers=polls[0][1], timeout=10).json()
            assert not (quiet["changes"] or quiet["reset"]), "an up-to-date device must hear 'nothing new'"
            polls_nothing_new = load(polls, **pace)
            with engine.begin() as conn:
                disclosures.publish(conn, Draft(
                    org_id=1, category=Category.OTHER, audience=Audience.PUBLIC, time_limit=TimeLimit.STANDING,
                    title="关于调整党员服务中心开放时间的通知", body="自下月起，党员服务中心周六上午照常开放。",
                    work_plan="便民通知，报区委同意后公开。"),
                    Actor("bench", Role.DISTRICT_ADMIN, None))
            change_body = requests.get(polls[0][0], headers=polls[0][1], timeout=10).content
            polls_change = load(polls, **pace)
        finally:
            stop(hub)
            engine.dispose()
        (static_dir / "small.txt").write_bytes(b"x")
        (static_dir / "page.json").write_bytes(b"x" * len(change_body))
        static = start([sys.executable, "-c", STATIC_APP, str(static_dir), str(static_port)],
                       f"http://127.0.0.1:{static_port}/small.txt")
        try:
            static_small = load([(f"http://127.0.0.1:{static_port}/small.txt", {})], **pace)
            static_page = load([(f"http://127.0.0.1:{static_port}/page.json", {})], **pace)
        finally:
            stop(static)
    report("hub_polls", {
        "devices": args.devices, "workers": args.workers, "seconds_per_case": args.seconds,
        "nothing_new_signed": polls_nothing_new,
        "one_change_page": {**polls_change, "body_bytes": len(change_body)},
        "baseline_static_tiny_file": static_small,
        "baseline_static_same_size_as_page": static_page,
        "ratio_nothing_new_vs_static": round(polls_nothing_new["requests_per_second"]
                                             / static_small["requests_per_second"], 2),
        "ratio_change_vs_static": round(polls_change["requests_per_second"] / static_page["requests_per_second"], 2),
    })


if __name__ == "__main__":
    main()
