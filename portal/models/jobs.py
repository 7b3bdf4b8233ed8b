"""Vacancies, what workers say of them, and the search outbox and vocabulary."""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .employers import Employer
    from .places import Township


class Job(Base):
    """A vacancy (岗位).

    Status: draft (its employer is not verified yet), pending (screening found something, or an edit
    changed wage, trade or place: staff look), published, rejected, closed (by the employer), expired
    (its closing date passed), hidden (reported by several workers: staff look).
    """

    __tablename__ = "job"
    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    township_code: Mapped[str] = mapped_column(ForeignKey("township.code"), index=True)
    wage_min: Mapped[int] = mapped_column(Integer)
    wage_max: Mapped[int] = mapped_column(Integer)
    headcount: Mapped[int] = mapped_column(Integer)
    skills: Mapped[list[str]] = mapped_column(default=list)
    has_housing: Mapped[bool] = mapped_column(Boolean, default=False)
    has_meals: Mapped[bool] = mapped_column(Boolean, default=False)
    industry: Mapped[str] = mapped_column(String(20), default="", index=True)
    # The occupation (2022 classification code) the employer picked, or the sure reading of the title.
    trade_code: Mapped[str] = mapped_column(String(12), default="", index=True)
    accepts_over_50: Mapped[bool] = mapped_column(Boolean, default=False)
    # Licences the work legally requires (焊工证, B2驾照), as the employer wrote them.
    certificates: Mapped[list[str]] = mapped_column(default=list)
    level: Mapped[str] = mapped_column(String(4), default="")  # 初级 / 中级 / 高级 asked, or ""
    takes_beginners: Mapped[bool] = mapped_column(Boolean, default=False)  # 可带学徒, 无经验可
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    wage_unit: Mapped[str] = mapped_column(
        String(6), default="month"
    )  # month / day / piece (monthly estimate)
    hours: Mapped[str] = mapped_column(String(60), default="")  # 每天8小时，两班倒
    social_insurance: Mapped[str] = mapped_column(
        String(10), default=""
    )  # "" / none / injury / five / five_one
    age_min: Mapped[int] = mapped_column(Integer, default=0)
    age_max: Mapped[int] = mapped_column(Integer, default=0)  # 0: none stated
    address: Mapped[str] = mapped_column(String(120), default="")
    closes_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    # The status a closed or expired vacancy had when it closed, so reopening returns it there and not
    # past review; an edit that staff must see, made while closed, turns "published" into "pending".
    closed_from: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # Normalised text (Simplified, half-width, case-folded) for the database fallback search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # What screening found before review: [{rule, msgid, params}] (empty when clean).
    screening: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # A digest of the description in compact form: the same text posted again and again shows up.
    text_key: Mapped[str] = mapped_column(String(16), default="", index=True)
    # Any change at all; a reindex re-sends what changed while it was building.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    review_note: Mapped[str] = mapped_column(String(200), default="")
    employer: Mapped[Employer] = relationship(lazy="joined")
    township: Mapped[Township] = relationship(lazy="joined")


class JobReport(Base):
    """A worker's report of a vacancy (fee demanded, fake, other); several hide it until staff look."""

    __tablename__ = "job_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), index=True)
    # None once the reporter deleted their account: the report stays, who made it does not.
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(String(10))  # fee / fake / contact / other
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[str] = mapped_column(String(10), default="")  # dismissed / removed
    job: Mapped[Job] = relationship(lazy="joined")
    __table_args__ = (UniqueConstraint("job_id", "reporter_id", name="uq_job_report_once"),)


class JobInterest(Base):
    """A worker's one-tap "I'm interested" in a vacancy."""

    __tablename__ = "job_interest"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[dt.datetime | None] = mapped_column()  # when the employer first saw it
    job: Mapped[Job] = relationship()
    __table_args__ = (UniqueConstraint("job_id", "worker_id", name="uq_job_interest_once"),)


class SearchOutbox(Base):
    """A change Meilisearch must learn about, written in the same transaction as the change."""

    __tablename__ = "search_outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(10))  # job / policy / settings (the synonyms)
    entity_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")


class SynonymGroup(Base):
    """Words that mean the same to a searcher, added by staff on top of search/data/synonyms.json."""

    __tablename__ = "synonym_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # trade / certificate / policy
    terms: Mapped[list[str]] = mapped_column(default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
