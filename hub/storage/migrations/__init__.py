"""The hub's schema migrations (Alembic), run programmatically when the hub opens its database.

Write a new revision after changing ``hub.storage.db`` with
``alembic -c hub/storage/migrations/alembic.ini revision --autogenerate -m "what changed"``
against a database at head; ``tests/hub/test_migrations.py`` fails while they disagree.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

HERE = Path(__file__).parent


def config(conn: sa.Connection | None = None) -> Config:
    """An Alembic configuration for this directory, bound to ``conn`` when given."""
    cfg = Config(str(HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(conn: sa.Connection) -> None:
    """Bring the schema to the newest revision, inside the caller's transaction."""
    command.upgrade(config(conn), "head")
