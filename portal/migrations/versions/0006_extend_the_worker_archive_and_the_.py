"""Extend the worker archive and the vacancy for matching

Worker: current work, education, intent, commute and benefit wishes, consent record, certificates
with expiry dates (the old list of names becomes [{name, expires: null}]), and updated_at so each
process's matcher can pick up changed archives. Skills get the occupation they were read as. Job:
required licences, the level asked, whether it takes beginners, and a start date.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 01:54:02.288461
"""
from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificates', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('level', sa.String(length=4), server_default='', nullable=False))
        batch_op.add_column(sa.Column('takes_beginners', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('start_date', sa.Date(), nullable=True))

    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_employer', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('occupation', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('years_away', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('education', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('intent', sa.String(length=12), server_default='local_job', nullable=False))
        batch_op.add_column(sa.Column('daily_commute', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('wants_housing', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('wants_meals', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('family_notes', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('consent_method', sa.String(length=12), server_default='', nullable=False))
        batch_op.add_column(sa.Column('consent_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
        batch_op.create_index(batch_op.f('ix_worker_updated_at'), ['updated_at'], unique=False)
        batch_op.create_foreign_key('fk_worker_consent_recorded_by', 'user_account', ['consent_recorded_by_id'], ['id'])

    with op.batch_alter_table('worker_skill', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trade_code', sa.String(length=12), server_default='', nullable=False))

    worker = sa.table('worker', sa.column('id', sa.Integer), sa.column('certificates', sa.JSON))
    bind = op.get_bind()
    for row_id, certificates in bind.execute(sa.select(worker.c.id, worker.c.certificates)).all():
        if isinstance(certificates, str):
            certificates = json.loads(certificates)
        upgraded = [c if isinstance(c, dict) else {"name": c, "expires": None} for c in certificates or []]
        bind.execute(worker.update().where(worker.c.id == row_id).values(certificates=upgraded))


def downgrade() -> None:
    worker = sa.table('worker', sa.column('id', sa.Integer), sa.column('certificates', sa.JSON))
    bind = op.get_bind()
    for row_id, certificates in bind.execute(sa.select(worker.c.id, worker.c.certificates)).all():
        if isinstance(certificates, str):
            certificates = json.loads(certificates)
        names = [c["name"] if isinstance(c, dict) else c for c in certificates or []]
        bind.execute(worker.update().where(worker.c.id == row_id).values(certificates=names))

    with op.batch_alter_table('worker_skill', schema=None) as batch_op:
        batch_op.drop_column('trade_code')

    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_constraint('fk_worker_consent_recorded_by', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_worker_updated_at'))
        for column in ('updated_at', 'consent_recorded_by_id', 'consent_method', 'consent_at', 'family_notes',
                       'wants_meals', 'wants_housing', 'daily_commute', 'intent', 'education', 'years_away',
                       'occupation', 'current_employer'):
            batch_op.drop_column(column)

    with op.batch_alter_table('job', schema=None) as batch_op:
        for column in ('start_date', 'takes_beginners', 'level', 'certificates'):
            batch_op.drop_column(column)
