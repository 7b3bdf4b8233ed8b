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
    return Template("staff/stats.html", context={"report": report})


ROUTES = [stats]
