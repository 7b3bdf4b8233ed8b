"""job.closed_from: the status a vacancy was closed from, so reopening does not skip review

Revision ID: 0009_b
Revises: 0008
Create Date: 2026-12-04 16:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009_b'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_from', sa.String(length=10), nullable=False, server_default=''))
    # What vacancies closed before this revision were is not known: they reopen through review.
    op.execute(sa.text("UPDATE job SET closed_from = 'pending' WHERE status IN ('closed', 'expired')"))


def downgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('closed_from')
