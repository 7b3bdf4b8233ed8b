"""The county's contract statistics, for staff."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from ..auth import STAFF, roles
from ..runtime import Runtime
from .service import StatsService


@get("/staff/stats", opt=roles(*STAFF))
async def stats(stats_service: StatsService, runtime: Runtime) -> Template:
    report = await stats_service.contracts(runtime.vocabulary)
    accounts = await stats_service.accounts()
    return Template("staff/stats.html", context={"report": report, "accounts": accounts})


ROUTES = [stats]
