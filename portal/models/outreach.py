"""Phone groups and their visits, hometown news."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # relationships name other tables; the registry resolves them
    from .places import Station


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
