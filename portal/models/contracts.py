"""Employment intent contracts, their follow-ups and numbering."""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .events import Event
    from .jobs import Job
    from .workers import Worker


class Contract(Base):
    """An employment intent contract (就业意向合同), filled from a worker and a vacancy.

    Status: draft (confirmed and printed, not yet signed), signed, reported (报到: the worker took up
    the job), in_post_30, in_post_90 (still there after 30 / 90 days), cancelled (with a reason),
    expired (signed, but the worker never reported before the intent's term ran out).
    """

    __tablename__ = "contract"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    # None once the worker deleted their account: the county keeps the number, the employer and
    # ``worker_masked`` (张*栋), nothing more.
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    worker_masked: Mapped[str] = mapped_column(String(40), default="", server_default="")
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id"), index=True)
    position: Mapped[str] = mapped_column(String(60))
    wage: Mapped[int] = mapped_column(Integer)
    workplace: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[dt.date] = mapped_column(Date)
    has_housing: Mapped[bool] = mapped_column(Boolean, default=False)
    has_meals: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", name="fk_contract_event"), index=True
    )
    seq: Mapped[int] = mapped_column(
        Integer, default=0
    )  # its place in the event's (or the year's) numbering
    probation_months: Mapped[int] = mapped_column(Integer, default=0)
    term_days: Mapped[int] = mapped_column(
        Integer, default=30
    )  # the intent holds this long after the start date
    wage_reason: Mapped[str] = mapped_column(
        String(100), default=""
    )  # why a wage outside the vacancy's range
    signed_at: Mapped[dt.datetime | None] = mapped_column()
    reported_at: Mapped[dt.date | None] = mapped_column(Date)
    in_post_30_at: Mapped[dt.datetime | None] = mapped_column()
    in_post_90_at: Mapped[dt.datetime | None] = mapped_column()
    cancelled_at: Mapped[dt.datetime | None] = mapped_column()
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    worker: Mapped[Worker | None] = relationship(lazy="joined")
    job: Mapped[Job] = relationship(lazy="joined")
    event: Mapped[Event | None] = relationship(lazy="joined")
    __table_args__ = (UniqueConstraint("worker_id", "job_id", name="uq_contract_worker_job"),)

    @property
    def party_name(self) -> str:
        """The worker's name as the contract shows it: from the archive, or the masked name kept
        once the worker deleted their account (the one place templates and exports ask)."""
        return self.worker.name if self.worker is not None else self.worker_masked


class FollowUp(Base):
    """A step in a contract's life, recorded by staff (or the worker's own report), with a note."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))  # the status it moved to
    note: Mapped[str] = mapped_column(String(200), default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ContractCounter(Base):
    """One row per year; contract numbers come from an atomic UPDATE of this row."""

    __tablename__ = "contract_counter"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)
