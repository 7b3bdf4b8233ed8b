"""Keep the questionnaire's answers on the archive and the measures that began to apply to it.

政策找人 reads worker.policy_facts every day; measure_match holds one row per worker and measure
from the day it first applied, so a worker hears of each measure once.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 20:28:57.794653
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('measure_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('worker_id', 'code')
    )
    with op.batch_alter_table('measure_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_match_first_at'), ['first_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_match_worker_id'), ['worker_id'], unique=False)

    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('policy_facts', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('policy_facts_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_column('policy_facts_at')
        batch_op.drop_column('policy_facts')

    with op.batch_alter_table('measure_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_match_worker_id'))
        batch_op.drop_index(batch_op.f('ix_measure_match_first_at'))

    op.drop_table('measure_match')
