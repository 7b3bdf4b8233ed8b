"""The policy catalogue: search and read a measure."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from ..auth import public
from ..htmx import page_or_partial
from ..models import User
from ..stations.service import StationService
from ..web import check_id
from .policies import PolicyService
from .search import MAX_QUERY


@get("/policies", opt=public())
async def index(
    request: Request,
    policy_service: PolicyService,
    station_service: StationService,
    user: User | None,
) -> Template:
    params = request.query_params
    results = await policy_service.search(params.get("q"), params.get("page"), params.get("limit"))
    context = {
        "results": results,
        "nearest": None if results.total else await station_service.for_user(user),
        "q": str(params.get("q") or "")[:MAX_QUERY],
        "max_query": MAX_QUERY,
    }
    return page_or_partial(request, "policies/index.html", "policies/_rows.html", context)


@get("/policies/{measure_id:int}", opt=public())
async def show(
    measure_id: int,
    policy_service: PolicyService,
    station_service: StationService,
    user: User | None,
) -> Template:
    """A measure; how to apply ends at a station: the reader's nearest one, else the list."""
    context = {
        "m": await policy_service.get(check_id(measure_id)),
        "nearest": await station_service.for_user(user),
    }
    return Template("policies/show.html", context=context)


ROUTES = [index, show]
