"""The gongkai command as a user runs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from cli.main import main
from tests.hub.test_backup import hub_data


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def test_help_lists_every_command():
    out = run("--help").stdout
    for command in ("hub", "sync", "kiosk", "display", "status", "demo"):
        assert command in out


def test_sync_once_then_status_json(hub):
    config = str(hub.device_config_path)
    first = run("sync", "--once", "--config", config)
    assert first.returncode == 0 and "applied 56 changes" in first.stdout
    second = run("sync", "--once", "--config", config)
    assert "up to date (the hub signed that nothing is new)" in second.stdout
    status = json.loads(run("status", "--config", config, "--json").stdout)
    assert status["hub"] == hub.url and status["cursor"] == 56 and status["last_error"] is None
    all_well = run("status", "--config", config)
    assert all_well.returncode == 0 and "all is well." in all_well.stdout
    assert status["last_sync"].startswith("20")
    assert status["items_by_category"]["组织建设"] == 7
    assert list(status["items_by_category"]) == ["党组织履行职责", "思想建设", "组织建设", "领导班子建设",
                                                 "干部选拔和管理", "联系和服务党员群众", "党风廉政建设", "其他"]


def test_status_before_any_sync(hub):
    status = json.loads(run("status", "--config", str(hub.device_config_path), "--json").stdout)
    assert status["last_sync"] is None and status["cursor"] == 0 and status["last_error"] is None


def test_sync_failure_exits_nonzero_with_plain_words(tmp_path):
    config = tmp_path / "device.toml"
    config.write_text('[hub]\nurl = "http://127.0.0.1:9"\ntoken = "t"\npublic_key = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="\n[store]\npath = "d.db"\n')
    result = run("sync", "--once", "--config", str(config))
    assert result.returncode == 1 and "cannot reach the hub" in result.stderr
    status = run("status", "--config", str(config), "--json")
    assert json.loads(status.stdout)["last_error"].startswith("cannot reach the hub")
    assert status.returncode == 1, "no fresh answer from the hub is a problem: exit status 1"


def test_bad_config_names_the_key(tmp_path, capsys):
    config = tmp_path / "device.toml"
    config.write_text('[hub]\nurl = "http://127.0.0.1:9"\ntokn = "t"\n[store]\npath = "d.db"\n')
    assert main(["status", "--config", str(config)]) == 2
    assert "unknown config key hub.tokn" in capsys.readouterr().err


def test_demo_without_a_display_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run("demo", "--data", str(tmp_path), env=env)
    assert result.returncode == 2
    assert "DISPLAY is not set" in result.stderr and "xvfb-run" in result.stderr


def test_a_bad_window_size_names_the_option(tmp_path, capsys):
    config = tmp_path / "device.toml"
    config.write_text('[hub]\nurl = "http://127.0.0.1:9"\n[store]\npath = "d.db"\n')
    assert main(["kiosk", "--config", str(config), "--size", "big"]) == 2
    assert capsys.readouterr().err == "gongkai: --size: window size must look like 1920x1080, got 'big'\n"


def test_a_backup_into_a_missing_folder_is_named_in_one_line(tmp_path, capsys):
    data = hub_data(tmp_path / "hub")
    assert main(["hub-backup", "--data", str(data), "--to", str(tmp_path / "nope" / "b.tar.gz")]) == 2
    err = capsys.readouterr().err
    assert err == f"gongkai: the folder {tmp_path / 'nope'} does not exist: create it (mkdir -p) " \
                  "or give --to a path in an existing folder\n"


def test_a_backup_without_a_database_says_check_data(tmp_path, capsys):
    assert main(["hub-backup", "--data", str(tmp_path), "--to", str(tmp_path / "b.tar.gz")]) == 1
    assert capsys.readouterr().err == f"gongkai: no hub database at {tmp_path / 'hub.db'}: check --data\n"
