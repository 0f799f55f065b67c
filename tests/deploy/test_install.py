"""deploy/install.sh against a scratch root: what it installs, that a second run changes
nothing, that the units pass systemd-analyze verify, and that uninstall takes it off."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from device.config import load

REPO = Path(__file__).resolve().parents[2]
INSTALL = REPO / "deploy" / "install.sh"
HUB_URL = "https://hub.example.cn"
SYSTEM_BINARIES = ("/usr/bin/cage", "/usr/bin/systemctl")
"""Binaries the units start that a scratch root lacks; stand-ins let verify check the units."""

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None or shutil.which("systemd-sysusers") is None or os.geteuid() != 0,
    reason="needs systemd's tools (Debian package systemd) and root to own files as the gongkai account")


def scratch_root(path: Path) -> Path:
    """An empty root with the system's own units, as a debootstrap tree would have them."""
    shutil.copytree("/usr/lib/systemd/system", path / "usr/lib/systemd/system", symlinks=True)
    (path / "etc").mkdir()
    for binary in SYSTEM_BINARIES:
        stand_in = path / binary.lstrip("/")
        stand_in.parent.mkdir(parents=True, exist_ok=True)
        stand_in.write_text("#!/bin/sh\n")
        stand_in.chmod(0o755)
    return path


def install(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(INSTALL), *args, "--root", str(root), "--python", sys.executable,
                           "--pip-args", "--no-deps --no-index"],
                          capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every path the install owns, with its kind, mode, owner, times and content."""
    seen = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if rel.startswith("usr/lib/systemd/system"):
            continue
        st = path.lstat()
        if path.is_symlink():
            content = os.readlink(path)
        elif path.is_file():
            content = path.read_bytes()
        else:
            content = None
        seen[rel] = (st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, content)
    return seen


@pytest.fixture(scope="module")
def kiosk_root(tmp_path_factory, wheel) -> Path:
    root = scratch_root(tmp_path_factory.mktemp("kiosk-root"))
    first = install(root, "kiosk", "--hub-url", HUB_URL, "--package", str(wheel))
    assert first.returncode == 0, first.stderr
    return root


def test_a_kiosk_install_lays_out_account_app_config_data_and_units(kiosk_root, wheel):
    root = kiosk_root
    assert "gongkai:" in (root / "etc/passwd").read_text()
    assert "video:" in (root / "etc/group").read_text()
    current = root / "opt/gongkai/current"
    assert os.readlink(current) == "releases/0.1.0"
    assert (current / "venv/bin/gongkai").is_file()
    assert (root / "opt/gongkai/wheelhouse" / wheel.name).is_file()  # what fleet updates install from
    uid = int([line for line in (root / "etc/passwd").read_text().splitlines()
               if line.startswith("gongkai:")][0].split(":")[2])
    assert (root / "var/lib/gongkai").stat().st_uid == uid
    assert (root / "etc/gongkai/device.toml").stat().st_mode & 0o777 == 0o640
    config = load(root / "etc/gongkai/device.toml")
    assert config.hub_url == HUB_URL and config.kind == "kiosk" and not config.paired
    assert (root / "etc/gongkai/screen.env").read_text() == "GONGKAI_APP=kiosk\n"
    units = root / "etc/systemd/system"
    assert (units / "multi-user.target.wants/gongkai-sync.service").is_symlink()
    assert (units / "graphical.target.wants/gongkai-screen.service").is_symlink()
    assert (units / "timers.target.wants/gongkai-nightly.timer").is_symlink()
    assert "OnCalendar=*-*-* 03:30:00" in (units / "gongkai-nightly.timer").read_text()
    default = subprocess.run(["systemctl", f"--root={root}", "get-default"], capture_output=True, text=True)
    assert default.stdout.strip() == "graphical.target"
    assert "SystemMaxUse=" in (root / "etc/systemd/journald.conf.d/gongkai.conf").read_text()


def test_a_second_install_changes_nothing(kiosk_root, wheel):
    before = snapshot(kiosk_root)
    again = install(kiosk_root, "kiosk", "--hub-url", HUB_URL, "--package", str(wheel))
    assert again.returncode == 0, again.stderr
    assert "nothing to change" in again.stdout
    assert snapshot(kiosk_root) == before


def test_the_installed_units_pass_systemd_analyze_verify(kiosk_root):
    units = sorted(p.name for p in (kiosk_root / "etc/systemd/system").glob("gongkai-*"))
    assert len(units) == 7
    result = subprocess.run(["systemd-analyze", "verify", f"--root={kiosk_root}", *units],
                            capture_output=True, text=True, timeout=120)
    problems = [line for line in result.stderr.splitlines() if "gongkai" in line]
    assert result.returncode == 0 and not problems, result.stderr[-3000:]


def test_the_update_guard_does_nothing_without_an_update_on_trial(kiosk_root):
    guard = kiosk_root / "opt/gongkai/bin/gongkai-update-guard"
    result = subprocess.run([str(guard)], env={**os.environ, "GONGKAI_ROOT": str(kiosk_root)},
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == ""


def test_a_hub_install_verifies_and_changes_nothing_the_second_time(tmp_path, wheel):
    root = scratch_root(tmp_path)
    assert install(root, "hub", "--package", str(wheel)).returncode == 0
    assert (root / "var/lib/gongkai/hub").is_dir()
    env = root / "etc/gongkai/hub.env"  # behind the nginx example, loopback is the proxy
    assert env.stat().st_mode & 0o777 == 0o600
    assert "GONGKAI_HUB_TRUSTED_PROXIES=127.0.0.1,::1" in env.read_text().splitlines()
    before = snapshot(root)
    assert "nothing to change" in install(root, "hub", "--package", str(wheel)).stdout
    assert snapshot(root) == before
    result = subprocess.run(["systemd-analyze", "verify", f"--root={root}", "gongkai-hub.service"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]


def test_uninstall_keeps_config_and_data_and_purge_removes_them(tmp_path, wheel):
    root = scratch_root(tmp_path / "root")
    carried = tmp_path / "usb-wheelhouse"  # an offline install, from wheels brought along
    carried.mkdir()
    shutil.copy(wheel, carried)
    assert install(root, "display", "--hub-url", HUB_URL, "--package", str(wheel), "--wheelhouse", str(carried),
                   "--nightly-restart", "off").returncode == 0
    assert (root / "opt/gongkai/wheelhouse" / wheel.name).is_file()
    assert not (root / "etc/systemd/system/timers.target.wants/gongkai-nightly.timer").exists()
    (root / "var/lib/gongkai/device.db").write_bytes(b"kept")
    removed = subprocess.run(["bash", str(INSTALL), "uninstall", "--root", str(root)], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stderr
    assert not (root / "opt/gongkai").exists()
    assert not list((root / "etc/systemd/system").rglob("gongkai-*"))
    assert (root / "etc/gongkai/device.toml").exists() and (root / "var/lib/gongkai/device.db").exists()
    purged = subprocess.run(["bash", str(INSTALL), "uninstall", "--purge", "--root", str(root)],
                            capture_output=True, text=True)
    assert purged.returncode == 0, purged.stderr
    assert not (root / "etc/gongkai").exists() and not (root / "var/lib/gongkai").exists()


def test_an_empty_wheelhouse_is_named(tmp_path, wheel):
    (tmp_path / "empty").mkdir()
    result = install(scratch_root(tmp_path / "root"), "kiosk", "--hub-url", HUB_URL, "--package", str(wheel),
                     "--wheelhouse", str(tmp_path / "empty"))
    assert result.returncode == 1 and f"no wheels in {tmp_path / 'empty'}" in result.stderr


def test_a_screen_install_needs_the_hub_address(tmp_path, wheel):
    result = install(scratch_root(tmp_path), "kiosk", "--package", str(wheel))
    assert result.returncode == 1 and "--hub-url" in result.stderr


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_the_shell_scripts_are_shellcheck_clean():
    scripts = [INSTALL, REPO / "deploy/bin/gongkai-update-guard"]
    result = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
