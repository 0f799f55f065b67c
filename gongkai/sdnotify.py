"""systemd's notify protocol (sd_notify(3)), for services of ``Type=notify`` with ``WatchdogSec=``.

systemd passes NOTIFY_SOCKET (and WATCHDOG_USEC when a watchdog is set); a service says
READY=1 once it is up and then WATCHDOG=1 at least once per watchdog period. Without
NOTIFY_SOCKET (a developer's machine, a test) nothing is sent.
"""
from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("gongkai.sdnotify")
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
