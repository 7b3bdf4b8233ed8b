"""What the portal's own background work records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class DailyRun(Base):
    """A daily pass claimed for a day (政策找人 at 02:00): with several app processes, the one that
    writes this row first does the pass; the others see it taken and wait for tomorrow."""

    __tablename__ = "daily_run"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
