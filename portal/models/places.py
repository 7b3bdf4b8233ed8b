"""The county's townships and its service stations in the cities."""

from __future__ import annotations

from sqlalchemy import (
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


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
