"""Back up and restore a hub's data directory while the hub keeps running.

The database is copied with SQLite's online backup API, which takes a consistent snapshot
between the hub's transactions (a plain file copy of a WAL database can tear). The signing
key and the content-addressed files (never changed once written) go into the same archive:
devices trust only the key their content was signed with, so the two belong together.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path

DATABASE = "hub.db"
KEY = "signing-key.pem"
FILES = "files"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message says why in plain words."""


def backup(data_dir: Path, target: Path) -> int:
    """Write ``target`` (a .tar.gz, mode 600: it holds the signing key); returns files archived."""
    source = data_dir / DATABASE
    if not source.is_file():
        raise BackupError(f"no hub database at {source}: check --data")
    try:
        return _write_backup(data_dir, target)
    except OSError as exc:
        raise BackupError(f"cannot write the backup {target}: {exc.strerror or exc}") from None


def _write_backup(data_dir: Path, target: Path) -> int:
    source = data_dir / DATABASE
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        snapshot = Path(tmp) / DATABASE
        _copy_database(source, snapshot)
        partial = Path(tmp) / "backup.tar.gz"
        partial.touch(mode=0o600)
        count = 0
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(snapshot, DATABASE)
            if (data_dir / KEY).is_file():
                archive.add(data_dir / KEY, KEY)
            for path in sorted((data_dir / FILES).rglob("*")) if (data_dir / FILES).is_dir() else ():
                if path.is_file() and not path.name.startswith("tmp"):
                    archive.add(path, str(path.relative_to(data_dir)))
                    count += 1
        os.replace(partial, target)
    return count


def restore(archive_path: Path, data_dir: Path) -> bool:
    """Put a backup back into ``data_dir``, also under a running hub; True if the key changed
    (the hub must then be restarted to sign with it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir) as tmp:
        unpacked = Path(tmp)
        _unpack(archive_path, unpacked)
        _check_database(unpacked / DATABASE)
        for path in (unpacked / FILES).rglob("*") if (unpacked / FILES).is_dir() else ():
            target = data_dir / path.relative_to(unpacked)
            if path.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        key_changed = (unpacked / KEY).is_file() and (
            not (data_dir / KEY).is_file() or (data_dir / KEY).read_bytes() != (unpacked / KEY).read_bytes())
        if key_changed:
            (unpacked / KEY).chmod(0o600)
            os.replace(unpacked / KEY, data_dir / KEY)
        _copy_database(unpacked / DATABASE, data_dir / DATABASE)
    return key_changed


def _copy_database(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def _unpack(archive_path: Path, into: Path) -> None:
    """Extract only what a backup holds: the database, the key and files/, each a regular file
    under its own name. Every member is checked and written here rather than by tarfile's
    extraction filters, which Python 3.11 before 3.11.4 (Debian 12's) does not have."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                _check_member(archive_path, member)
            for member in members:
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, open(target, "xb") as copy:
                    shutil.copyfileobj(source, copy)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read the backup {archive_path}: {exc}") from None


def _check_member(archive_path: Path, member: tarfile.TarInfo) -> None:
    """Refuse anything a backup never holds: links, devices, folders, absolute paths, ``..``, other names."""
    name = member.name
    path = Path(name)
    safe_name = not path.is_absolute() and ".." not in path.parts and path.as_posix() == name
    expected = name in (DATABASE, KEY) or (name.startswith(FILES + "/") and len(path.parts) > 1)
    if not (member.isfile() and safe_name and expected):
        raise BackupError(f"{archive_path} is not a hub backup (it holds {name!r}); nothing was restored")


def _check_database(path: Path) -> None:
    if not path.is_file():
        raise BackupError("the backup holds no hub database")
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        ok = False
    finally:
        conn.close()
    if not ok:
        raise BackupError("the database in the backup is damaged; nothing was restored")
