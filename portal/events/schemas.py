"""The event API's shapes, as /schema documents them.

Limits are documented here and enforced by the form reader (`parse_event_form`), which says what is
wrong with each field in the reader's language; a value of the wrong type is refused before it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from .service import LIMITS

Kind = Literal["job_fair", "hometown", "briefing", "business", "training"]


class NewEvent(msgspec.Struct, kw_only=True):
    """A job fair, a hometown meeting at a station, a policy briefing, a talk or a training."""

    kind: Kind
    title: Annotated[str, Doc(min_length=4, max_length=LIMITS["title"])]
    held_on: Annotated[dt.date, Doc(description="within a year of today")]
    place: Annotated[
        str | UnsetType,
        Doc(max_length=LIMITS["place"], description="needed unless held at a station"),
    ] = UNSET
    station_id: Annotated[
        int | None | UnsetType, Doc(ge=1, description="a station of the county: its number")
    ] = UNSET


class EventJobs(msgspec.Struct, kw_only=True):
    """Vacancies offered at the event: by id, and/or every published one of an employer."""

    job_ids: Annotated[
        list[int] | UnsetType, Doc(description="published vacancies; others are passed over")
    ] = UNSET
    employer: Annotated[
        str | UnsetType, Doc(description="an employer's unified social credit code")
    ] = UNSET


class EventCard(msgspec.Struct, kw_only=True):
    id: int
    kind: Kind
    title: str
    held_on: dt.date
    place: str
    station_id: int | None
    contracts: Annotated[int, Doc(description="contracts numbered at the event so far")]
    url: str


class EventJobsCard(msgspec.Struct, kw_only=True):
    event_id: int
    added: Annotated[int, Doc(description="vacancies added by this request")]
    jobs: Annotated[list[int], Doc(description="every vacancy offered at the event")]
