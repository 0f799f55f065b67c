"""Locked down, the kiosk swallows every key and close request (kiosk.navigation): run for
real under Xvfb, with keys sent as SDL2 sends them (tests.kiosk.lockdown_child).

The windowed run is the control: the same keys do get through there, so the locked-down
run passing is the lockdown's doing, not keys that never arrived.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.content import demo_store
from tests.kiosk.lockdown_child import KEYS
from tests.ui.harness import NOW, REPO, xvfb  # noqa: F401

pytestmark = pytest.mark.ui


def run_kiosk(env: dict, tmp_path, mode: str) -> dict:
    store_path = tmp_path / "store.db"
    if not store_path.exists():
        demo_store(store_path, NOW).close()
    out = subprocess.run([sys.executable, "-m", "tests.kiosk.lockdown_child", str(store_path), mode],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"the kiosk stopped before it was looked at:\n{out.stderr[-3000:]}"
    return json.loads(lines[-1].removeprefix("RESULT "))


def test_locked_down_kiosk_swallows_keys_and_close_requests(xvfb, tmp_path):
    locked = run_kiosk(xvfb, tmp_path, "locked")
    assert locked["heard"] == [], "a key got past the lockdown"
    assert locked["close_vetoed"], "Alt-F4 / the window manager's close request was not refused"
    assert locked["running"] and locked["screen"] == "home"


def test_windowed_kiosk_lets_keys_through(xvfb, tmp_path):
    windowed = run_kiosk(xvfb, tmp_path, "windowed")
    assert sorted(set(windowed["heard"])) == sorted({keycode for keycode, _ in KEYS.values()})
    assert not windowed["close_vetoed"]
