"""Alembic environment: use the hub's own connection when given one, else ``-x url=...``."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from hub.storage.db import metadata


def _run(conn: sa.Connection) -> None:
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


conn = context.config.attributes.get("connection")
if conn is not None:
    _run(conn)
else:
    engine = sa.create_engine(context.get_x_argument(as_dictionary=True)["url"])
    with engine.begin() as own:
        _run(own)
