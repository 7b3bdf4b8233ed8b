"""The statistics API's shapes, as /schema documents them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc


class Tally(msgspec.Struct, kw_only=True):
    signed: int
    reported: int
    in_post_30: int
    in_post_90: int
    reported_rate: Annotated[
        float | None, Doc(description="reported / signed; null if none signed")
    ]


class TallyRow(Tally, kw_only=True):
    name: Annotated[str, Doc(description="the event, station, home township or trade")]


class StatsReport(msgspec.Struct, kw_only=True):
    """Intents signed, reported for duty, in post after 30 and 90 days: in all and by dimension,
    largest first. Drafts count nowhere; cancelled intents as far as they got."""

    total: Tally
    event: list[TallyRow]
    station: list[TallyRow]
    township: list[TallyRow]
    trade: list[TallyRow]


class AccountTally(msgspec.Struct, kw_only=True):
    accounts: Annotated[int, Doc(description="workers' accounts")]
    claimed: Annotated[int, Doc(description="station archives claimed with a code")]
    self_made: Annotated[int, Doc(description="archives the worker filled in themselves")]
    active_30d: Annotated[int, Doc(description="logged in or opened their page in 30 days")]


class AccountRow(AccountTally, kw_only=True):
    name: Annotated[str, Doc(description="the station keeping the archive; — for none")]


class AccountStats(msgspec.Struct, kw_only=True):
    """Workers' own accounts, in all and by station, largest first."""

    total: AccountTally
    station: list[AccountRow]


class CountRow(msgspec.Struct, kw_only=True):
    name: Annotated[str, Doc(description="the stage, township or industry key")]
    count: int


class SupportSum(msgspec.Struct, kw_only=True):
    kind: Annotated[str, Doc(description="startup_subsidy / loan / rent_subsidy / other")]
    amount: Annotated[int, Doc(description="元 paid or lent, all businesses")]


class SurvivalRow(msgspec.Struct, kw_only=True):
    months: int
    cohort: Annotated[int, Doc(description="businesses registered at least this long before on")]
    survived: Annotated[int, Doc(description="of those, not closed within that time")]
    rate: Annotated[float | None, Doc(description="survived / cohort; null if the cohort is empty")]


class BusinessStats(msgspec.Struct, kw_only=True):
    """Returnees' businesses: by stage (every stage, zeros too), township and industry (largest
    first); jobs created (named employees); support by kind; survival at 6 and 12 months."""

    on: Annotated[dt.date, Doc(description="the day survival is counted at")]
    total: int
    stage: list[CountRow]
    township: list[CountRow]
    industry: list[CountRow]
    jobs_created: int
    support: list[SupportSum]
    support_total: int
    survival: list[SurvivalRow]


class HelpTally(msgspec.Struct, kw_only=True):
    requests: int
    resolved: int
    owed: Annotated[int, Doc(description="元 owed, as the requests said")]
    recovered: Annotated[int, Doc(description="元 recovered at the outcome")]


class HelpRow(HelpTally, kw_only=True):
    name: Annotated[str, Doc(description="the kind, the station's name, or the state")]


class HelpStats(msgspec.Struct, kw_only=True):
    """Help requests in all and by kind, station and outcome (their state), largest first."""

    total: HelpTally
    kind: list[HelpRow]
    station: list[HelpRow]
    outcome: list[HelpRow]


class FigureRow(msgspec.Struct, kw_only=True):
    name: Annotated[str, Doc(description="a station, township, kind, stage, trade or month")]
    value: int


class Breakdown(msgspec.Struct, kw_only=True):
    title: Annotated[str, Doc(description="the dimension, e.g. 按工作站")]
    rows: list[FigureRow]


class FigureOut(msgspec.Struct, kw_only=True):
    key: str
    label: str
    definition: Annotated[
        str, Doc(description="what is counted and which date puts it in the period")
    ]
    unit: Annotated[str, Doc(description="count, or yuan (a sum of amounts)")]
    value: Annotated[
        int | None, Doc(description="null: no such records are kept yet (note says so)")
    ]
    note: str
    computed_at: dt.datetime
    records_url: Annotated[
        str | None, Doc(description="staff page listing the records behind the figure")
    ]
    breakdowns: list[Breakdown]


class ChartOut(msgspec.Struct, kw_only=True):
    key: str
    title: str
    desc: str
    column: Annotated[str, Doc(description="what the rows are: month, station, township, trade")]
    rows: list[FigureRow]
    csv_url: str


class OverviewOut(msgspec.Struct, kw_only=True, rename={"start": "from"}):
    """The county's figures for a period and optionally one station or home township."""

    start: Annotated[dt.date | None, Doc(description="first day (county time); null: all records")]
    to: Annotated[dt.date, Doc(description="last day, inclusive (default today)")]
    station: int | None
    township: str | None
    computed_at: dt.datetime
    figures: list[FigureOut]
    charts: list[ChartOut]
