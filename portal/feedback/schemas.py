"""What workers and staff send about a vacancy, and what the API answers (documented in /schema)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

Text = str | UnsetType


class ReportForm(msgspec.Struct, kw_only=True):
    """A worker's report of a vacancy."""

    reason: Annotated[
        Literal["fee", "fake", "contact", "other"] | UnsetType,
        Doc(description="asked for money, not a real job, contact off the portal; default other"),
    ] = UNSET
    note: Annotated[Text, Doc(max_length=200)] = UNSET


class SettleForm(msgspec.Struct, kw_only=True):
    """Staff's decision on the reports of a vacancy: dismiss them, or take the vacancy down."""

    action: Literal["dismiss", "remove"]
    note: Annotated[Text, Doc(max_length=200, description="the employer sees it")] = UNSET


class InterestAnswer(msgspec.Struct, kw_only=True):
    job_id: int
    interested: bool
    new: Annotated[bool, Doc(description="false when the worker had said so before")]


class ReportAnswer(msgspec.Struct, kw_only=True):
    job_id: int
    reported: bool
    hidden: Annotated[bool, Doc(description="this report hid the vacancy until staff decide")]
