"""`gongkai demo` for real: hub, synced store, kiosk and display windows; Ctrl-C stops it all."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import requests

from hub.server import free_port
from tests.ui.harness import xvfb  # noqa: F401  (fixture)


def children_of(pid: int) -> list[str]:
    listing = subprocess.run(["ps", "-o", "pid=,ppid=,args=", "-e"], capture_output=True, text=True).stdout
    return [line.split(None, 2)[2] for line in listing.splitlines() if line.split(None, 2)[1] == str(pid)]


def test_demo_runs_everything_and_stops_cleanly(xvfb, tmp_path):  # noqa: F811
    port = free_port()
    data = tmp_path / "demo"
    demo = subprocess.Popen([sys.executable, "-m", "cli.main", "demo", "--data", str(data), "--port", str(port)],
                            env=xvfb, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "demo running" not in line and time.monotonic() < deadline:
            line = demo.stdout.readline()
            assert line or demo.poll() is None, "demo exited early"
        assert "demo running" in line
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()["ok"]
        status = subprocess.run([sys.executable, "-m", "cli.main", "status", "--json", "--config",
                                 str(data / "demo-device.toml")], capture_output=True, text=True, timeout=30)
        assert json.loads(status.stdout)["items"] == 42
        time.sleep(3)  # the windows are up and still running
        running = " ".join(children_of(demo.pid))
        for part in (" hub ", " sync ", " kiosk ", " display "):
            assert part in running, f"{part.strip()} is not running: {running}"
    finally:
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=30) == 0
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-f", str(data)], capture_output=True, text=True).stdout
    assert leftovers == "", f"processes left behind: {leftovers}"
