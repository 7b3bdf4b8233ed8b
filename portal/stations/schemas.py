"""The stations as the API gives them (see /schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc

from .service import StationRow


class StationCard(msgspec.Struct, kw_only=True):
    id: int
    city: Annotated[str, Doc(description="the city (or province) where the county's workers are")]
    name: str
    address: str
    phone: Annotated[str, Doc(description="as dialled: a tel: link on the pages")]
    hours: Annotated[str, Doc(description="opening hours, as the station writes them")]
    staff_count: Annotated[int, Doc(description="active staff accounts at the station")]
    archives: Annotated[int, Doc(description="worker archives the station keeps")]
    url: str


class StationEvent(msgspec.Struct, kw_only=True):
    id: int
    kind: str
    title: str
    held_on: dt.date


class StationPage(StationCard, kw_only=True):
    staff: Annotated[list[str], Doc(description="the staff's display names")]
    events: Annotated[list[StationEvent], Doc(description="coming events first, then past ones")]


def station_card(row: StationRow) -> StationCard:
    s = row.station
    return StationCard(
        id=s.id,
        city=s.city,
        name=s.name,
        address=s.address,
        phone=s.phone,
        hours=s.hours,
        staff_count=row.staff_count,
        archives=row.archives,
        url=f"/stations/{s.id}",
    )
