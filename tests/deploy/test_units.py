"""The services' sandboxes: `systemd-analyze security` scores every unit file as written, and
each must stay at or below its ceiling (lower is safer; 10 is no sandbox at all)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.deploy.conftest import REPO

UNITS = REPO / "deploy" / "systemd"
CEILINGS = {
    "gongkai-hub.service": 4.5,
    "gongkai-sync.service": 4.5,
    # The screen needs its GPU, input devices and a login session; the guard runs whatever
    # the previous release brings. Both are scored with more room.
    "gongkai-screen.service": 6.0,
    "gongkai-update-guard.service": 6.0,
}
OVERALL = re.compile(r"Overall exposure level for \S+: (\d+\.\d+)")

pytestmark = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                reason="needs systemd-analyze (Debian package systemd)")


def exposure(unit: str) -> float:
    """The overall exposure `systemd-analyze security` gives the unit file, offline."""
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(UNITS / unit)],
                            capture_output=True, text=True, timeout=60, check=False)
    found = OVERALL.search(result.stdout + result.stderr)
    assert found, result.stdout[-2000:] + result.stderr[-2000:]
    return float(found.group(1))


@pytest.mark.parametrize("unit", sorted(CEILINGS))
def test_each_service_is_sandboxed_below_its_ceiling(unit):
    assert exposure(unit) <= CEILINGS[unit]


def test_the_hub_tells_systemd_it_is_up_and_alive():
    settings = (UNITS / "gongkai-hub.service").read_text().splitlines()
    assert "Type=notify" in settings and any(line.startswith("WatchdogSec=") for line in settings)
