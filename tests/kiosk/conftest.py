"""Fixtures of the kiosk's UI tests: scenarios with the kiosk's own steps, and their figures."""
from __future__ import annotations

import json
import subprocess
from types import SimpleNamespace

import pytest

from tests.ui import harness

SHARED_DRIVER, KIOSK_DRIVER = "tests.ui.driver", "tests.kiosk.driver"


@pytest.fixture
def kiosk_steps(monkeypatch):
    """harness.run_scenario runs its scenarios through tests.kiosk.driver: the shared steps
    plus drag, publish, measure and pace."""
    def run(command, **kwargs):
        return subprocess.run([KIOSK_DRIVER if part == SHARED_DRIVER else part for part in command], **kwargs)
    monkeypatch.setattr(harness, "subprocess", SimpleNamespace(run=run))


@pytest.fixture
def measured(tmp_path):
    """The figures a scenario's {"measure": name} step wrote, by name."""
    return lambda name: json.loads((tmp_path / "ui" / f"measure-{name}.json").read_text(encoding="utf-8"))
