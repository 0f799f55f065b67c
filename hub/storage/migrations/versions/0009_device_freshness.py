"""devices: the hub's signed time of the freshest feed answer each device trusted, and its limit

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fresh_hub_time", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("stale_after", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("stale_after")
        batch_op.drop_column("fresh_hub_time")
