"""The policy catalogue as JSON: search it, read a measure."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import Parameter

from ..auth import public
from ..web import check_id
from .policies import PolicyService
from .schemas import MeasureCard, PolicySearch, measure_card, policy_search

Query = Annotated[str | None, Parameter(description="words, a question, pinyin; at most 100 kept")]
Page = Annotated[str | None, Parameter(description="1-100, default 1")]
PerPage = Annotated[str | None, Parameter(description="1-50, default 20")]


@get("/api/v1/policies/search", opt=public())
async def api_search(
    policy_service: PolicyService, q: Query = None, page: Page = None, limit: PerPage = None
) -> PolicySearch:
    return policy_search(await policy_service.search(q, page, limit))


@get("/api/v1/policies/{measure_id:int}", opt=public())
async def api_show(measure_id: int, policy_service: PolicyService) -> MeasureCard:
    return measure_card(await policy_service.get(check_id(measure_id)))


ROUTES = [api_search, api_show]
