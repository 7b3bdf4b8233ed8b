"""The policy catalogue: search and read a measure."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from ..auth import public
from ..htmx import page_or_partial
from ..web import check_id
from .policies import PolicyService
from .search import MAX_QUERY


@get("/policies", opt=public())
async def index(request: Request, policy_service: PolicyService) -> Template:
    params = request.query_params
    results = await policy_service.search(params.get("q"), params.get("page"), params.get("limit"))
    context = {
        "results": results,
        "q": str(params.get("q") or "")[:MAX_QUERY],
        "max_query": MAX_QUERY,
    }
    return page_or_partial(request, "policies/index.html", "policies/_rows.html", context)


@get("/policies/{measure_id:int}", opt=public())
async def show(measure_id: int, policy_service: PolicyService) -> Template:
    return Template(
        "policies/show.html", context={"m": await policy_service.get(check_id(measure_id))}
    )


ROUTES = [index, show]
