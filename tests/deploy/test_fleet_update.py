"""A fleet update with real wheels of this app, installed by pip into real virtualenvs.

The device has only the hub and its wheelhouse: the package index given to pip is dead, so
every install here proves that an update whose dependencies did not change needs nothing
else. Version N is this checkout; the hub then offers N+1 builds made from a copy of it:
one that lost a module it imports (its own selftest fails), one that needs a dependency the
device does not have, and a good one. The device ends on the good one, and reports the rest.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

import gongkai
from hub.fleet import releases
from hub.server import file_store, signing_key
from hub.storage import db
from sync.update import Layout, Updater, pip_install
from tests.deploy.conftest import REPO

BASE = gongkai.__version__
DEAD_INDEX = {"PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_RETRIES": "0", "PIP_TIMEOUT": "2"}
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "gongkai", "device", "hub", "sync", "kiosk", "display", "cli", "assets")


def build(tmp_path: Path, version: str, change=None) -> Path:
    """A wheel of this checkout at ``version``, after ``change`` edits the copied sources."""
    source = tmp_path / f"src-{version}"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / name, source / name)
    init = source / "gongkai" / "__init__.py"
    init.write_text(re.sub(r'__version__ = ".*"', f'__version__ = "{version}"', init.read_text()))
    if change:
        change(source)
    out = tmp_path / f"wheel-{version}"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(source)], check=True, capture_output=True, timeout=300)
    return next(out.glob("gongkai-*.whl"))


def lose_a_module(source: Path) -> None:
    """A build that forgot a module the sync service imports."""
    service = source / "sync" / "service.py"
    text = service.read_text()
    service.write_text(text.replace("\nimport ", "\nimport sync.gone_missing  # noqa: F401\nimport ", 1))


def need_a_new_dependency(source: Path) -> None:
    project = source / "pyproject.toml"
    project.write_text(project.read_text().replace('dependencies = [\n', 'dependencies = [\n    "gongkai-new-dependency>=1",\n'))


def offer(hub, wheel: Path) -> str:
    version = wheel.name.split("-")[1]
    with hub.engine.begin() as conn:
        releases.add_release(conn, signing_key(hub.data_dir), file_store(hub.data_dir), wheel.name,
                             wheel.read_bytes(), "admin")
        releases.offer(conn, releases.EVERY_DEVICE, version, "admin")
    return version


def hub_report(hub) -> sa.Row:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.release_reports)).one()


class Clock:
    now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_device_on_n_refuses_broken_builds_and_ends_on_a_good_n_plus_1(hub, tmp_path, wheel, wheelhouse,
                                                                        monkeypatch):
    builds = [build(tmp_path, f"{BASE}.1", lose_a_module), build(tmp_path, f"{BASE}.2", need_a_new_dependency),
              build(tmp_path, f"{BASE}.3")]
    for name, value in DEAD_INDEX.items():
        monkeypatch.setenv(name, value)
    config = hub.device_config()
    layout = Layout(root=tmp_path / "device", config_path=hub.device_config_path)
    layout.base.mkdir(parents=True)
    layout.wheelhouse.symlink_to(wheelhouse)
    pip_install(next(wheelhouse.glob(f"gongkai-{BASE}-*.whl")), layout.releases / BASE, layout.wheelhouse)
    layout.switch(BASE)
    clock = Clock()
    updater = Updater(config, layout, clock=clock)

    broken = offer(hub, builds[0])
    assert updater.step().startswith(f"update to {broken} failed: selftest of {broken} failed")
    assert hub_report(hub).detail.endswith("cannot load its modules: No module named 'sync.gone_missing'")
    assert layout.current_version() == BASE and not (layout.releases / broken).exists()

    needy = offer(hub, builds[1])
    assert updater.step().startswith(f"update to {needy} failed: installing gongkai-{needy}")
    report = hub_report(hub)
    assert report.outcome == "failed" and "gongkai-new-dependency" in report.detail
    assert layout.current_version() == BASE

    good = offer(hub, builds[2])
    assert updater.step() == f"switched to {good}, on trial"
    assert layout.current_version() == good
    clock.now += 300
    assert updater.step() == f"{good} confirmed"
    version = subprocess.run([str(layout.gongkai(good)), "--version"], capture_output=True, text=True, check=True)
    assert good in version.stdout
    assert (hub_report(hub).version, hub_report(hub).outcome) == (good, "installed")
