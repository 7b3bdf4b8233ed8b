"""The county's contract statistics as JSON (see /schema)."""

from __future__ import annotations

import msgspec
from litestar import get

from ..auth import STAFF, roles
from ..runtime import Runtime
from .schemas import AccountStats, StatsReport
from .service import StatsService


@get("/api/v1/stats/contracts", opt=roles(*STAFF))
async def contracts(stats_service: StatsService, runtime: Runtime) -> StatsReport:
    report = await stats_service.contracts(runtime.vocabulary)
    return msgspec.convert(report.as_dict(), StatsReport)


@get("/api/v1/stats/accounts", opt=roles(*STAFF))
async def accounts(stats_service: StatsService) -> AccountStats:
    return msgspec.convert((await stats_service.accounts()).as_dict(), AccountStats)


ROUTES = [contracts, accounts]
