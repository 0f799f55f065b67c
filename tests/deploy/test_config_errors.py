"""Every command meets a bad device config with one line naming the key and the problem,
exit status 2, and no traceback; the example files in config/ are valid."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOOD_HUB = '[hub]\nurl = "http://127.0.0.1:9"\n[store]\npath = "d.db"\n'
BAD_CONFIGS = {
    "missing hub": ('[store]\npath = "d.db"\n', "config key hub.url is missing"),
    "wrong type": ('[hub]\nurl = 8700\n[store]\npath = "d.db"\n',
                   "config key hub.url has the wrong type: it must be a string in quotes"),
    "not a whole number": (GOOD_HUB.replace("[store]", "page_size = 2.5\n[store]"),
                           "config key hub.page_size has the wrong type: it must be a whole number"),
    "not a number": (GOOD_HUB.replace("[store]", 'timeout = "10"\n[store]'),
                     "config key hub.timeout has the wrong type: it must be a number"),
    "unknown key": (GOOD_HUB.replace("[store]", 'tokn = "x"\n[store]'), "unknown config key hub.tokn"),
    "unknown section": (GOOD_HUB + "[screen]\nx = 1\n", "unknown config section [screen]"),
    "out of range": (GOOD_HUB.replace("[store]", "timeout = 9999999999999\n[store]"), "hub.timeout"),
    "not TOML": ("[hub\nurl =", "is not valid TOML"),
    "bad kiosk key": (GOOD_HUB + "[kiosk]\nidle_secondz = 90\n", "kiosk.idle_secondz"),
    "bad display value": (GOOD_HUB.replace("[hub]", '[device]\nkind = "display"\n[hub]')
                          + '[display]\nmode = "tv"\n', "display.mode"),
}
COMMANDS = {"sync": ["sync", "--once"], "status": ["status"], "selftest": ["selftest"], "update": ["update"],
            "kiosk": ["kiosk"], "display": ["display"]}
CASES = [(case, command) for case in ("missing hub", "wrong type", "unknown key") for command in COMMANDS] + [
    (case, "selftest") for case in ("unknown section", "out of range", "not TOML", "not a whole number",
                                    "not a number")] + [
    ("bad kiosk key", "kiosk"), ("bad kiosk key", "selftest"),
    ("bad display value", "display"), ("bad display value", "selftest")]
"""Every command meets the common mistakes; each other check once (they share device.config.load),
and the app sections with the commands that read them."""


def gongkai(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=60, env={"PATH": "/usr/bin:/bin", "KIVY_NO_ARGS": "1"})


@pytest.mark.parametrize(("case", "command"), CASES)
def test_a_bad_config_is_named_in_one_line_without_a_traceback(tmp_path, case, command):
    text, expected = BAD_CONFIGS[case]
    config = tmp_path / "device.toml"
    config.write_text(text, encoding="utf-8")
    result = gongkai(*COMMANDS[command], "--config", str(config), cwd=REPO)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("gongkai: ") and expected in result.stderr
    assert not (tmp_path / "d.db").exists(), "a bad config must stop before anything is touched"


def test_a_missing_config_file_is_named(tmp_path):
    result = gongkai("selftest", "--config", str(tmp_path / "nope.toml"), cwd=REPO)
    assert result.returncode == 2 and "does not exist" in result.stderr


def config_file(tmp_path: Path, case: str) -> Path:
    """A config file that cannot be read as one, for each way it happens on site."""
    path = tmp_path / "device.toml"
    if case == "GBK":
        path.write_bytes(GOOD_HUB.replace("[store]", '[device]\nname = "南湖社区"\n[store]').encode("gbk"))
    elif case == "unreadable":
        path.write_text(GOOD_HUB, encoding="utf-8")
        path.chmod(0)
    elif case == "folder":
        path = tmp_path
    return path


UNREADABLE = {
    "GBK": "is not UTF-8 text (GBK?): save it as UTF-8 (iconv -f GBK -t UTF-8)",
    "unreadable": "cannot be read by this user: run as the gongkai user or make the file readable",
    "folder": "is a folder: give --config the .toml file in it",
}


@pytest.mark.parametrize("case", UNREADABLE)
@pytest.mark.parametrize("command", ["selftest", "status", "sync"])
def test_a_config_that_cannot_be_read_is_named_in_one_line(tmp_path, case, command):
    if case == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads a file of mode 000")
    path = config_file(tmp_path, case)
    result = gongkai(*COMMANDS[command], "--config", str(path), cwd=REPO)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"gongkai: config file {path} {UNREADABLE[case]}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_an_unreadable_config_is_named_even_for_root(tmp_path, monkeypatch):
    """root reads anything: pretend the read was refused, as it is for the gongkai user."""
    from device.config import ConfigError, load

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(ConfigError, match=UNREADABLE["unreadable"]):
        load(tmp_path / "device.toml")


def test_a_config_with_a_byte_order_mark_is_read(tmp_path):
    """Windows editors (Notepad) start a UTF-8 file with a byte-order mark."""
    config = tmp_path / "device.toml"
    config.write_bytes(b"\xef\xbb\xbf" + GOOD_HUB.encode())
    result = gongkai("selftest", "--config", str(config), cwd=REPO)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["kiosk.example.toml", "display-lcd.example.toml", "display-led.example.toml"])
def test_the_example_configs_pass_selftest(tmp_path, name):
    text = (REPO / "config" / name).read_text(encoding="utf-8")
    config = tmp_path / name
    config.write_text(text.replace("/var/lib/gongkai/device.db", "device.db"), encoding="utf-8")
    result = gongkai("selftest", "--config", str(config), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "selftest ok" in result.stdout


def test_a_bad_hub_setting_is_named_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cli.main", "hub", "--data", str(tmp_path)],
                            env={**os.environ, "GONGKAI_HUB_TRUSTED_PROXIES": "127.0.0.1, nginx"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "gongkai: GONGKAI_HUB_TRUSTED_PROXIES: not an address or network: 'nginx'\n"
