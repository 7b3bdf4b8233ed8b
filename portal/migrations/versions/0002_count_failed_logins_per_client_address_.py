"""Count failed logins per client address too

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:51:11.419916
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip', sa.String(length=45), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))
        batch_op.drop_column('ip')

