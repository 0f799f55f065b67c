"""The hub's data directory holds citizens' requests, drafts, 党内 items, password hashes and
the signing key: it is for the hub's account alone. The directory and every folder in it
are 0700, every file 0600 (the database with its -wal and -shm, the signing key, the
stored files).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER = 0o700
FILE = 0o600
UMASK = 0o077
"""The hub process's umask (set by ``gongkai hub``): whatever it writes later is private too."""


def make_private(data_dir: Path) -> None:
    """Create ``data_dir`` if needed and close it and everything in it to other accounts,
    including what an older version or a looser umask left readable."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=FOLDER)
    for folder, _, files in os.walk(data_dir):
        _restrict(Path(folder), FOLDER)
        for name in files:
            _restrict(Path(folder) / name, FILE)


def create_private_file(path: Path) -> None:
    """Create an empty file 0600 unless it exists: SQLite gives the database's own mode to the
    -wal and -shm files it makes beside it."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE))


def _restrict(path: Path, mode: int) -> None:
    info = path.lstat()
    if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(mode)
