"""Run the hub with uvicorn."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import sqlalchemy as sa
import uvicorn

from gongkai import signing
from hub.storage.files import FileStore

from .app import create_app
from .config import HubConfig
from .storage import db


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
    uvicorn.run(create_app(engine, key, file_store(data_dir), config), host=host, port=port,
                log_level="warning", log_config=None, server_header=False, date_header=True, proxy_headers=False)


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
