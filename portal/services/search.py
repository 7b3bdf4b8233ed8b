"""Job and policy search: Meilisearch first, the database when Meilisearch is down."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from policies.models import Measure
from search import filters
from search.client import SearchClient, SearchUnavailable
from search.documents import JOBS, POLICIES
from search.normalize import normalize

from ..models import Job
from .jobs import job_hit
from .sql import contains
from ..reference import find_township

MAX_QUERY = 100  # characters; a longer query is cut, not refused
MAX_PAGE = 100
MAX_LIMIT = 50


def clamp_int(value: Any, low: int, high: int, default: int | None) -> int | None:
    try:
        number = int(unicodedata.normalize("NFKC", str(value)).strip())
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


@dataclass(frozen=True)
class JobQuery:
    q: str = ""
    township_code: str | None = None
    wage_min: int | None = None
    page: int = 1
    limit: int = 20

    @classmethod
    def parse(cls, params: dict[str, Any]) -> JobQuery:
        """Lenient by design: anything odd in a URL is dropped or clamped, never an error page."""
        q = str(params.get("q") or "")[: MAX_QUERY * 4]
        township = find_township(params.get("township") or None)
        return cls(
            q=normalize(q)[:MAX_QUERY],
            township_code=township.code if township else None,
            wage_min=clamp_int(params.get("wage_min"), 0, 100_000, None) if params.get("wage_min") else None,
            page=clamp_int(params.get("page"), 1, MAX_PAGE, 1),
            limit=clamp_int(params.get("limit"), 1, MAX_LIMIT, 20),
        )


@dataclass
class Results:
    hits: list[dict[str, Any]]
    total: int
    page: int
    limit: int
    degraded: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def policy_hit(m: Measure) -> dict[str, Any]:
    return {"id": m.id, "code": m.code, "title": m.title, "category": m.category, "summary": m.summary}


def _like_terms(column, q: str):
    for term in q.split()[:8]:
        yield contains(column, term)


_JOB_FIELDS = ("id", "title", "employer", "township", "township_code", "wage_min", "wage_max",
               "headcount", "skills", "has_housing", "has_meals")
_POLICY_FIELDS = ("id", "code", "title", "category", "summary")


class SearchService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], client: SearchClient) -> None:
        # A factory, not a session: a search that Meilisearch answers never touches the database.
        self.sessions = sessions
        self.client = client

    async def jobs(self, query: JobQuery) -> Results:
        flt = filters.all_of(
            filters.eq("township_code", query.township_code) if query.township_code else None,
            filters.gte("wage_max", query.wage_min) if query.wage_min else None,
        )
        sort = None if query.q else ["created_ts:desc"]
        try:
            page = await self.client.search(JOBS, query.q, filter=flt, sort=sort, page=query.page, limit=query.limit)
        except SearchUnavailable:
            return await self._jobs_from_db(query)
        hits = [{k: h.get(k) for k in _JOB_FIELDS} for h in page.hits]
        return Results(hits, page.total, query.page, query.limit)

    async def _jobs_from_db(self, query: JobQuery) -> Results:
        where = [Job.status == "published", *_like_terms(Job.search_text, query.q)]
        if query.township_code:
            where.append(Job.township_code == query.township_code)
        if query.wage_min:
            where.append(Job.wage_max >= query.wage_min)
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(Job).where(*where)) or 0
            rows = await session.scalars(
                select(Job).where(*where).order_by(Job.created_at.desc(), Job.id.desc())
                .offset((query.page - 1) * query.limit).limit(query.limit)
            )
            return Results([job_hit(j) for j in rows], total, query.page, query.limit, degraded=True)

    async def policies(self, q: str, page: int = 1, limit: int = 20) -> Results:
        q = normalize(str(q or "")[: MAX_QUERY * 4])[:MAX_QUERY]
        try:
            result = await self.client.search(POLICIES, q, sort=None if q else ["code:asc"], page=page, limit=limit)
        except SearchUnavailable:
            where = list(_like_terms(Measure.search_text, q))
            async with self.sessions() as session:
                total = await session.scalar(select(func.count()).select_from(Measure).where(*where)) or 0
                rows = await session.scalars(
                    select(Measure).where(*where).order_by(Measure.code).offset((page - 1) * limit).limit(limit)
                )
                return Results([policy_hit(m) for m in rows], total, page, limit, degraded=True)
        hits = [{k: h.get(k) for k in _POLICY_FIELDS} for h in result.hits]
        return Results(hits, result.total, page, limit)
