"""Fixtures shared across the suite: a real hub on loopback, loaded with the demo district."""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
import uvicorn

from gongkai import config, signing
from hub import db, demo
from hub.app import create_app
from hub.server import signing_key


@dataclass
class RunningHub:
    url: str
    engine: sa.Engine
    data_dir: Path

    @property
    def device_config_path(self) -> Path:
        return self.data_dir / "demo-device.toml"

    def device_config(self) -> config.DeviceConfig:
        return config.load(self.device_config_path)

    def admin_password(self) -> str:
        text = (self.data_dir / "demo-admin.txt").read_text(encoding="utf-8")
        return text.split("password: ")[1].strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_in_thread(app, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test hub did not start")
        time.sleep(0.02)
    return server, thread


@pytest.fixture
def hub(tmp_path: Path):
    """A real hub on a free loopback port with the demo district, a demo device and admin."""
    data_dir = tmp_path / "hub"
    engine = db.connect(data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    key = signing_key(data_dir)
    demo.load(engine, data_dir, url, signing.public_key_text(key))
    server, thread = serve_in_thread(create_app(engine, key), port)
    yield RunningHub(url=url, engine=engine, data_dir=data_dir)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()
