"""What staff and owners send about a business, and what the API answers (documented in /schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

Kind = Literal["individual", "company", "coop"]
StageName = Literal["idea", "registered", "operating", "closed"]
SupportKind = Literal["startup_subsidy", "loan", "rent_subsidy", "other"]
Day = Annotated[str | UnsetType, Doc(description="YYYY-MM-DD, not in the future")]


class BusinessForm(msgspec.Struct, kw_only=True):
    """A new business. A worker may register only their own (owner_worker_id = their archive)."""

    name: Annotated[str, Doc(max_length=100)]
    owner_worker_id: Annotated[int, Doc(description="the owner's worker archive")]
    township: Annotated[str, Doc(description="township code or name")]
    industry: Annotated[str, Doc(description="industry key (construction, catering…) or its name")]
    kind: Kind
    stage: Annotated[
        Literal["idea", "registered", "operating"] | UnsetType,
        Doc(description="default idea; registered and operating need registered_on"),
    ] = UNSET
    registered_on: Day = UNSET
    credit_code: Annotated[
        str | UnsetType, Doc(description="统一社会信用代码, check digit verified")
    ] = UNSET
    in_incubator: Annotated[bool | UnsetType, Doc(description="in the county's returnee park")] = (
        UNSET
    )
    incubator_since: Day = UNSET


class EmployeeForm(msgspec.Struct, kw_only=True):
    """A person the business employs, by archive: once each, never the owner."""

    worker_id: int
    since: Day = UNSET


class SupportForm(msgspec.Struct, kw_only=True):
    """Support the business received (staff)."""

    kind: SupportKind
    amount: Annotated[int, Doc(description="元, 1 to 30,000,000")]
    on: Annotated[str, Doc(description="YYYY-MM-DD, the day paid or lent; not in the future")]
    measure: Annotated[str | UnsetType, Doc(description="the catalogue measure, e.g. M13")] = UNSET
    note: Annotated[str | UnsetType, Doc(max_length=200)] = UNSET


class StageForm(msgspec.Struct, kw_only=True):
    """A move along idea → registered → operating → closed (staff or the owner)."""

    stage: StageName
    registered_on: Day = UNSET
    closed_on: Annotated[str | UnsetType, Doc(description="YYYY-MM-DD; default today")] = UNSET
    credit_code: str | UnsetType = UNSET


class EmployerLinkForm(msgspec.Struct, kw_only=True):
    """The employer account a registered business posts vacancies under (staff)."""

    employer_id: int


class EmployeeRow(msgspec.Struct, kw_only=True):
    worker_id: int
    name: str
    since: dt.date


class SupportRow(msgspec.Struct, kw_only=True):
    kind: SupportKind
    amount: int
    on: dt.date
    measure: str
    note: str


class BusinessCard(msgspec.Struct, kw_only=True):
    id: int
    name: str
    owner_worker_id: Annotated[
        int | None, Doc(description="null once the owner deleted their account")
    ]
    township_code: str
    township: str
    industry: str
    kind: Kind
    stage: StageName
    registered_on: dt.date | None
    closed_on: dt.date | None
    credit_code: str | None
    in_incubator: bool
    incubator_since: dt.date | None
    employer_id: int | None
    jobs_created: Annotated[int, Doc(description="people named as employees, owner not counted")]
    employees: list[EmployeeRow]
    support: list[SupportRow]
    url: str
