"""Worker archives: skills, moves between stations, plans to return, measures matched."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
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
    from .places import Station, Township


class Worker(Base):
    """A worker's archive (档案), kept by station staff or by the worker."""

    __tablename__ = "worker"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    gender: Mapped[str] = mapped_column(String(1), default="")
    birth_year: Mapped[int] = mapped_column(Integer)
    home_township_code: Mapped[str] = mapped_column(ForeignKey("township.code"))
    current_city: Mapped[str] = mapped_column(String(20), default="")
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    current_employer: Mapped[str] = mapped_column(String(60), default="")
    occupation: Mapped[str] = mapped_column(
        String(30), default=""
    )  # what they do where they are now
    years_away: Mapped[int] = mapped_column(Integer, default=0)
    education: Mapped[str] = mapped_column(String(10), default="")
    # [{"name": "焊工证", "expires": "2028-05-01" or null}]: an expired licence does not open a job.
    certificates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    expected_wage: Mapped[int] = mapped_column(Integer)
    work_area: Mapped[str] = mapped_column(
        String(10), default="county"
    )  # township / county / anywhere
    intent: Mapped[str] = mapped_column(
        String(12), default="local_job"
    )  # local_job / business / stay_away
    available_from: Mapped[dt.date | None] = mapped_column(Date)
    daily_commute: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # must be home every evening
    wants_housing: Mapped[bool] = mapped_column(Boolean, default=False)
    wants_meals: Mapped[bool] = mapped_column(Boolean, default=False)
    family_notes: Mapped[str] = mapped_column(String(200), default="")
    # How the worker agreed to the archive being kept and used for matching; no consent, no matching.
    consent_at: Mapped[dt.datetime | None] = mapped_column()
    consent_method: Mapped[str] = mapped_column(String(12), default="")  # in_person / phone / self
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The worker's own say on employers seeing the archive among candidates (staff always see it).
    is_shared: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_text("true"))
    claimed_at: Mapped[dt.datetime | None] = mapped_column()  # linked to an account by a claim code
    # What the worker told the eligibility questionnaire (policies.facts names, dates as ISO
    # text), read again by 政策找人 every day; None until they answer it once.
    policy_facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    policy_facts_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Any change; each process's matcher picks up archives changed since it last looked.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    home_township: Mapped[Township] = relationship(lazy="joined")
    station: Mapped[Station | None] = relationship(lazy="joined")
    skills: Mapped[list[WorkerSkill]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="WorkerSkill.id"
    )


class WorkerSkill(Base):
    __tablename__ = "worker_skill"
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(10), default="")  # 初级 / 中级 / 高级 or ""
    years: Mapped[int] = mapped_column(Integer, default=0)
    trade_code: Mapped[str] = mapped_column(
        String(12), default=""
    )  # the occupation the name was read as


class ArchiveMove(Base):
    """An archive handed from one station to another (or to or from the county, None): who, when."""

    __tablename__ = "archive_move"
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    from_station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    to_station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReturnPlan(Base):
    """A worker's plan to come home around a month, and the work they want there (one per worker:
    a new plan replaces the old). Read before Spring Festival to pre-match the spring fairs."""

    __tablename__ = "return_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), unique=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)  # the first day of the month
    # Where they will look for work: their home township unless they say otherwise.
    township_code: Mapped[str] = mapped_column(ForeignKey("township.code"), index=True)
    work: Mapped[str] = mapped_column(String(30), default="")  # what work, as they said it
    trade_code: Mapped[str] = mapped_column(String(12), default="", index=True)  # its reading
    noted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    worker: Mapped[Worker] = relationship(lazy="joined")
    township: Mapped[Township] = relationship(lazy="joined")


class MeasureMatch(Base):
    """A measure that began to apply to a worker (政策找人): written once, the day it first did."""

    __tablename__ = "measure_match"
    __table_args__ = (UniqueConstraint("worker_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))  # the measure's code (M13)
    first_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    notified_at: Mapped[dt.datetime | None] = mapped_column()  # None: no account to tell
