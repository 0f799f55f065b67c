"""Every benchmark's quick mode runs to its end, so a benchmark that crashes or hangs fails CI.

Each runs as the README runs it (``python -m bench.NAME``, here with ``--quick``) in its own
process; it must exit 0 and end with one JSON line naming it, with its figures and its
baseline's.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.ui.harness import REPO, xvfb  # noqa: F401 (a fixture)

TIMEOUT = 150
"""Seconds one quick run may take on a loaded two-core machine (they take 5–25 s idle)."""
SYNC_AND_HUB = ["sync_nochange", "sync_delta", "sync_initial", "hub_polls", "kiosk_search"]
ON_SCREEN = ["kiosk_ui", "display_soak"]


def run_quick(name: str, env: dict | None = None) -> dict:
    """Run ``python -m bench.NAME --quick``; the figures of the JSON line it ends with."""
    proc = subprocess.run([sys.executable, "-m", f"bench.{name}", "--quick"], check=False, cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, f"bench.{name} failed:\n{proc.stderr[-4000:]}"
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["benchmark"] == name
    assert any(key.startswith("baseline") for key in figures), f"no baseline in {figures}"
    assert len(figures) > 2, f"no figures of its own in {figures}"
    return figures


@pytest.mark.bench
@pytest.mark.parametrize("name", SYNC_AND_HUB)
def test_a_benchmark_runs_to_its_figures(name: str):
    run_quick(name)


@pytest.mark.bench
@pytest.mark.ui
@pytest.mark.parametrize("name", ON_SCREEN)
def test_an_on_screen_benchmark_runs_to_its_figures(name: str, xvfb):  # noqa: F811 (the fixture)
    run_quick(name, xvfb)
