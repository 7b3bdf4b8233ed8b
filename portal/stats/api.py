"""The county's contract statistics as JSON (see /schema)."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import get

from ..auth import STAFF, roles
from ..runtime import Runtime
from .schemas import AccountStats, BusinessStats, HelpStats, StatsReport
from .service import StatsService


@get("/api/v1/stats/contracts", opt=roles(*STAFF))
async def contracts(stats_service: StatsService, runtime: Runtime) -> StatsReport:
    report = await stats_service.contracts(runtime.vocabulary)
    return msgspec.convert(report.as_dict(), StatsReport)


@get("/api/v1/stats/accounts", opt=roles(*STAFF))
async def accounts(stats_service: StatsService) -> AccountStats:
    return msgspec.convert((await stats_service.accounts()).as_dict(), AccountStats)


@get("/api/v1/stats/businesses", opt=roles(*STAFF))
async def businesses(stats_service: StatsService, on: dt.date | None = None) -> BusinessStats:
    """``?on=YYYY-MM-DD``: survival counted as of that day (default today)."""
    return msgspec.convert((await stats_service.businesses(on)).as_dict(), BusinessStats)


@get("/api/v1/stats/help", opt=roles(*STAFF))
async def help_requests(stats_service: StatsService) -> HelpStats:
    return msgspec.convert((await stats_service.help()).as_dict(), HelpStats)


ROUTES = [contracts, accounts, businesses, help_requests]
