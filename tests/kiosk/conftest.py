"""Fixtures of the kiosk's UI tests: the kiosk's own steps, and their figures."""
from __future__ import annotations

import json

import pytest

KIOSK_DRIVER = "tests.kiosk.driver"
"""run_scenario(..., driver=KIOSK_DRIVER): the shared steps plus drag, publish, measure and pace."""


@pytest.fixture
def measured(tmp_path):
    """The figures a scenario's {"measure": name} step wrote, by name."""
    return lambda name: json.loads((tmp_path / "ui" / f"measure-{name}.json").read_text(encoding="utf-8"))
