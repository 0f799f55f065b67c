"""The systemd watchdog: a heartbeat sent from the Kivy thread, so a stalled UI gets restarted.

The messages are gongkai.sdnotify's (the hub sends them too). The heartbeat goes out from
Kivy's Clock, which only runs while the UI thread turns; if the thread hangs the heartbeats
stop and systemd restarts the process.
"""
from __future__ import annotations

from gongkai.sdnotify import DEFAULT_INTERVAL, interval, notify

__all__ = ["DEFAULT_INTERVAL", "interval", "notify", "start"]


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
