"""The policy catalogue: search and read a measure."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from policies.services import CatalogueService

from ..auth import public
from ..errors import NotFound
from ..htmx import page_or_partial
from ..runtime import Runtime
from ..web import check_id
from .search import MAX_LIMIT, SearchService, clamp_int


async def _search(request: Request, runtime: Runtime):
    params = request.query_params
    page = clamp_int(params.get("page"), 1, 100, 1)
    limit = clamp_int(params.get("limit"), 1, MAX_LIMIT, 20)
    service = SearchService(runtime.sessions, runtime.search, runtime.vocabulary.lexicon)
    return await service.policies(params.get("q") or "", page, limit)


@get("/policies", opt=public())
async def index(request: Request, runtime: Runtime) -> Template:
    results = await _search(request, runtime)
    context = {"results": results, "q": str(request.query_params.get("q") or "")[:100]}
    return page_or_partial(request, "policies/index.html", "policies/_rows.html", context)


@get("/api/v1/policies/search", opt=public())
async def api_search(request: Request, runtime: Runtime) -> dict[str, Any]:
    r = await _search(request, runtime)
    hits = [{**h, "url": f"/policies/{h['id']}"} for h in r.hits]
    return {
        "hits": hits,
        "total": r.total,
        "page": r.page,
        "limit": r.limit,
        "degraded": r.degraded,
    }


async def _measure(db_session: AsyncSession, measure_id: int):
    measure = await CatalogueService(db_session).get(check_id(measure_id))
    if measure is None:
        raise NotFound
    return measure


@get("/policies/{measure_id:int}", opt=public())
async def show(measure_id: int, db_session: AsyncSession) -> Template:
    return Template("policies/show.html", context={"m": await _measure(db_session, measure_id)})


@get("/api/v1/policies/{measure_id:int}", opt=public())
async def api_show(measure_id: int, db_session: AsyncSession) -> dict[str, Any]:
    m = await _measure(db_session, measure_id)
    fields = (
        "id",
        "code",
        "title",
        "category",
        "summary",
        "body",
        "eligibility",
        "benefit",
        "department",
        "documents",
        "one_trip",
        "is_sample",
    )
    return {f: getattr(m, f) for f in fields}


ROUTES = [index, api_search, show, api_show]
