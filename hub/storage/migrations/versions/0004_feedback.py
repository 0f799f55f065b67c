"""the feedback loop: citizen requests and their update rows, ratings and published results,
监督直通车 contacts, QR token nonces, rate-limit events, feedback settings

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback_settings',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('qr_uses',
    sa.Column('nonce', sa.String(length=16), nullable=False),
    sa.Column('used_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('nonce')
    )
    op.create_table('rate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=80), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.create_index('ix_rate_events_source_at', ['source', 'at'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('value', sa.String(length=100), server_default='', nullable=False),
    sa.Column('note', sa.String(length=200), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('1'), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_seq'), ['seq'], unique=False)

    op.create_table('rating_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('basically', sa.Integer(), nullable=False),
    sa.Column('dissatisfied', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.String(length=40), nullable=False),
    sa.Column('published_by', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'quarter', name='uq_rating_result_quarter')
    )
    with op.batch_alter_table('rating_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_results_seq'), ['seq'], unique=False)

    op.create_table('citizen_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=200), server_default='', nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('purpose', sa.String(length=200), server_default='', nullable=False),
    sa.Column('name', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('contact_erased_at', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('published', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('hidden', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('reports', sa.Integer(), server_default='0', nullable=False),
    sa.Column('deadline', sa.String(length=10), nullable=False),
    sa.Column('submitted_at', sa.String(length=40), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('answered_at', sa.String(length=40), nullable=True),
    sa.Column('published_at', sa.String(length=40), nullable=True),
    sa.Column('seq', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ),
    sa.ForeignKeyConstraint(['duplicate_of'], ['citizen_requests.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt')
    )
    with op.batch_alter_table('citizen_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_requests_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_requests_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_requests_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_requests_state'), ['state'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['citizen_requests.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratings_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ratings_quarter'), ['quarter'], unique=False)

    op.create_table('request_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['citizen_requests.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('request_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_updates_request_id'), ['request_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('request_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_updates_request_id'))

    op.drop_table('request_updates')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_quarter'))
        batch_op.drop_index(batch_op.f('ix_ratings_org_id'))

    op.drop_table('ratings')
    with op.batch_alter_table('citizen_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizen_requests_state'))
        batch_op.drop_index(batch_op.f('ix_citizen_requests_seq'))
        batch_op.drop_index(batch_op.f('ix_citizen_requests_phone'))
        batch_op.drop_index(batch_op.f('ix_citizen_requests_org_id'))

    op.drop_table('citizen_requests')
    with op.batch_alter_table('rating_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_results_seq'))

    op.drop_table('rating_results')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_seq'))
        batch_op.drop_index(batch_op.f('ix_contacts_org_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_events_source_at')

    op.drop_table('rate_events')
    op.drop_table('qr_uses')
    op.drop_table('feedback_settings')
