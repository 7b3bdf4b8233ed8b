"""The statistics API's shapes, as /schema documents them."""

from __future__ import annotations

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
