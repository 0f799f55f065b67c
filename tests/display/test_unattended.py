"""What keeps an unattended screen alive: the systemd watchdog message, screen power commands."""
from __future__ import annotations

import socket
import sys

from device.ui import watchdog
from display.power import ScreenPower, run_command


def test_watchdog_messages_reach_the_notify_socket(tmp_path):
    address = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(address))
        assert watchdog.notify("WATCHDOG=1", {"NOTIFY_SOCKET": str(address)})
        assert listener.recv(64) == b"WATCHDOG=1"


def test_without_systemd_nothing_is_sent_and_a_dead_socket_is_no_crash(tmp_path):
    assert not watchdog.notify("WATCHDOG=1", {})
    assert not watchdog.notify("WATCHDOG=1", {"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})


def test_the_heartbeat_comes_twice_per_watchdog_period():
    assert watchdog.interval({"WATCHDOG_USEC": "30000000"}) == 15
    assert watchdog.interval({}) == watchdog.DEFAULT_INTERVAL


def test_a_power_command_that_fails_or_hangs_is_logged_not_raised(caplog):
    assert not run_command(["/nonexistent/xset", "dpms", "force", "off"])
    assert not run_command([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert not run_command([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.2)
    assert run_command([sys.executable, "-c", "pass"])
    assert "screen power command" in caplog.text


def test_power_commands_run_only_when_the_state_changes():
    ran: list[tuple[str, ...]] = []
    power = ScreenPower(("on",), ("off",), run=ran.append)
    for state in (True, True, False, False, True):
        power.set(state)
    power.close()
    assert ran == [("on",), ("off",), ("on",)]
