"""Run the hub with uvicorn, telling systemd when it is up and, while it answers, that it lives."""
from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import sqlalchemy as sa
import uvicorn

from gongkai import signing
from gongkai.sdnotify import interval, notify
from hub.storage.files import FileStore

from .app import create_app
from .config import HubConfig
from .storage import db

log = logging.getLogger("gongkai.hub")


def signing_key(data_dir: Path):
    """The hub's Ed25519 key, kept beside its database (back both up together)."""
    return signing.load_or_create_key(data_dir / "signing-key.pem")


def file_store(data_dir: Path) -> FileStore:
    """Attachments, kept by SHA-256 beside the database (back both up together)."""
    return FileStore(data_dir / "files")


def serve(engine: sa.Engine, data_dir: Path, *, host: str, port: int, demo: bool,
          config: HubConfig = HubConfig()) -> None:
    """``gongkai hub``: serve the console, phone pages and device API (after loading the demo
    district, if asked) until stopped."""
    url = f"http://{host}:{port}"
    key = signing_key(data_dir)
    if demo:
        from .demo import district as demo_data

        demo_data.load(engine, data_dir, url, signing.public_key_text(key))
        print(f"demo hub: console {url}/console  (login in {data_dir / 'demo-admin.txt'})")
        print(f"demo device config: {data_dir / 'demo-device.toml'}", flush=True)
    # uvicorn logs through the process's journal lines (cli/journal.py): its errors as errors,
    # its access log (info) not at all; nginx keeps one.
    server = uvicorn.Server(uvicorn.Config(create_app(engine, key, file_store(data_dir), config), host=host,
                                           port=port, log_level="warning", log_config=None, server_header=False,
                                           date_header=True, proxy_headers=False))
    Watchdog(server, health_url(host, port)).start()
    server.run()


def health_url(host: str, port: int) -> str:
    """Where the hub's own liveness check answers: a wildcard listen address is probed on loopback."""
    try:
        address = ipaddress.ip_address(host or "0.0.0.0")
    except ValueError:
        return f"http://{host}:{port}/healthz"
    if address.is_unspecified:
        address = ipaddress.ip_address("::1" if address.version == 6 else "127.0.0.1")
    literal = f"[{address}]" if address.version == 6 else str(address)
    return f"http://{literal}:{port}/healthz"


class Watchdog:
    """systemd's view of the hub (``Type=notify``, ``WatchdogSec=``): READY=1 once uvicorn
    listens, then WATCHDOG=1 every half period, but only while ``/healthz`` answers, so a hub
    whose event loop or worker threads hang is restarted. Without NOTIFY_SOCKET it does nothing."""

    def __init__(self, server: uvicorn.Server, url: str, environ: Mapping[str, str] = os.environ):
        self.server, self.url, self.environ = server, url, environ
        self.period = interval(environ)

    def start(self) -> None:
        """Watch from a daemon thread of its own (systemd stops the process; nothing to join)."""
        if self.environ.get("NOTIFY_SOCKET"):
            threading.Thread(target=self._run, name="systemd-watchdog", daemon=True).start()

    def _run(self) -> None:
        while not self.server.started:
            if self.server.should_exit:
                return
            time.sleep(0.05)
        notify("READY=1", self.environ)
        while not self.server.should_exit:
            if self.answers():
                notify("WATCHDOG=1", self.environ)
            time.sleep(self.period)

    def answers(self) -> bool:
        """Whether the hub answers its liveness check within half a beat, so that a slow
        answer still leaves the next beat inside the watchdog's deadline."""
        try:
            with urllib.request.urlopen(self.url, timeout=self.period / 2) as answer:
                return answer.status == 200
        except OSError as exc:
            log.warning("the hub does not answer %s: %s; not feeding the watchdog", self.url, exc)
            return False


class BackgroundHub:
    """A hub served from a thread of this process: for tests and benchmarks on loopback."""

    def __init__(self, app, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                     proxy_headers=False))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"hub did not start on port {port}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Shut the hub down at the end of a test or benchmark."""
        self._server.should_exit = True
        self._thread.join(timeout=10)


def free_port() -> int:
    """A loopback port nothing listens on now, for a hub started in the background."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo_in_background(data_dir: Path, config: HubConfig = HubConfig()) -> tuple[BackgroundHub, sa.Engine]:
    """A demo hub (content, device config, admin) on a free loopback port, in this process."""
    from .demo import district as demo_data

    engine = db.connect(data_dir)
    key = signing_key(data_dir)
    port = free_port()
    demo_data.load(engine, data_dir, f"http://127.0.0.1:{port}", signing.public_key_text(key))
    return BackgroundHub(create_app(engine, key, file_store(data_dir), config), port), engine
