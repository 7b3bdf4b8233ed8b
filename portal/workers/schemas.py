"""The archive API's shapes, as /schema documents them.

Limits are documented here and enforced by the form reader (``parse_worker_form``), which names what
is wrong with each field in the reader's language; a value of the wrong type is refused before it.
Staff send the whole archive; a worker sends only what they may change of their own (SELF_FIELDS):
who they are stays as the station recorded it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from ..models import Worker
from ..security import mask_id_number
from .form import CONSENT_METHODS, EDUCATION, INTENTS, LEVELS, WORK_AREAS

Text = str | UnsetType
Whole = int | None | UnsetType
Flag = bool | UnsetType


class SkillItem(msgspec.Struct, kw_only=True):
    name: Annotated[str, Doc(max_length=20, description="e.g. 电焊; an empty name is skipped")]
    level: Literal[LEVELS] | UnsetType = UNSET
    years: Annotated[Whole, Doc(ge=0, le=60)] = UNSET
    code: Annotated[
        str | None | UnsetType,
        Doc(
            description="the trade picked (2022 occupation code), '-' for none; else read from name"
        ),
    ] = UNSET
    trade_code: Annotated[Text, Doc(description="as an archive read answers it: taken as code")] = (
        UNSET
    )


class CertificateItem(msgspec.Struct, kw_only=True):
    name: Annotated[str, Doc(max_length=20, description="e.g. 焊工证")]
    expires: Annotated[dt.date | None | UnsetType, Doc(description="1990-01-01 to 30 years on")] = (
        UNSET
    )


Certificates = Annotated[
    list[CertificateItem | str] | str | UnsetType,
    Doc(description="at most 10: {name, expires}, names, or names separated by commas"),
]


class OwnArchiveForm(msgspec.Struct, kw_only=True):
    """What a worker may change in their own archive (PUT /api/v1/me)."""

    home_township: Annotated[str, Doc(description="a township of the county: code or name")]
    expected_wage: Annotated[int, Doc(description="yuan a month, 500-100000")]
    skills: Annotated[list[SkillItem] | UnsetType, Doc(description="at most 10")] = UNSET
    certificates: Certificates = UNSET
    work_area: Literal[WORK_AREAS] | UnsetType = UNSET
    available_from: Annotated[
        dt.date | None | UnsetType, Doc(description="from a year ago to two years ahead")
    ] = UNSET
    intent: Literal[INTENTS] | UnsetType = UNSET
    daily_commute: Flag = UNSET
    wants_housing: Flag = UNSET
    wants_meals: Flag = UNSET
    family_notes: Annotated[Text, Doc(max_length=200)] = UNSET
    current_city: Annotated[Text, Doc(max_length=20)] = UNSET
    current_employer: Annotated[Text, Doc(max_length=60)] = UNSET
    occupation: Annotated[Text, Doc(max_length=30)] = UNSET
    years_away: Annotated[Whole, Doc(ge=0, le=60)] = UNSET
    education: Literal[EDUCATION] | UnsetType = UNSET


class ArchiveForm(OwnArchiveForm, kw_only=True):
    """An archive as staff record or replace it (fields left out take their defaults)."""

    name: Annotated[str, Doc(min_length=2, max_length=20)]
    phone: Annotated[str, Doc(description="11-digit mobile number")]
    id_number: Annotated[
        Text, Doc(description="18 characters; required to record, never changed by an edit")
    ] = UNSET
    birth_year: Annotated[
        Whole,
        Doc(description="16 to 80 years ago, as the ID number says; read from it if left out"),
    ] = UNSET
    station_id: Annotated[Whole, Doc(description="the service station that recorded it")] = UNSET
    consent: Annotated[Flag, Doc(description="must be true: the worker agreed")] = UNSET
    consent_method: Literal[CONSENT_METHODS[:2]] | UnsetType = UNSET


class SkillCard(msgspec.Struct):
    name: str
    level: str
    years: int | None
    trade_code: Annotated[str, Doc(description="the trade it is matched as; empty if none")]


class CertificateCard(msgspec.Struct):
    name: str
    expires: dt.date | None


class Consent(msgspec.Struct):
    at: dt.datetime | None
    method: Annotated[str, Doc(description="in_person, phone or self")]


class WorkerCard(msgspec.Struct):
    """The archive as staff read it. The ID number is masked here as on every page."""

    id: int
    name: str
    phone: str
    id_number: Annotated[str, Doc(description="masked: 511323********1234")]
    gender: str
    birth_year: int
    home_township: str
    home_township_code: str
    current_city: str
    current_employer: str
    occupation: str
    years_away: int | None
    education: str
    skills: list[SkillCard]
    certificates: list[CertificateCard]
    expected_wage: int
    work_area: str
    intent: str
    available_from: dt.date | None
    daily_commute: bool
    wants_housing: bool
    wants_meals: bool
    family_notes: str
    station_id: int | None
    consent: Consent


def _expires(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def worker_card(w: Worker) -> WorkerCard:
    return WorkerCard(
        id=w.id,
        name=w.name,
        phone=w.phone,
        id_number=mask_id_number(w.id_number),
        gender=w.gender,
        birth_year=w.birth_year,
        home_township=w.home_township.name,
        home_township_code=w.home_township_code,
        current_city=w.current_city,
        current_employer=w.current_employer,
        occupation=w.occupation,
        years_away=w.years_away,
        education=w.education,
        skills=[SkillCard(s.name, s.level, s.years, s.trade_code) for s in w.skills],
        certificates=[
            CertificateCard(c["name"], _expires(c.get("expires"))) for c in w.certificates
        ],
        expected_wage=w.expected_wage,
        work_area=w.work_area,
        intent=w.intent,
        available_from=w.available_from,
        daily_commute=w.daily_commute,
        wants_housing=w.wants_housing,
        wants_meals=w.wants_meals,
        family_notes=w.family_notes,
        station_id=w.station_id,
        consent=Consent(w.consent_at, w.consent_method),
    )
