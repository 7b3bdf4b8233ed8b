"""The contract API's shapes, as /schema documents them.

Limits are documented here and enforced by the form reader (`parse_contract_form`, `parse_step`),
which says what is wrong with each field in the reader's language; a value of the wrong type is
refused before it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from .forms import LIMITS
from .states import ContractStatus

Text = str | UnsetType
Whole = int | None | UnsetType
Flag = bool | UnsetType


class NewContract(msgspec.Struct, kw_only=True):
    """An intent contract as staff fill it at a table. Position, workplace and the meals and housing
    default to the vacancy's; the contract is numbered when stored."""

    worker_id: Annotated[int, Doc(ge=1, description="the worker's archive id")]
    job_id: Annotated[int, Doc(ge=1, description="a published vacancy with a free place")]
    wage: Annotated[int, Doc(ge=500, le=100_000, description="yuan a month")]
    start_date: Annotated[dt.date, Doc(description="today to a year ahead")]
    event_id: Annotated[Whole, Doc(ge=1, description="the event it is signed at")] = UNSET
    position: Annotated[Text, Doc(max_length=LIMITS["position"])] = UNSET
    workplace: Annotated[Text, Doc(max_length=LIMITS["workplace"])] = UNSET
    probation_months: Annotated[Whole, Doc(ge=0, le=LIMITS["probation_months"])] = UNSET
    term_days: Annotated[
        Whole,
        Doc(
            ge=LIMITS["term_days_min"],
            le=LIMITS["term_days_max"],
            description="days after the start date the intent holds",
        ),
    ] = UNSET
    wage_reason: Annotated[
        Text,
        Doc(max_length=LIMITS["wage_reason"], description="needed for a wage outside the range"),
    ] = UNSET
    has_housing: Flag = UNSET
    has_meals: Flag = UNSET


class ContractStep(msgspec.Struct, kw_only=True):
    """The next step of a contract's life: signed, reported (on a day), in post, cancelled ..."""

    to: ContractStatus
    note: Annotated[
        Text, Doc(max_length=LIMITS["note"], description="a cancellation needs the reason")
    ] = UNSET
    on: Annotated[
        dt.date | None | UnsetType,
        Doc(description="the day the worker reported for duty: signing day to today"),
    ] = UNSET


class ContractCard(msgspec.Struct, kw_only=True):
    """A contract as the API gives it."""

    id: int
    number: str
    status: ContractStatus
    event_id: int | None
    worker_id: Annotated[int | None, Doc(description="null once the worker deleted the account")]
    worker_name: Annotated[
        str, Doc(description="masked (张*栋) once the worker deleted the account")
    ]
    job_id: int
    employer: str
    position: str
    wage: int
    wage_reason: str
    workplace: str
    start_date: dt.date
    probation_months: int
    term_days: int
    has_housing: bool
    has_meals: bool
    signed_at: dt.datetime | None
    reported_at: dt.date | None
    cancel_reason: str
    verify_url: Annotated[str, Doc(description="the path the printed QR code opens")]
    print_url: str
    pdf_url: str


class ContractList(msgspec.Struct, kw_only=True):
    contracts: list[ContractCard]
