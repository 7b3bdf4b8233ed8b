"""The catalogue's table. It has its own metadata so this package knows only SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class PolicyBase(DeclarativeBase):
    pass


class Measure(PolicyBase):
    """One measure of the catalogue (措施)."""

    __tablename__ = "measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    title: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    eligibility: Mapped[str] = mapped_column(Text)
    benefit: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(60))
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    one_trip: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
