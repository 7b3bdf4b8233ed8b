"""The vacancy API's shapes, as /schema documents them for the county systems that integrate.

Limits are documented here and enforced by the form reader (`parse_job_form`), which says what is
wrong with each field in the reader's language; a value of the wrong type is refused before it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

Text = str | UnsetType
Whole = int | None | UnsetType
Flag = bool | UnsetType
Words = list[str] | str | UnsetType  # a JSON array, or text separated by commas, 、 or spaces


class JobForm(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """A vacancy as an employer posts or edits it. Only the title, the description, the township, the
    wage range and the headcount must be given; the trade is read from the title when not given, the
    industry follows from the trade, and the skills default to the trade's name."""

    title: Annotated[str, Doc(min_length=2, max_length=40, description="职位名称, e.g. 电焊工")]
    description: Annotated[str, Doc(min_length=10, max_length=2000)]
    township: Annotated[str, Doc(description="a township of the county: code (511323101) or name")]
    wage_min: Annotated[int, Doc(description="500-100000 per month; 50-5000 per day")]
    wage_max: Annotated[int, Doc(description="at least wage_min")]
    headcount: Annotated[int, Doc(ge=1, le=1000)]
    wage_unit: Literal["month", "day", "piece"] | UnsetType = UNSET
    trade_code: Annotated[Text, Doc(description="2022 occupation code, e.g. 6-18-02-04")] = UNSET
    industry: Annotated[
        Text, Doc(description="industry key or Chinese name; else from the trade")
    ] = UNSET
    skills: Annotated[Words, Doc(description="at most 10, each at most 20 characters")] = UNSET
    certificates: Annotated[Words, Doc(description="at most 5, each at most 20 characters")] = UNSET
    level: Literal["", "初级", "中级", "高级"] | UnsetType = UNSET
    start_date: dt.date | None | UnsetType = UNSET
    closes_on: Annotated[dt.date | None | UnsetType, Doc(description="today to a year ahead")] = (
        UNSET
    )
    hours: Annotated[Text, Doc(max_length=60)] = UNSET
    social_insurance: Literal["", "none", "injury", "five", "five_one"] | UnsetType = UNSET
    age_min: Annotated[Whole, Doc(ge=16, le=70)] = UNSET
    age_max: Annotated[Whole, Doc(ge=16, le=70)] = UNSET
    address: Annotated[Text, Doc(max_length=120)] = UNSET
    accepts_over_50: Flag = UNSET
    has_housing: Flag = UNSET
    has_meals: Flag = UNSET
    takes_beginners: Flag = UNSET


class ReportForm(msgspec.Struct, kw_only=True):
    """A worker's report of a vacancy."""

    reason: Literal["fee", "fake", "contact", "other"] | UnsetType = UNSET
    note: Annotated[Text, Doc(max_length=200)] = UNSET


class SettleForm(msgspec.Struct, kw_only=True):
    """Staff's decision on the reports of a vacancy."""

    action: Literal["dismiss", "remove"]
    note: Annotated[Text, Doc(max_length=500)] = UNSET


class ReviewForm(msgspec.Struct, kw_only=True):
    """Staff's decision on a vacancy held for review."""

    note: Annotated[Text, Doc(max_length=500)] = UNSET
