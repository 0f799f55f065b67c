"""devices: pairing, groups, scope versions; items: urgent notices and group targets

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="kiosk", nullable=False))
        batch_op.add_column(sa.Column("scope_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("revoked", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("urgent", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("urgent_until", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("target_groups", sa.Text(), server_default="[]", nullable=False))
    op.create_table(
        "device_groups",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("device_id", "name"),
    )
    op.create_table(
        "pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
    )
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pairings_code"), ["code"], unique=False)


def downgrade() -> None:
    op.drop_table("pairings")
    op.drop_table("device_groups")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("target_groups")
        batch_op.drop_column("urgent_until")
        batch_op.drop_column("urgent")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("revoked")
        batch_op.drop_column("scope_version")
        batch_op.drop_column("kind")
