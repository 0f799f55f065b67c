"""What the display tests share: a store holding the demo district at the pinned "now"."""
from __future__ import annotations

import pytest

from gongkai.domain import rules
from gongkai.store import Store
from tests.content import demo_store
from tests.ui.harness import NOW


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.db"
    demo_store(path, NOW).close()
    return path


def on_screen(store_path):
    """What rules put on a public screen at the pinned "now", in order."""
    store = Store(store_path)
    try:
        return rules.on_screen(store.items(), NOW)
    finally:
        store.close()
