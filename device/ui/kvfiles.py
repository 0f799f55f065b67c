"""Each widget module keeps its layout in a .kv file beside it, loaded once on import."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder


def load_kv(module_file: str) -> None:
    """Load the .kv file that pairs with ``module_file`` (home.py → home.kv)."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)
