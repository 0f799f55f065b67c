"""The hub's data directory is for the hub's account alone: the directory and its folders 0700,
its files 0600 (the database with its -wal and -shm, the signing key, the stored files),
whatever the umask of whoever starts it."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import requests

from hub.server import free_port
from hub.storage import db
from tests.hub.test_attachments_console import draft, png, upload

ROOT = Path(__file__).resolve().parents[2]


def loose(data_dir: Path) -> list[str]:
    """Everything under ``data_dir`` (itself included) that another account could open."""
    found = [data_dir, *data_dir.rglob("*")]
    return [f"{p.relative_to(data_dir.parent)} {stat.S_IMODE(p.lstat().st_mode):o}" for p in found
            if stat.S_IMODE(p.lstat().st_mode) != (0o700 if p.is_dir() else 0o600)]


def test_a_bare_gongkai_hub_keeps_its_data_private(tmp_path):
    data, port = tmp_path / "hub", free_port()
    hub = subprocess.Popen([sys.executable, "-m", "cli.main", "hub", "--data", str(data), "--port", str(port)],
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, umask=0o022,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        made = {p.name for p in data.iterdir()}
        assert {"hub.db", "hub.db-wal", "hub.db-shm", "signing-key.pem"} <= made, made
        assert loose(data) == []
    finally:
        hub.terminate()
        hub.wait(timeout=20)


def test_the_stored_files_and_the_demo_files_are_private_too(hub):
    console, item = draft(hub)
    assert upload(console, item, "图.png", png()).status_code == 200
    assert [p for p in (hub.data_dir / "files").rglob("*") if p.is_file()]
    assert loose(hub.data_dir) == []


def test_opening_the_database_closes_what_an_older_version_left_open(tmp_path):
    data = tmp_path / "hub"
    (data / "files" / "ab").mkdir(parents=True, mode=0o755)
    for name, mode in (("hub.db", 0o644), ("signing-key.pem", 0o644), ("files/ab/abcd", 0o664)):
        (data / name).touch()
        (data / name).chmod(mode)
    data.chmod(0o755)
    db.connect(data).dispose()
    assert loose(data) == []


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the hub did not answer at {url}")
