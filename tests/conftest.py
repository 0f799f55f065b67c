"""Fixtures shared across the suite: a real hub on loopback, loaded with the demo district."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from device import config
from hub.server import start_demo_in_background


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
        return self.password_of("admin")

    def password_of(self, username: str) -> str:
        """A demo account's password, from the ``demo-admin.txt`` the demo writes."""
        text = (self.data_dir / "demo-admin.txt").read_text(encoding="utf-8")
        for block in text.split("\n\n"):
            fields = dict(line.split(": ", 1) for line in block.strip().splitlines())
            if fields.get("username") == username:
                return fields["password"]
        raise KeyError(username)


@pytest.fixture
def hub(tmp_path: Path):
    """A real hub on a free loopback port with the demo district, a demo device and admin."""
    data_dir = tmp_path / "hub"
    server, engine = start_demo_in_background(data_dir)
    yield RunningHub(url=server.url, engine=engine, data_dir=data_dir)
    server.stop()
    engine.dispose()
