"""The systemd watchdog: a heartbeat sent from the Kivy thread, so a stalled UI gets restarted.

Under a unit with ``Type=notify`` and ``WatchdogSec=``, systemd passes NOTIFY_SOCKET (and
WATCHDOG_USEC). The heartbeat goes out from Kivy's Clock, which only runs while the UI
thread turns; if the thread hangs the heartbeats stop and systemd restarts the process.
Without NOTIFY_SOCKET (a developer's machine) nothing is sent.
"""
from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("gongkai.ui")
DEFAULT_INTERVAL = 10.0


def notify(message: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Send one sd_notify message (READY=1, WATCHDOG=1); False when there is nowhere to send."""
    address = environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]   # Linux abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(message.encode(), address)
    except OSError as exc:
        log.warning("cannot notify systemd at %s: %s", environ["NOTIFY_SOCKET"], exc)
        return False
    return True


def interval(environ: Mapping[str, str] = os.environ) -> float:
    """Half the watchdog timeout systemd gave, as sd_watchdog_enabled(3) advises."""
    try:
        return max(0.5, int(environ["WATCHDOG_USEC"]) / 2_000_000)
    except (KeyError, ValueError):
        return DEFAULT_INTERVAL


_started = False


def start() -> None:
    """Tell systemd the app is up, then beat from the Kivy Clock for as long as it runs.
    Once per process: the shared app base and an app may both call it."""
    global _started
    from kivy.clock import Clock

    if _started:
        return
    _started = True
    if notify("READY=1"):
        Clock.schedule_interval(lambda _dt: notify("WATCHDOG=1"), interval())
