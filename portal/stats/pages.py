"""The county's contract statistics, for staff."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from ..auth import STAFF, roles
from ..businesses.states import LABELS as STAGE_LABELS
from ..businesses.states import SUPPORT_KINDS
from ..help.states import KINDS as HELP_KINDS
from ..help.states import LABELS as HELP_STATES
from ..reference import INDUSTRIES
from ..runtime import Runtime
from .service import StatsService


@get("/staff/stats", opt=roles(*STAFF))
async def stats(stats_service: StatsService, runtime: Runtime) -> Template:
    report = await stats_service.contracts(runtime.vocabulary)
    context = {
        "report": report,
        "accounts": await stats_service.accounts(),
        "businesses": await stats_service.businesses(),
        "stage_labels": STAGE_LABELS,
        "support_labels": SUPPORT_KINDS,
        "industry_labels": {i.key: i.label for i in INDUSTRIES},
        "help": await stats_service.help(),
        "help_kinds": HELP_KINDS,
        "help_states": HELP_STATES,
    }
    return Template("staff/stats.html", context=context)


ROUTES = [stats]
