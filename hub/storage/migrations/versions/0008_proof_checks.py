"""proof of play that can be relied on: item versions and when each was live, devices'
revocation and reinstatement times, refused play records counted per device and reason,
plays indexed per screen and time

Versions published before this revision get one row each from the item's publication on,
never superseded (their history was not kept). Plays already stored were not checked; new
ones are stored with their start in UTC.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_versions",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("target_groups", sa.Text(), nullable=False),
        sa.Column("live_from", sa.String(length=40), nullable=False),
        sa.Column("superseded_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"]),
        sa.PrimaryKeyConstraint("item_id", "version"),
    )
    op.create_table(
        "play_refusals",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("device_id", "reason"),
    )
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("reinstated_at", sa.String(length=40), nullable=True))
    with op.batch_alter_table("plays", schema=None) as batch_op:
        batch_op.create_index("ix_plays_device_started", ["device_id", "started_at"], unique=False)
    _backfill_versions()


def _backfill_versions() -> None:
    conn = op.get_bind()
    items = conn.execute(sa.text(
        "SELECT id, org_id, audience, status, target_groups, version, published_at FROM items "
        "WHERE status IN ('published', 'withdrawn') AND published_at IS NOT NULL")).all()
    rows = [{"item_id": item.id, "version": version, "org_id": item.org_id, "audience": item.audience,
             "status": item.status, "target_groups": item.target_groups or json.dumps([]),
             "live_from": _utc(item.published_at)}
            for item in items for version in range(1, item.version + 1)]
    if rows:
        conn.execute(sa.text(
            "INSERT INTO item_versions (item_id, version, org_id, audience, status, target_groups, live_from) "
            "VALUES (:item_id, :version, :org_id, :audience, :status, :target_groups, :live_from)"), rows)


def _utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(timezone.utc).isoformat()


def downgrade() -> None:
    with op.batch_alter_table("plays", schema=None) as batch_op:
        batch_op.drop_index("ix_plays_device_started")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("reinstated_at")
        batch_op.drop_column("revoked_at")
    op.drop_table("play_refusals")
    op.drop_table("item_versions")
