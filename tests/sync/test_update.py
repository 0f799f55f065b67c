"""Fleet updates end to end against a real hub on loopback: a device on version N is offered
N+1; a bad N+1 leaves it on N with the failure reported, a good one ends on N+1.

To keep these fast, the installer here unpacks a test wheel whose ``gongkai`` command is a
script that passes or fails its selftest; everything else (offer, signature, download, hash,
switch, trial, guard, reports) is the real thing. tests/deploy/test_fleet_update.py does the
same with real wheels of this app, installed by pip from a wheelhouse.
"""
from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from device.config import DeviceConfig
from device.store import Store
from gongkai import signing
from hub.fleet import devices, releases
from hub.server import file_store, signing_key
from hub.storage import db
from sync import delivery
from sync.service import heartbeat_job
from sync.update import Layout, UpdateError, Updater, heartbeat_fields, last_outcome, selftest, trial
from tests.hub.client import ConsoleUser

GOOD = "#!/bin/sh\necho selftest ok\n"
BROKEN = "#!/bin/sh\necho 'ModuleNotFoundError: No module named kivy' >&2\nexit 1\n"


def test_wheel(version: str, gongkai_script: str) -> tuple[str, bytes]:
    """A wheel the hub accepts, carrying the script its installed ``gongkai`` command will be."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr(f"gongkai-{version}.dist-info/METADATA", f"Name: gongkai\nVersion: {version}\n")
        wheel.writestr("test/gongkai", gongkai_script)
    return f"gongkai-{version}-py3-none-any.whl", buffer.getvalue()


test_wheel.__test__ = False


def unpack_installer(wheel: Path, release: Path, _wheelhouse: Path | None = None) -> None:
    command = release / "venv" / "bin" / "gongkai"
    command.parent.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        command.write_bytes(archive.read("test/gongkai"))
    command.chmod(0o755)


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fleet(hub, tmp_path):
    """A device on version 0.1.0, paired with the hub, in group 试点."""
    with hub.engine.begin() as conn:
        device, token = devices.enrol(conn, "试点触摸屏", 5, groups=frozenset({"试点"}))
    key = signing_key(hub.data_dir)
    layout = Layout(root=tmp_path / "device", config_path=tmp_path / "device.toml")
    unpack_installer(Path(_write(tmp_path, *test_wheel("0.1.0", GOOD))), layout.releases / "0.1.0")
    layout.base.mkdir(parents=True, exist_ok=True)
    layout.switch("0.1.0")
    config = DeviceConfig(path=layout.config_path, hub_url=hub.url, token=token,
                          store_path=tmp_path / "device.db", public_key=signing.public_key_text(key))
    return hub, device, key, layout, config


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def offer(hub, key, version: str, script: str, group: str = "试点") -> None:
    filename, data = test_wheel(version, script)
    with hub.engine.begin() as conn:
        releases.add_release(conn, key, file_store(hub.data_dir), filename, data, "admin")
        releases.offer(conn, group, version, "admin")


def updater(config, layout, clock, **kwargs) -> Updater:
    return Updater(config, layout, installer=unpack_installer, clock=clock, confirm_after=120,
                   trial_seconds=900, **kwargs)


def hub_report(hub, device) -> sa.Row | None:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.release_reports).where(db.release_reports.c.device_id == device.id)).first()


def test_a_good_version_is_installed_beside_the_old_switched_to_and_confirmed(fleet):
    hub, device, key, layout, config = fleet
    clock = Clock()
    offer(hub, key, "0.2.0", GOOD)
    assert updater(config, layout, clock).step() == "switched to 0.2.0, on trial"
    assert layout.current_version() == "0.2.0"
    assert (layout.releases / "0.1.0").is_dir(), "the old version stays beside the new one"
    assert trial(layout)["previous"] == "0.1.0"
    assert (layout.state / "rollback-to").read_text() == "0.1.0"
    assert (layout.state / "restart-request").exists()
    # The new version, restarted, confirms itself once it has run a while and is healthy.
    assert updater(config, layout, clock).step() == "0.2.0 on trial"
    clock.now += 300
    assert updater(config, layout, clock).step() == "0.2.0 confirmed"
    assert not trial(layout) and not (layout.state / "rollback-to").exists()
    assert last_outcome(layout)["outcome"] == "installed"
    assert hub_report(hub, device).outcome == "installed"
    assert updater(config, layout, clock).step() == "up to date"
    # The guard finds nothing to undo.
    clock.now += 3600
    assert updater(config, layout, clock).guard() == "nothing on trial"
    assert layout.current_version() == "0.2.0"


def test_a_version_that_fails_its_selftest_is_never_switched_to_and_is_reported(fleet):
    hub, device, key, layout, config = fleet
    clock = Clock()
    offer(hub, key, "0.2.0", BROKEN)
    result = updater(config, layout, clock).step()
    assert result.startswith("update to 0.2.0 failed: selftest of 0.2.0 failed")
    assert "No module named kivy" in result
    assert layout.current_version() == "0.1.0"
    assert not (layout.releases / "0.2.0").exists()
    report = hub_report(hub, device)
    assert (report.version, report.outcome) == ("0.2.0", "failed")
    fields = heartbeat_fields(layout)
    assert fields["update_version"] == "0.2.0" and fields["update_outcome"] == "failed"
    # Not tried again: a fixed build comes with a new version number.
    assert "failed here before" in updater(config, layout, clock).step()


def test_a_version_that_does_not_come_up_healthy_is_rolled_back_by_the_guard(fleet):
    hub, device, key, layout, config = fleet
    clock = Clock()
    screen_down = lambda _layout, version: f"gongkai-screen.service is not running on {version}"  # noqa: E731
    offer(hub, key, "0.2.0", GOOD)
    assert updater(config, layout, clock, health=screen_down).step() == "switched to 0.2.0, on trial"
    clock.now += 300
    assert "not healthy yet" in updater(config, layout, clock, health=screen_down).step()
    assert updater(config, layout, clock).guard() == "0.2.0 on trial"
    clock.now += 900
    assert updater(config, layout, clock).guard() == "rolled back to 0.1.0"
    assert layout.current_version() == "0.1.0"
    assert not trial(layout)
    report = hub_report(hub, device)
    assert (report.version, report.outcome) == ("0.2.0", "rolled_back")
    assert "did not come up healthy" in report.detail
    assert heartbeat_fields(layout)["update_outcome"] == "rolled_back"
    assert "failed here before" in updater(config, layout, clock).step()


def test_a_package_altered_on_the_way_is_refused(fleet):
    hub, device, key, layout, config = fleet
    offer(hub, key, "0.2.0", GOOD)
    with hub.engine.connect() as conn:
        sha256 = releases.release(conn, "0.2.0").sha256
    package = file_store(hub.data_dir).path(sha256)
    good = package.read_bytes()
    package.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
    with pytest.raises(UpdateError, match="does not match its signed hash"):
        updater(config, layout, Clock()).step()
    assert layout.current_version() == "0.1.0"
    # A damaged download is not held against the version: once the package is right, it installs.
    package.write_bytes(good)
    assert updater(config, layout, Clock()).step() == "switched to 0.2.0, on trial"


def test_an_offer_signed_by_another_key_is_refused(fleet):
    hub, device, key, layout, config = fleet
    offer(hub, key, "0.2.0", GOOD)
    stranger = signing.public_key_text(signing.Ed25519PrivateKey.generate())
    impostor = DeviceConfig(**{**config.__dict__, "public_key": stranger})
    with pytest.raises(UpdateError, match="signature does not verify"):
        updater(impostor, layout, Clock()).step()
    assert layout.current_version() == "0.1.0"


def test_only_devices_in_the_offered_group_are_offered(fleet, tmp_path):
    hub, device, key, layout, config = fleet
    offer(hub, key, "0.2.0", GOOD, group="其他分组")
    assert updater(config, layout, Clock()).step() == "up to date"
    with hub.engine.begin() as conn:
        releases.offer(conn, releases.EVERY_DEVICE, "0.2.0", "admin")
    assert updater(config, layout, Clock()).step() == "switched to 0.2.0, on trial"


def test_the_selftest_health_check_runs_the_versions_own_command(fleet):
    _hub, _device, _key, layout, _config = fleet
    assert selftest(layout, "0.1.0") is None
    assert "did not run" in selftest(layout, "9.9.9")


class LostReports(requests.Session):
    """The link drops the device's update report; everything else gets through."""

    def post(self, url, *args, **kwargs):
        if url.endswith("/api/v1/releases/report"):
            raise requests.ConnectionError("link down")
        return super().post(url, *args, **kwargs)


def test_a_failed_update_whose_report_was_lost_reaches_the_device_list_by_heartbeat(fleet, monkeypatch):
    hub, device, key, layout, config = fleet
    offer(hub, key, "0.2.0", BROKEN)
    assert "failed" in Updater(config, layout, installer=unpack_installer, http=LostReports()).step()
    assert hub_report(hub, device) is None
    monkeypatch.setenv("GONGKAI_ROOT", str(layout.root))
    heartbeat_job(config)
    delivery.drain(config, Store(config.store_path))
    report = hub_report(hub, device)
    assert (report.version, report.outcome) == ("0.2.0", "failed")
    page = ConsoleUser(hub, "admin").get("/console/devices").text
    row = page.split(f'data-device="{device.name}"')[1].split("</tr>")[0]
    assert "0.2.0 升级失败" in row and "No module named kivy" in row


def test_a_screen_that_takes_pre_releases_installs_a_release_candidate_and_others_stay(fleet):
    hub, _device, key, layout, config = fleet
    clock = Clock()
    offer(hub, key, "0.2.0rc1", GOOD)
    assert updater(config, layout, clock).step() == "up to date"
    assert layout.current_version() == "0.1.0"
    tester = dataclasses.replace(config, prereleases=True)
    assert updater(tester, layout, clock).step() == "switched to 0.2.0rc1, on trial"


def test_a_release_candidate_offered_against_the_screens_config_is_refused(fleet):
    hub, _device, key, layout, config = fleet
    offer(hub, key, "0.2.0rc1", GOOD)
    lying = requests.Session()
    lying.params = {"prereleases": "true"}  # as if the hub offered it to every screen
    with pytest.raises(UpdateError, match="pre-release 0.2.0rc1, which this device does not take"):
        updater(config, layout, Clock(), http=lying).step()
    assert layout.current_version() == "0.1.0"
