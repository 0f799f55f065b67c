"""The Alembic migrations make exactly the schema hub.storage.db describes, and run on every open."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hub.storage import db, migrations


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


def test_published_versions_are_noted_when_an_older_hub_is_upgraded(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0007")
        conn.execute(sa.text("INSERT INTO orgs (id, name, kind, seq) VALUES (1, '中共南湖区委', 'district', 1)"))
        for item_id, status, version, published in ((1, "withdrawn", 2, "2026-11-20T09:30:00+08:00"),
                                                    (2, "draft", 1, None)):
            conn.execute(sa.text(
                "INSERT INTO items (id, org_id, category, title, body, audience, time_limit, status, published_at, "
                "version, seq, created_at) VALUES (:id, 1, 1, 't', 'b', 'public', 'standing', :status, :published, "
                ":version, 0, '2026-11-01T00:00:00+00:00')"),
                {"id": item_id, "status": status, "published": published, "version": version})
        migrations.upgrade(conn)
        rows = conn.execute(sa.select(db.item_versions).order_by(db.item_versions.c.version)).all()
    assert [(r.item_id, r.version, r.status, r.live_from, r.superseded_at) for r in rows] == [
        (1, 1, "withdrawn", "2026-11-20T01:30:00+00:00", None), (1, 2, "withdrawn", "2026-11-20T01:30:00+00:00", None)]
    engine.dispose()


def test_qr_tokens_spent_before_the_upgrade_stay_spent_for_every_action(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0009")
        conn.execute(sa.text("INSERT INTO qr_uses (nonce, used_at) VALUES ('spentNonce01', '2026-11-29T02:00:00+00:00')"))
        migrations.upgrade(conn)
        actions = conn.execute(sa.select(db.qr_uses.c.action).where(db.qr_uses.c.nonce == "spentNonce01")).scalars()
        assert sorted(actions) == ["dianti", "feedback", "pingyi", "shenqing"]
    engine.dispose()
