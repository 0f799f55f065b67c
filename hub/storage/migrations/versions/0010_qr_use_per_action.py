"""qr_uses: one row per token and action, so one kiosk QR visit may rate and comment, each once

Revision ID: 0010
Revises: 0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ACTIONS = ("pingyi", "dianti", "feedback", "shenqing")
"""What the phone pages let a QR token do, as they were when this revision was written."""


def upgrade() -> None:
    op.create_table(
        "qr_uses_by_action",
        sa.Column("nonce", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("used_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("nonce", "action"),
    )
    # A token spent before the upgrade stays spent for everything, as it was.
    for action in ACTIONS:
        op.execute(sa.text("INSERT INTO qr_uses_by_action (nonce, action, used_at) "
                           "SELECT nonce, :action, used_at FROM qr_uses").bindparams(action=action))
    op.drop_table("qr_uses")
    op.rename_table("qr_uses_by_action", "qr_uses")


def downgrade() -> None:
    op.create_table(
        "qr_uses_by_nonce",
        sa.Column("nonce", sa.String(length=16), nullable=False),
        sa.Column("used_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("nonce"),
    )
    op.execute("INSERT INTO qr_uses_by_nonce (nonce, used_at) SELECT nonce, MIN(used_at) FROM qr_uses GROUP BY nonce")
    op.drop_table("qr_uses")
    op.rename_table("qr_uses_by_nonce", "qr_uses")
