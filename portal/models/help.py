"""Workers' requests for help and each step taken."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .places import Station
    from .workers import Worker


class HelpRequest(Base):
    """A worker's request for help (unpaid wages, hardship, legal aid), asked from their phone or
    recorded by staff from a call, followed by a station to an outcome (``portal/help/states.py``)."""

    __tablename__ = "help_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # unpaid_wages / hardship / legal_aid / other
    story: Mapped[str] = mapped_column(String(500))  # what happened, in their words
    employer: Mapped[str] = mapped_column(String(60), default="")
    amount_owed: Mapped[int] = mapped_column(Integer, default=0)  # 元, 0 when none is owed
    amount_recovered: Mapped[int] = mapped_column(Integer, default=0)  # 元, at the outcome
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    source: Mapped[str] = mapped_column(String(6), default="self")  # self / call
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    worker: Mapped[Worker] = relationship(lazy="joined")
    station: Mapped[Station | None] = relationship(lazy="joined")


class HelpStep(Base):
    """One step of a help request: the status it moved to, who, when, a note, where it was referred."""

    __tablename__ = "help_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    # labour_inspection / hotline_12333 / legal_aid / measure (then ``measure_code``), or "".
    referred_to: Mapped[str] = mapped_column(String(20), default="")
    measure_code: Mapped[str] = mapped_column(String(10), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
