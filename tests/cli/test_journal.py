"""Logs for the journal: real processes of the ``gongkai`` command (sync, the hub, the kiosk and
the display under Xvfb) write one line per event to stderr, each with its syslog priority
when stderr is the journal, the cause in the line, and no log files of their own."""
from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cli import journal
from tests.ui.harness import xvfb  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[2]
DEAD_HUB = "http://127.0.0.1:9"
PAIRED = (f'[hub]\nurl = "{DEAD_HUB}"\ntoken = "t"\n'
          'public_key = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="\n[store]\npath = "d.db"\n')
PRIORITY = re.compile(r"^<[0-7]>\S")


def under_journal(args: list[str], *, env: dict[str, str] | None = None,
                  until: Callable[[list[str]], bool] | None = None, timeout: float = 60) -> list[str]:
    """Run ``gongkai ARGS`` with stderr on a pipe named in JOURNAL_STREAM, as systemd does; its
    stderr lines once it exits or, with ``until``, once they satisfy it (the process is then
    stopped, and must still have been running)."""
    read_fd, write_fd = os.pipe()
    stat = os.fstat(write_fd)
    env = {**(env or os.environ), "JOURNAL_STREAM": f"{stat.st_dev}:{stat.st_ino}", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "cli.main", *args], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=write_fd, env=env, cwd=REPO)
    os.close(write_fd)
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: os.read(read_fd, 65536), b"")))
    reader.start()

    def lines() -> list[str]:
        return b"".join(chunks).decode("utf-8", "replace").splitlines()

    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline and not (until and until(lines())):
        time.sleep(0.1)
    if until is not None:
        assert process.poll() is None, f"the process stopped early: {lines()}"
    process.terminate()
    process.wait(timeout=10)
    reader.join(timeout=10)
    os.close(read_fd)
    return lines()


def assert_journal_lines(lines: list[str]) -> None:
    assert lines, "the process logged nothing"
    for line in lines:
        assert PRIORITY.match(line), f"no priority prefix: {line!r}"


def config(tmp_path: Path, text: str = PAIRED) -> str:
    path = tmp_path / "device.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_traceback_is_folded_onto_its_event(monkeypatch, tmp_path):
    with open(tmp_path / "stderr", "w") as stderr:
        stat = os.fstat(stderr.fileno())
        monkeypatch.setattr(sys, "stderr", stderr)
        monkeypatch.setenv("JOURNAL_STREAM", f"{stat.st_dev}:{stat.st_ino}")
        try:
            raise ValueError("bad value")
        except ValueError:
            record = logging.LogRecord("gongkai.sync", logging.ERROR, __file__, 1, "failed: %s", ("x",),
                                       sys.exc_info())
        text = journal.JournalFormatter().format(record)
    assert "\n" not in text
    assert text.startswith("<3>gongkai.sync: failed: x | Traceback (most recent call last):")
    assert text.endswith("| ValueError: bad value")


def test_on_a_terminal_the_level_is_in_words(monkeypatch):
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    record = logging.LogRecord("gongkai.sync", logging.WARNING, __file__, 1, "sync failed", (), None)
    assert journal.JournalFormatter().format(record) == "warning: gongkai.sync: sync failed"


@pytest.mark.parametrize(("level", "priority"), [(logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4),
                                                 (logging.INFO, 6), (logging.DEBUG, 7), (5, 7)])
def test_priorities(level, priority):
    assert journal.priority(level) == priority


def test_sync_once_against_a_dead_hub_says_so_as_an_error(tmp_path):
    lines = under_journal(["sync", "--once", "--config", config(tmp_path)])
    assert_journal_lines(lines)
    assert lines == [f"<3>gongkai sync: cannot reach the hub at {DEAD_HUB}: ConnectionError"]


def test_the_sync_service_warns_with_the_cause(tmp_path):
    expected = f"<4>gongkai.sync: sync failed: cannot reach the hub at {DEAD_HUB}: ConnectionError"
    lines = under_journal(["sync", "--config", config(tmp_path)], until=lambda lines: expected in lines)
    assert_journal_lines(lines)
    assert expected in lines


def test_the_hub_logs_an_error_with_its_cause(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        lines = under_journal(["hub", "--data", str(tmp_path), "--port", str(port)])
    assert_journal_lines(lines)
    assert any(line.startswith("<3>uvicorn.error: ") and "address already in use" in line for line in lines), lines


@pytest.mark.parametrize("app", ["kiosk", "display"])
def test_a_screen_logs_kivy_and_sync_through_the_journal_and_keeps_no_files(xvfb, tmp_path, app):  # noqa: F811
    text = PAIRED.replace('token = "t"\npublic_key = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="\n', "")
    kivy_home = tmp_path / "kivy"
    env = {**xvfb, "KIVY_HOME": str(kivy_home)}
    env.pop("KIVY_NO_CONSOLELOG", None)

    def window_open_and_sync_tried(lines: list[str]) -> bool:
        return any("Base: Start application main loop" in line for line in lines) and \
            any(line.startswith("<4>gongkai.sync: ") for line in lines)

    lines = under_journal([app, "--config", config(tmp_path, text), "--size", "800x600", "--sync"], env=env,
                          until=window_open_and_sync_tried)
    assert_journal_lines(lines)
    assert "<6>kivy: Base: Start application main loop" in lines, "Kivy's own log is not routed"
    assert any(line.startswith("<4>gongkai.sync: ") and f"cannot reach the hub at {DEAD_HUB}" in line
               for line in lines), lines
    assert not list(kivy_home.rglob("*.txt")), "Kivy wrote log files"


def test_an_unexpected_error_is_one_critical_line_with_its_traceback(tmp_path):
    (tmp_path / "not-a-folder").touch()
    lines = under_journal(["hub", "--data", str(tmp_path / "not-a-folder")])
    assert len(lines) == 1, lines
    assert lines[0].startswith("<2>gongkai: stopped by an unexpected error: [Errno 17] File exists")
    assert "| Traceback (most recent call last): |" in lines[0]
