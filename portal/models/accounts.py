"""Accounts, their logins and one-time codes, notices, and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


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


class AuditLog(Base):
    """Who read or changed what; every view of a full worker archive by staff lands here."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
