"""hub-backup and hub-restore on Debian 12's Python (3.11.2, whose tarfile has no extraction
filters), and a restore that refuses whatever a backup never holds, on every Python."""
from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from hub.storage.backup import BackupError, restore

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")
PYTHONS = [sys.executable] + ([str(SYSTEM_PYTHON)] if SYSTEM_PYTHON.exists() else [])
"""This test run's Python and, where there is one, the system's (Debian 12: 3.11.2)."""
RESTORE = """import sys
from pathlib import Path
from hub.storage.backup import BackupError, backup, restore
try:
    if sys.argv[1] == "backup":
        backup(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        restore(Path(sys.argv[2]), Path(sys.argv[3]))
except BackupError as exc:
    sys.exit(f"refused: {exc}")
"""


def hub_data(folder: Path) -> Path:
    folder.mkdir()
    with sqlite3.connect(folder / "hub.db") as conn:
        conn.execute("CREATE TABLE items (title TEXT)")
        conn.execute("INSERT INTO items VALUES ('支部党员大会')")
    conn.close()
    (folder / "signing-key.pem").write_text("key")
    (folder / "files" / "ab").mkdir(parents=True)
    (folder / "files" / "ab" / "abcd").write_bytes(b"attachment")
    return folder


def run_with(python: str, *args: Path | str) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-c", RESTORE, *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=60)


@pytest.mark.parametrize("python", PYTHONS)
def test_backup_and_restore_run_on_each_python(tmp_path, python):
    data = hub_data(tmp_path / "hub")
    archive = tmp_path / "backup.tar.gz"
    assert run_with(python, "backup", data, archive).returncode == 0
    restored = tmp_path / "restored"
    result = run_with(python, "restore", archive, restored)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(restored / "hub.db") as conn:
        assert conn.execute("SELECT title FROM items").fetchall() == [("支部党员大会",)]
    conn.close()
    assert (restored / "signing-key.pem").read_text() == "key"
    assert (restored / "files" / "ab" / "abcd").read_bytes() == b"attachment"


def member(name: str, kind: bytes = tarfile.REGTYPE, target: str = "") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    data = b"evil" if kind == tarfile.REGTYPE else b""
    info.size = len(data)
    return info, data


UNSAFE = {
    "parent path": member("../evil"),
    "files/ then parent": member("files/../../evil"),
    "absolute path": member("/tmp/gongkai-evil"),
    "symlink out": member("files/ab/link", tarfile.SYMTYPE, "/etc/passwd"),
    "hard link out": member("files/ab/hard", tarfile.LNKTYPE, "../../../etc/passwd"),
    "device": member("files/ab/dev", tarfile.CHRTYPE),
    "folder": member("files/ab", tarfile.DIRTYPE),
}


def unsafe_archive(tmp_path: Path, case: str) -> Path:
    database = tmp_path / "good" / "hub.db"
    database.parent.mkdir()
    sqlite3.connect(database).close()
    path = tmp_path / "unsafe.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        archive.add(database, "hub.db")
        info, data = UNSAFE[case]
        archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("case", UNSAFE)
def test_restore_refuses_unsafe_members(tmp_path, case):
    archive = unsafe_archive(tmp_path, case)
    with pytest.raises(BackupError, match="is not a hub backup"):
        restore(archive, tmp_path / "data")
    assert not (tmp_path / "evil").exists() and not (tmp_path / "data" / "hub.db").exists()


@pytest.mark.skipif(not SYSTEM_PYTHON.exists(), reason="no system Python on this machine")
@pytest.mark.parametrize("case", UNSAFE)
def test_restore_refuses_unsafe_members_on_the_system_python(tmp_path, case):
    result = run_with(str(SYSTEM_PYTHON), "restore", unsafe_archive(tmp_path, case), tmp_path / "data")
    assert result.returncode == 1 and "is not a hub backup" in result.stderr, result.stderr
    assert not (tmp_path / "evil").exists() and not (tmp_path / "data" / "hub.db").exists()
