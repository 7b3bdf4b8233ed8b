"""The policy catalogue as JSON: search it, read a measure."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.exceptions import HTTPException
from litestar.params import Parameter
from msgspec import UNSET

from ..auth import public
from ..web import check_id
from .check import check
from .policies import PolicyService
from .schemas import (
    EligibilityCheck,
    EligibilityForm,
    MeasureCard,
    PolicySearch,
    eligibility_row,
    measure_card,
    policy_search,
)

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


# Public and exempt from CSRF: it writes nothing and reads no session, so a forged request learns
# nothing and changes nothing. JSON only, like the other public writes (login, employer registration).
@post("/api/v1/policies/check", opt={**public(), "exclude_from_csrf": True}, status_code=200)
async def api_check(request: Request, data: EligibilityForm) -> EligibilityCheck:
    """Which measures apply to these facts as of ``on``: each eligible (with its amount),
    not_eligible (the failed condition and its gap) or need_info (the facts still missing)."""
    if request.content_type[0] != "application/json":
        raise HTTPException(status_code=415, detail="JSON only")
    results, day = check(data.facts, None if data.on is UNSET else data.on)
    return EligibilityCheck(on=day.isoformat(), results=[eligibility_row(r) for r in results])


ROUTES = [api_search, api_show, api_check]
