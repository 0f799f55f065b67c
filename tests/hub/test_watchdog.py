"""The hub under systemd's watchdog: READY=1 once it listens, WATCHDOG=1 only while it answers."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

from hub.server import Watchdog, free_port, health_url

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def messages(listener: socket.socket, wanted: set[str], seconds: float) -> list[str]:
    """What arrives on the fake notify socket until every wanted message came or time ran out."""
    got: list[str] = []
    deadline = time.monotonic() + seconds
    while not wanted <= set(got) and time.monotonic() < deadline:
        listener.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            got.append(listener.recv(256).decode())
        except TimeoutError:
            break
    return got


def test_the_real_hub_says_ready_once_it_listens_then_feeds_the_watchdog(tmp_path):
    address = tmp_path / "notify.sock"
    port = free_port()
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(address))
        env = {**os.environ, "PYTHONPATH": REPO, "NOTIFY_SOCKET": str(address), "WATCHDOG_USEC": "1000000"}
        hub = subprocess.Popen([sys.executable, "-m", "cli.main", "hub", "--data", str(tmp_path / "hub"),
                                "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            got = messages(listener, {"READY=1", "WATCHDOG=1"}, 60)
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass  # READY=1 came only once the hub listened
        finally:
            hub.terminate()
            output = hub.communicate(timeout=30)[0].decode(errors="replace")
    assert got and got[0] == "READY=1", (got, output[-2000:])
    assert "WATCHDOG=1" in got, (got, output[-2000:])


def test_a_hub_that_does_not_answer_starves_the_watchdog(tmp_path):
    address = tmp_path / "notify.sock"
    server = SimpleNamespace(started=True, should_exit=False)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(address))
        watchdog = Watchdog(server, f"http://127.0.0.1:{free_port()}/healthz",
                            {"NOTIFY_SOCKET": str(address), "WATCHDOG_USEC": "1000000"})
        watchdog.start()
        got = messages(listener, {"READY=1", "WATCHDOG=1"}, 2)
        server.should_exit = True
    assert got == ["READY=1"]


def test_a_wildcard_listen_address_is_probed_on_loopback():
    assert health_url("0.0.0.0", 8700) == "http://127.0.0.1:8700/healthz"
    assert health_url("::", 8700) == "http://[::1]:8700/healthz"
    assert health_url("10.0.0.5", 80) == "http://10.0.0.5:80/healthz"
    assert health_url("hub.local", 80) == "http://hub.local:80/healthz"
