"""Add the trade code to job

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 23:57:26.243220
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trade_code', sa.String(length=12), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_job_trade_code'), ['trade_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_trade_code'))
        batch_op.drop_column('trade_code')

