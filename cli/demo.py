"""``gongkai demo``: a demo hub, a synced device, a kiosk and a display on one machine.

Each part is its own process, as on real hardware; Ctrl-C stops them all.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

NO_DISPLAY = """gongkai demo needs a screen, and this machine has none (DISPLAY is not set).
Run it on a desktop, or under a virtual screen:
    xvfb-run -a -s "-screen 0 1920x1080x24" gongkai demo
"""


def run_demo(data_dir: Path, port: int) -> int:
    """``gongkai demo``: show the whole system on one desktop (hub, sync, kiosk and display) until
    Ctrl-C or a window is closed."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    data_dir = data_dir.resolve()
    children: list[subprocess.Popen] = []
    try:
        children.append(_gongkai("hub", "--data", str(data_dir), "--port", str(port), "--demo"))
        _wait_for_hub(f"http://127.0.0.1:{port}", children[0])
        device = str(data_dir / "demo-device.toml")
        subprocess.run(_command("sync", "--config", device, "--once"), check=True)
        children.append(_gongkai("sync", "--config", device))
        children.append(_gongkai("kiosk", "--config", device, "--size", "1280x720"))
        children.append(_gongkai("display", "--config", device, "--size", "960x540"))
        print(f"demo running: console http://127.0.0.1:{port}/console, "
              f"login in {data_dir / 'demo-admin.txt'}. Ctrl-C stops it.", flush=True)
        _wait(children)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
    return 0


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli.main", *args]


def _gongkai(*args: str) -> subprocess.Popen:
    return subprocess.Popen(_command(*args), start_new_session=True)


def _wait_for_hub(url: str, hub: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.poll() is not None:
            raise SystemExit("the demo hub exited; is the port already in use?")
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"the demo hub did not start within {timeout:g} s")


def _wait(children: list[subprocess.Popen]) -> None:
    """Until Ctrl-C, or until a window is closed (then the demo ends)."""
    while all(child.poll() is None for child in children):
        time.sleep(0.5)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
