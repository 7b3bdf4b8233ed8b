"""Add phone groups, their daily visits, hometown news and the group an account came through.

group_visit holds a count per group and day and nothing about the browsers counted;
user_account.via_group_id is set at sign-up from the cookie the tracked visit left.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 20:48:40.349908
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('news_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('photo', sa.String(length=80), server_default='', nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_item_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_item_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_item_station_id'), ['station_id'], unique=False)

    op.create_table('phone_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('admin_name', sa.String(length=40), server_default='', nullable=False),
    sa.Column('member_estimate', sa.Integer(), server_default='0', nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('phone_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_group_station_id'), ['station_id'], unique=False)

    op.create_table('group_visit',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['phone_group.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'day')
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via_group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_account_via_group_id'), ['via_group_id'], unique=False)
        batch_op.create_foreign_key('fk_user_account_via_group', 'phone_group', ['via_group_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint('fk_user_account_via_group', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_via_group_id'))
        batch_op.drop_column('via_group_id')

    op.drop_table('group_visit')
    with op.batch_alter_table('phone_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_group_station_id'))

    op.drop_table('phone_group')
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_item_station_id'))
        batch_op.drop_index(batch_op.f('ix_news_item_published_at'))
        batch_op.drop_index(batch_op.f('ix_news_item_kind'))

    op.drop_table('news_item')
