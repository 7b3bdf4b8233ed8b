"""The vacancy API's shapes, as /schema documents them for the county systems that integrate.

Limits are documented here and enforced by the form reader (`parse_job_form`), which says what is
wrong with each field in the reader's language; a value of the wrong type is refused before it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from .states import JobStatus

Text = str | UnsetType
Whole = int | None | UnsetType
Flag = bool | UnsetType
Words = list[str] | str | UnsetType  # a JSON array, or text separated by commas, 、 or spaces


class JobForm(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """A vacancy as an employer posts or edits it (an edit sends the whole vacancy again).

    Required: ``title``, ``description`` (10 characters at least), ``township``, ``wage_min``,
    ``wage_max`` and ``headcount``. Everything else may be left out: the trade is read from the
    title when not given; when ``industry`` is not given it follows from the trade (construction
    for 6-29, logistics for 4-02 ..., "other" when no trade was read); when ``skills`` is empty it
    is the trade's name (焊工 for 急招电焊工), or the title when no trade was read."""

    title: Annotated[str, Doc(min_length=2, max_length=40, description="职位名称, e.g. 电焊工")]
    description: Annotated[str, Doc(min_length=10, max_length=2000)]
    township: Annotated[str, Doc(description="a township of the county: code (511323101) or name")]
    wage_min: Annotated[int, Doc(description="500-100000 per month; 50-5000 per day")]
    wage_max: Annotated[int, Doc(description="at least wage_min")]
    headcount: Annotated[int, Doc(ge=1, le=1000)]
    wage_unit: Literal["month", "day", "piece"] | UnsetType = UNSET
    trade_code: Annotated[Text, Doc(description="2022 occupation code, e.g. 6-18-02-04")] = UNSET
    industry: Annotated[
        Text, Doc(description="industry key or Chinese name; when absent, from the trade")
    ] = UNSET
    skills: Annotated[
        Words,
        Doc(description="at most 10, each at most 20 characters; when empty, the trade's name"),
    ] = UNSET
    certificates: Annotated[Words, Doc(description="at most 5, each at most 20 characters")] = UNSET
    level: Literal["", "初级", "中级", "高级"] | UnsetType = UNSET
    start_date: Annotated[
        dt.date | None | UnsetType, Doc(description="from 30 days ago to a year ahead")
    ] = UNSET
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


class ReviewForm(msgspec.Struct, kw_only=True):
    """Staff's decision on a vacancy held for review."""

    note: Annotated[Text, Doc(max_length=200, description="kept as the first 200 characters")] = (
        UNSET
    )


# Answers. Fields may be added over time; none is renamed or dropped.


class Finding(msgspec.Struct, kw_only=True):
    """What screening found in a vacancy, said in the reader's language."""

    rule: Annotated[str, Doc(description="fee, contact, spam, wage, mismatch, repeated ...")]
    reason: str


class JobTrust(msgspec.Struct, kw_only=True):
    """The employer's trust card, as on the vacancy's page."""

    verified: bool
    verified_at: dt.date | None
    methods: list[str]
    vacancies_posted: int
    intents_signed: int
    hires: int
    no_fees: bool


class MatchPart(msgspec.Struct, kw_only=True):
    name: str
    score: Annotated[int, Doc(ge=0, le=100)]
    is_good: bool
    reason: Annotated[str, Doc(description="a reason code: skill_same, wage_below ...")]
    params: dict[str, Any]


class JobMatch(msgspec.Struct, kw_only=True):
    """How the vacancy fits the worker reading it (their own archive only)."""

    score: int
    components: list[MatchPart]


class JobCard(msgspec.Struct, kw_only=True):
    """A vacancy. ``screening`` only for staff and its own employer; ``trust`` and ``match`` only
    where a single vacancy is read (``match`` for a worker with an archive)."""

    id: int
    title: str
    employer: str
    township: str
    township_code: str
    wage_min: int
    wage_max: int
    wage_unit: str
    month_min: Annotated[int, Doc(description="the wage range as a month (a day rate times 26)")]
    month_max: int
    headcount: int
    skills: list[str]
    has_housing: bool
    has_meals: bool
    industry: str
    trade_code: str
    accepts_over_50: bool
    posted_ts: Annotated[int, Doc(description="when published (or posted), Unix seconds")]
    description: str
    status: Annotated[JobStatus, Doc(description="only published vacancies are public")]
    certificates: list[str]
    level: str
    takes_beginners: bool
    start_date: dt.date | None
    closes_on: dt.date | None
    hours: str
    social_insurance: str
    age_min: int | None
    age_max: int | None
    address: str
    employer_id: int
    created_at: dt.datetime
    url: str
    screening: list[Finding] | UnsetType = UNSET
    trust: JobTrust | UnsetType = UNSET
    match: JobMatch | UnsetType = UNSET


class JobHit(msgspec.Struct, kw_only=True):
    """A vacancy in search results."""

    id: int
    title: str
    employer: str
    township: str
    township_code: str
    wage_min: int
    wage_max: int
    wage_unit: str
    month_min: int
    month_max: int
    headcount: int
    skills: list[str]
    has_housing: bool
    has_meals: bool
    industry: str
    accepts_over_50: bool
    posted_ts: int
    url: str
    title_highlight: Annotated[list[str], Doc(description="the parts of the title that matched")]
    trade_code: Annotated[Text, Doc(description="2022 occupation code, or empty")] = UNSET


class Understood(msgspec.Struct, kw_only=True):
    """How the query was read."""

    text: str
    wage_min: int | None
    corrected: Annotated[list[list[str]], Doc(description="[typed, read as] pairs")]
    trade_code: Annotated[
        str, Doc(description="the occupation the words were read as (2022 code), or empty")
    ] = ""
    trade: Annotated[str, Doc(description="that occupation's name, e.g. 养老护理员")] = ""


class JobSearch(msgspec.Struct, kw_only=True):
    hits: list[JobHit]
    total: int
    page: int
    limit: int
    degraded: Annotated[bool, Doc(description="Meilisearch was down: the database answered")]
    facets: dict[str, dict[str, int]]
    loose: Annotated[bool, Doc(description="found only by a sound-alike or a partial match")]
    understood: Understood | None
