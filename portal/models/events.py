"""Job fairs, briefings and talks: their vacancies and who came."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .places import Station


class Event(Base):
    """A job fair, a hometown meeting at a station, a policy briefing, a business talk or a training."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(12)
    )  # job_fair / hometown / briefing / business / training
    title: Mapped[str] = mapped_column(String(60))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(100))  # the county venue, or the station's address
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    # The last contract number given out here: bumped in the same transaction as the contract it numbers.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    station: Mapped[Station | None] = relationship(lazy="joined")


class EventJob(Base):
    """A vacancy offered at an event (its employer takes part)."""

    __tablename__ = "event_job"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)


class EventAttendee(Base):
    """A worker who came to an event (recorded at the fair table)."""

    __tablename__ = "event_attendee"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    worker_id: Mapped[int] = mapped_column(
        ForeignKey("worker.id", ondelete="CASCADE"), primary_key=True
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
