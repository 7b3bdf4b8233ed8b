"""Employers and their verification."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .places import Township


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
