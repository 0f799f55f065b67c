"""The kiosk under Xvfb: cold start to an interactive home, tap to a rendered list of
10,000 items, and resident memory after 1,000 and 2,000 navigations vs after 10.

Baselines from the same run: a bare Kivy App showing one Label (start-up floor), the tap
into a category of 10 items, and memory after the first 10 navigations. Each figure comes
from a child process (Kivy allows one App per process) that prints one JSON line. The
search index is built before the children start, as a kiosk's first start would leave it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.kiosk.content import long_store
from tests.ui.harness import NOW

from .kiosk_ui_child import checkpoints
from .measure import report, sizes

FULL = {"items": 10_000, "navigations": 2000}
QUICK = {"items": 300, "navigations": 100}
"""``items`` are added to 组织建设 (其他 keeps its few); memory is taken after 10, half of
``navigations`` and all of them."""


def start_xvfb() -> tuple[subprocess.Popen, dict]:
    """A private Xvfb, and the environment that points Kivy at it."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([shutil.which("Xvfb"), "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24",
                               "-nolisten", "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = pipe.readline().strip()
    return server, dict(os.environ, DISPLAY=f":{display}", KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1")


def child(env: dict, *args: str) -> dict:
    """Run bench.kiosk_ui_child with ``args``; the figures of the JSON line it ends with."""
    spawned = time.time()
    out = subprocess.run([sys.executable, "-m", "bench.kiosk_ui_child", str(spawned), *args],
                         env=env, capture_output=True, text=True, timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child failed: {out.stderr[-3000:]}")
    return json.loads(lines[-1])


def main() -> None:
    args = sizes("bench.kiosk_ui", FULL, QUICK)
    if shutil.which("Xvfb") is None:
        sys.exit("Xvfb is not installed (apt-get install xvfb)")
    server, env = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store_path, env = Path(tmp) / "store.db", dict(env, KIVY_HOME=str(Path(tmp) / "kivy"))
            long_store(store_path, NOW, args.items)
            child(env, "warm", str(store_path))  # the store file and Kivy's modules in the page cache
            bare = child(env, "bare")
            kiosk = child(env, "kiosk", str(store_path), str(args.navigations))
    finally:
        server.terminate()
        server.wait(timeout=10)
    first, middle, last = checkpoints(args.navigations)
    report("kiosk_ui", {
        "cold_start_to_home_s": kiosk["start_s"],
        "baseline_bare_kivy_label_start_s": bare["start_s"],
        f"tap_to_list_{args.items}_items_ms": kiosk["big_list_ms"],
        "baseline_tap_to_list_10_items_ms": kiosk["small_list_ms"],
        **{f"rss_mb_after_{n}_navigations": kiosk[f"rss_{n}"] for n in (first, middle, last)},
        "rss_growth_mb": round(kiosk[f"rss_{middle}"] - kiosk[f"rss_{first}"], 1),
        f"rss_growth_mb_{middle}_to_{last}": round(kiosk[f"rss_{last}"] - kiosk[f"rss_{middle}"], 1),
    })

if __name__ == "__main__":
    main()
