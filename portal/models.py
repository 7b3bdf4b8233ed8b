"""The portal's tables. Schema changes go through Alembic migrations only (portal/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import text as sa_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """The day a stored moment fell on here (the server's zone, the county's)."""
    return aware(moment).astimezone().date()


class Base(DeclarativeBase):
    type_annotation_map = {
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Township(Base):
    __tablename__ = "township"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(4))


class Station(Base):
    """A service station (服务工作站) in one of the cities where the county's workers are."""

    __tablename__ = "station"
    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(120))
    hours: Mapped[str] = mapped_column(
        String(60), default="", server_default=""
    )  # 周一至周六 9:00-18:00


class Employer(Base):
    __tablename__ = "employer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    industry: Mapped[str] = mapped_column(String(20))
    township_code: Mapped[str] = mapped_column(ForeignKey("township.code"))
    legal_rep: Mapped[str] = mapped_column(String(40))
    contact_name: Mapped[str] = mapped_column(String(40))
    contact_phone: Mapped[str] = mapped_column(String(11))
    address: Mapped[str] = mapped_column(String(120), default="")
    # pending (registered, not yet checked) / verified / rejected (may correct and resubmit) / blocked.
    # A blocked employer's row stays: its credit code cannot register again.
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    # How staff checked: any of licence / site_visit / phone, when, by whom, and what they wrote.
    verify_methods: Mapped[list[str]] = mapped_column(default=list)
    verified_at: Mapped[dt.datetime | None] = mapped_column()
    reviewed_at: Mapped[dt.datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", use_alter=True, name="fk_employer_reviewed_by")
    )
    review_note: Mapped[str] = mapped_column(
        String(200), default=""
    )  # the reason the employer sees
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    township: Mapped[Township] = relationship(lazy="joined")

    @property
    def is_verified(self) -> bool:
        return self.status == "verified"


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # worker / employer / staff / admin
    display_name: Mapped[str] = mapped_column(String(40))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Sessions carry the version they began under; a new password moves it, ending every other one.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_seen_at: Mapped[dt.datetime | None] = mapped_column()  # a login or a visit to /me, by day
    inbox_seen_at: Mapped[dt.datetime | None] = mapped_column()  # what is newer is unread
    # The phone group whose tracked link this person followed before signing up (the funnel).
    via_group_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "phone_group.id", ondelete="SET NULL", use_alter=True, name="fk_user_account_via_group"
        ),
        index=True,
    )


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


class AuditLog(Base):
    """Who read or changed what; every view of a full worker archive by staff lands here."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())


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


class LoginFailure(Base):
    """Failed logins per phone and client address, so guessing answers 429 across app workers.

    Counted per address too, so a stranger elsewhere cannot lock staff out by failing on purpose.
    """

    __tablename__ = "login_failure"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(40), index=True)
    ip: Mapped[str] = mapped_column(String(45), default="", server_default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class AccessCode(Base):
    """A one-time code staff hand a worker in person or by a call they make: ``claim`` links the
    station's archive to an account, ``reset`` sets a new password. Only its keyed hash is kept."""

    __tablename__ = "access_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8))  # claim / reset
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(11), index=True)  # the one phone it works with
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()
    used_at: Mapped[dt.datetime | None] = mapped_column()
    tries: Mapped[int] = mapped_column(Integer, default=0)  # wrong codes typed for its phone


class Notice(Base):
    """One line of a user's inbox: a new match, a vacancy they wanted closing, a contract moving,
    an answer to a report. Unread while newer than the user's ``inbox_seen_at``."""

    __tablename__ = "notice"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)  # the vacancy, contract or report it is about
    detail: Mapped[str] = mapped_column(String(40), default="")  # e.g. the status reached
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class PhoneGroup(Base):
    """A phone group (微信群, "蓬安农民工之家") where the county's workers are, with the short code
    its links carry (``?g=CODE``), so what its posts bring can be counted."""

    __tablename__ = "phone_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    admin_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    member_estimate: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    code: Mapped[str] = mapped_column(String(8), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    station: Mapped[Station | None] = relationship(lazy="joined")


class GroupVisit(Base):
    """Browsers that came through a group's link on a day: a count, nothing about who they were."""

    __tablename__ = "group_visit"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("phone_group.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    visits: Mapped[int] = mapped_column(Integer, default=0)


class NewsItem(Base):
    """Hometown news (家乡动态): news, a fair announcement or a policy explained, by staff."""

    __tablename__ = "news_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8), index=True)  # news / fair / policy
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    # A file name under var_dir/news (never a path the client chose), or "" without a photo.
    photo: Mapped[str] = mapped_column(String(80), default="", server_default="")
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    station: Mapped[Station | None] = relationship(lazy="joined")


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


class MeasureMatch(Base):
    """A measure that began to apply to a worker (政策找人): written once, the day it first did."""

    __tablename__ = "measure_match"
    __table_args__ = (UniqueConstraint("worker_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))  # the measure's code (M13)
    first_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    notified_at: Mapped[dt.datetime | None] = mapped_column()  # None: no account to tell


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
