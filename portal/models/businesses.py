"""Returnee businesses, the support paid and the people they employ."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy import text as sa_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .places import Township
    from .workers import Worker


class Business(Base):
    """A business a returnee started (返乡创业), from an idea to a licence, trading, or closed.

    Stage: idea / registered / operating / closed (``portal/businesses/states.py``). Registered and
    operating businesses have ``registered_on``; a closed one keeps it and gains ``closed_on``, so
    survival can be counted from dates."""

    __tablename__ = "business"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # None once the owner deleted their account: the business stays in the county's registry.
    owner_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("township.code"), index=True)
    industry: Mapped[str] = mapped_column(String(20), index=True)  # a key of reference.INDUSTRIES
    kind: Mapped[str] = mapped_column(String(10))  # individual / company / coop
    stage: Mapped[str] = mapped_column(String(10), index=True)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    in_incubator: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_text("false")
    )
    incubator_since: Mapped[dt.date | None] = mapped_column(Date)
    # The employer account the business posts vacancies under, once it has a licence.
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    owner: Mapped[Worker | None] = relationship(lazy="joined")
    township: Mapped[Township] = relationship(lazy="joined")


class BusinessSupport(Base):
    """Support a business received: a subsidy or a loan, with its amount (元) and the day."""

    __tablename__ = "business_support"
    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("business.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # startup_subsidy / loan / rent_subsidy / other
    amount: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[dt.date] = mapped_column(Date)
    measure_code: Mapped[str] = mapped_column(String(10), default="", server_default="")
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BusinessEmployee(Base):
    """A person the business employs, named by their archive: jobs created are counted, not typed."""

    __tablename__ = "business_employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("business.id", ondelete="CASCADE"), index=True
    )
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    since: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    worker: Mapped[Worker] = relationship(lazy="joined")
    __table_args__ = (
        UniqueConstraint("business_id", "worker_id", name="uq_business_employee_once"),
    )
