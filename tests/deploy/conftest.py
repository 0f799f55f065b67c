"""Shared fixtures for the deploy tests: one wheel of this checkout, and one wheelhouse of it
with its dependencies, per session."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """This checkout as a wheel, built the way a release is built."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    return next(out.glob("gongkai-*.whl"))


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory, wheel) -> Path:
    """This checkout's wheel and a screen's dependencies, as deploy/install.sh lays them down."""
    house = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "-w", str(house),
                    "-c", str(REPO / "constraints.txt"), f"{wheel}[device]"], check=True, capture_output=True,
                   timeout=900)
    return house
