"""The Alembic migrations make exactly the schema hub.storage.db describes, and run on every open."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hub.storage import db


def test_a_fresh_database_is_migrated_to_head_and_matches_the_tables(tmp_path):
    engine = db.connect(tmp_path)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() is not None
        assert compare_metadata(context, db.metadata) == []
    engine.dispose()


def test_opening_twice_is_harmless_and_keeps_the_feed_counter(tmp_path):
    engine = db.connect(tmp_path)
    with engine.begin() as conn:
        db.next_seq(conn)
    engine.dispose()
    engine = db.connect(tmp_path)
    with engine.connect() as conn:
        assert db.feed_head(conn) == 1
        assert set(sa.inspect(conn).get_table_names()) >= set(db.metadata.tables)
    engine.dispose()
