"""Switching the panel on and off at the schedule's edges with the configured commands.

The commands (``xset dpms force off``, ``vcgencmd display_power 0``, ``cec-ctl ...``) are
run without a shell, one after another on a worker thread with a timeout, so a hung HDMI-CEC
bus never freezes the UI thread; a failure is logged and the display carries on.
"""
from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger("gongkai.display")
TIMEOUT_SECONDS = 15.0


def run_command(command: Sequence[str], timeout: float = TIMEOUT_SECONDS) -> bool:
    """Run ``command``; True when it exited 0. Never raises: a screen must not crash on it."""
    try:
        done = subprocess.run(list(command), timeout=timeout, capture_output=True, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("screen power command %s failed: %s", command[0], exc)
        return False
    if done.returncode != 0:
        log.warning("screen power command %s exited %d: %s", " ".join(command), done.returncode,
                    done.stderr.decode(errors="replace").strip()[:200])
    return done.returncode == 0


class ScreenPower:
    """Remembers whether the panel is on, and runs a command only when that changes."""

    def __init__(self, on_command: Sequence[str], off_command: Sequence[str],
                 run: Callable[[Sequence[str]], bool] = run_command):
        self._commands = {True: tuple(on_command), False: tuple(off_command)}
        self._run = run
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screen-power")
        self.on: bool | None = None

    def set(self, on: bool) -> Future | None:
        """Switch the panel; the first call always runs, so start-up state is known."""
        if on == self.on:
            return None
        self.on = on
        command = self._commands[on]
        return self._worker.submit(self._run, command) if command else None

    def close(self) -> None:
        """Let a queued command finish (each is bounded by its timeout)."""
        self._worker.shutdown(wait=True)
