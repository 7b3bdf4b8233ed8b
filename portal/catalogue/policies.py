"""The policy catalogue as its pages and API read it: searched in plain words, a measure opened."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure
from policies.services import CatalogueService

from ..errors import NotFound
from ..runtime import Runtime
from .search import MAX_LIMIT, Results, SearchService, clamp_int

MAX_PAGE = 100
PER_PAGE = 20


class PolicyService:
    def __init__(self, session: AsyncSession, search: SearchService) -> None:
        self.session, self.search_service = session, search

    async def search(self, q: str | None, page: str | None, limit: str | None) -> Results:
        """Measures for a question; a page or size out of range is brought into it, not refused."""
        return await self.search_service.policies(
            q or "",
            clamp_int(page, 1, MAX_PAGE, 1),
            clamp_int(limit, 1, MAX_LIMIT, PER_PAGE),
        )

    async def get(self, measure_id: int) -> Measure:
        measure = await CatalogueService(self.session).get(measure_id)
        if measure is None:
            raise NotFound
        return measure


async def provide_policy_service(db_session: AsyncSession, runtime: Runtime) -> PolicyService:
    search = SearchService(runtime.sessions, runtime.search, runtime.vocabulary.lexicon)
    return PolicyService(db_session, search)
