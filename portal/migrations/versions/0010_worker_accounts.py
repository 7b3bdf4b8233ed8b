"""Add what workers' own accounts need: access codes, inbox notices, sharing and claiming

Revision ID: 0010
Revises: 0009_b
Create Date: 2026-12-04 20:12:48.160098
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009_b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('detail', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_created_at'), ['created_at'], unique=False)

    op.create_table('access_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('access_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_code_phone'), ['phone'], unique=False)

    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker_masked', sa.String(length=40), server_default='', nullable=False))
        batch_op.alter_column('worker_id',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('job_interest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('job_report', schema=None) as batch_op:
        batch_op.alter_column('reporter_id',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('inbox_seen_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_shared', sa.Boolean(), server_default=sa.text('true'), nullable=False))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('is_shared')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('inbox_seen_at')
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('session_version')

    with op.batch_alter_table('job_report', schema=None) as batch_op:
        batch_op.alter_column('reporter_id',
               existing_type=sa.INTEGER(),
               nullable=False)

    with op.batch_alter_table('job_interest', schema=None) as batch_op:
        batch_op.drop_column('seen_at')

    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.alter_column('worker_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('worker_masked')

    with op.batch_alter_table('access_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_code_phone'))

    op.drop_table('access_code')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_user_id'))
        batch_op.drop_index(batch_op.f('ix_notice_created_at'))

    op.drop_table('notice')
