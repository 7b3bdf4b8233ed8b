"""Add station hours, archive moves between stations, plans to return and help requests.

Stations' opening hours come from portal/data/stations.json (``portal load-reference``); the new
tables start empty.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 20:42:40.820393
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('archive_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('from_station_id', sa.Integer(), nullable=True),
    sa.Column('to_station_id', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_station_id'], ['station.id'], ),
    sa.ForeignKeyConstraint(['to_station_id'], ['station.id'], ),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_move_worker_id'), ['worker_id'], unique=False)

    op.create_table('help_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('story', sa.String(length=500), nullable=False),
    sa.Column('employer', sa.String(length=60), nullable=False),
    sa.Column('amount_owed', sa.Integer(), nullable=False),
    sa.Column('amount_recovered', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=6), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_request_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_request_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_request_worker_id'), ['worker_id'], unique=False)

    op.create_table('return_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('work', sa.String(length=30), nullable=False),
    sa.Column('trade_code', sa.String(length=12), nullable=False),
    sa.Column('noted_by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['noted_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['township_code'], ['township.code'], ),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('worker_id')
    )
    with op.batch_alter_table('return_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_plan_month'), ['month'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_plan_township_code'), ['township_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_plan_trade_code'), ['trade_code'], unique=False)

    op.create_table('help_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('referred_to', sa.String(length=20), nullable=False),
    sa.Column('measure_code', sa.String(length=10), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['help_request.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('help_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_step_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours', sa.String(length=60), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.drop_column('hours')

    with op.batch_alter_table('help_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_step_request_id'))

    op.drop_table('help_step')
    with op.batch_alter_table('return_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_plan_trade_code'))
        batch_op.drop_index(batch_op.f('ix_return_plan_township_code'))
        batch_op.drop_index(batch_op.f('ix_return_plan_month'))

    op.drop_table('return_plan')
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_request_worker_id'))
        batch_op.drop_index(batch_op.f('ix_help_request_status'))
        batch_op.drop_index(batch_op.f('ix_help_request_station_id'))

    op.drop_table('help_request')
    with op.batch_alter_table('archive_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archive_move_worker_id'))

    op.drop_table('archive_move')
