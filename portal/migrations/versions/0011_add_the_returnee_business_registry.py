"""Add the returnee business registry: businesses, the support they received, their named employees.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 20:28:14.088077
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('business',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('owner_worker_id', sa.Integer(), nullable=True),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('industry', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('in_incubator', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('incubator_since', sa.Date(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.ForeignKeyConstraint(['owner_worker_id'], ['worker.id'], ),
    sa.ForeignKeyConstraint(['township_code'], ['township.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('credit_code'),
    sa.UniqueConstraint('employer_id')
    )
    with op.batch_alter_table('business', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_owner_worker_id'), ['owner_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_township_code'), ['township_code'], unique=False)

    op.create_table('business_employee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('business_id', 'worker_id', name='uq_business_employee_once')
    )
    with op.batch_alter_table('business_employee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_employee_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_employee_worker_id'), ['worker_id'], unique=False)

    op.create_table('business_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('measure_code', sa.String(length=10), server_default='', nullable=False),
    sa.Column('note', sa.String(length=200), server_default='', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('business_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_support_business_id'), ['business_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('business_support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_support_business_id'))

    op.drop_table('business_support')
    with op.batch_alter_table('business_employee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_employee_worker_id'))
        batch_op.drop_index(batch_op.f('ix_business_employee_business_id'))

    op.drop_table('business_employee')
    with op.batch_alter_table('business', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_township_code'))
        batch_op.drop_index(batch_op.f('ix_business_stage'))
        batch_op.drop_index(batch_op.f('ix_business_owner_worker_id'))
        batch_op.drop_index(batch_op.f('ix_business_industry'))

    op.drop_table('business')
