"""The hub's content-addressed file store: every file is kept once, under its SHA-256."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from . import private


class FileStore:
    """Attachments and app releases, kept beside the hub's database, each once under its SHA-256."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the file with this SHA-256 is kept (or would be), to serve it to a device or to
        staff, or copy it into an archive."""
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` (atomically, once) and return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if not target.exists():
            self.root.mkdir(exist_ok=True, mode=private.FOLDER)
            target.parent.mkdir(exist_ok=True, mode=private.FOLDER)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp.name, target)
        return sha256

    def has(self, sha256: str) -> bool:
        """Whether the file with this SHA-256 is really here: an archive notes a lost file rather than fail."""
        return self.path(sha256).is_file()
