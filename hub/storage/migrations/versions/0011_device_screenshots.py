"""devices: a pending screenshot request; device_screenshots: the latest few each device sent

Revision ID: 0011
Revises: 0010
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("screenshot_requested_at", sa.String(length=40), nullable=True))
    op.create_table(
        "device_screenshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=20), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("captured_at", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "client_id", name="uq_screenshot_client_id"),
    )
    op.create_index("ix_device_screenshots_device_id", "device_screenshots", ["device_id"])


def downgrade() -> None:
    op.drop_index("ix_device_screenshots_device_id", table_name="device_screenshots")
    op.drop_table("device_screenshots")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("screenshot_requested_at")
