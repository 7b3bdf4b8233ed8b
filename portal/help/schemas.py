"""Help requests as the API takes and gives them (see /schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from .service import HelpCase

Kind = Literal["unpaid_wages", "hardship", "legal_aid", "other"]
Status = Literal["open", "taken", "referred", "resolved", "closed"]
Referral = Literal["labour_inspection", "hotline_12333", "legal_aid", "measure"]


class HelpForm(msgspec.Struct, kw_only=True):
    """A request for help: from the worker's own account, or a call staff record on an archive."""

    kind: Kind
    story: Annotated[str, Doc(min_length=5, max_length=500, description="what happened")]
    employer: Annotated[str | UnsetType, Doc(max_length=60)] = UNSET
    amount_owed: Annotated[
        int | UnsetType, Doc(description="元, 0 to 10,000,000; required for unpaid_wages")
    ] = UNSET


class StepForm(msgspec.Struct, kw_only=True):
    """A move along open → taken → referred → resolved / closed (staff)."""

    status: Literal["taken", "referred", "resolved", "closed"]
    note: Annotated[str | UnsetType, Doc(max_length=200)] = UNSET
    referred_to: Annotated[Referral | UnsetType, Doc(description="required when referred")] = UNSET
    measure: Annotated[
        str | UnsetType, Doc(description="the catalogue measure, when referred_to is measure")
    ] = UNSET
    amount_recovered: Annotated[
        int | UnsetType, Doc(description="元, when resolved; default 0")
    ] = UNSET


class HelpStepRow(msgspec.Struct, kw_only=True):
    status: Status
    note: str
    referred_to: str
    measure: str
    at: dt.datetime


class HelpCard(msgspec.Struct, kw_only=True):
    id: int
    worker_id: int
    station_id: int | None
    kind: Kind
    story: str
    employer: str
    amount_owed: int
    amount_recovered: int
    status: Status
    source: Annotated[
        Literal["self", "call"], Doc(description="asked online, or a call staff took")
    ]
    created_at: dt.datetime
    steps: list[HelpStepRow]


def help_card(case: HelpCase) -> HelpCard:
    r = case.request
    return HelpCard(
        id=r.id,
        worker_id=r.worker_id,
        station_id=r.station_id,
        kind=r.kind,
        story=r.story,
        employer=r.employer,
        amount_owed=r.amount_owed,
        amount_recovered=r.amount_recovered,
        status=r.status,
        source=r.source,
        created_at=r.created_at,
        steps=[
            HelpStepRow(
                status=s.status,
                note=s.note,
                referred_to=s.referred_to,
                measure=s.measure_code,
                at=s.at,
            )
            for s in case.steps
        ],
    )
