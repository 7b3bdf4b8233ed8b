"""Job and policy search for the pages: Meilisearch through ``search.engine``, the database when
Meilisearch is down.

The engine reads the query, filters, asks Meilisearch (and retries a weak match by its words and its
pinyin) and marks the hits in one call; here the page's parameters become its plain values, and the
database answers in its stead when it is unavailable.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from litestar.datastructures import State
from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matching.trades import TradeMatch
from policies.models import Measure
from search.client import SearchClient, SearchUnavailable
from search.engine import BANDS, SORTS, Found, JobCriteria, JobSearch, PolicySearch, Reading
from search.lexicon import Lexicon, ReadQuery
from search.normalize import normalize

from ..jobs.service import job_hit, monthly_sql
from ..models import Job
from ..reference import find_industry, find_township
from ..sql import contains
from ..vocabulary.service import Vocabulary

MAX_QUERY = 100  # characters; a longer query is cut, not refused
MAX_PAGE = 100
MAX_LIMIT = 50
POSTED_DAYS = (3, 7, 30)
# How sure the reading of a query's words into an occupation must be to add that trade's vacancies:
# 0.6 is right about two times in three (matching.trades.calibrated). Lower than a posting's title
# needs to be stored (0.8, jobs.form): a wrong reading here only adds vacancies after the words'
# own strong hits, a missed one hides the vacancies a worker meant.
SURE_QUERY = 0.6


def clamp_int(value: Any, low: int, high: int, default: int | None) -> int | None:
    try:
        number = int(unicodedata.normalize("NFKC", str(value)).strip())
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def _choice(value: Any, choices: tuple, default: Any = None) -> Any:
    return value if isinstance(value, str) and value in choices else default


def _yes(value: Any) -> bool:
    return value in ("1", "true", "on", "yes")


@dataclass(frozen=True)
class JobQuery(JobCriteria):
    """What the search page and the API accept; lenient by design: odd values are dropped or clamped."""

    @classmethod
    def parse(cls, params: dict[str, Any]) -> JobQuery:
        township = find_township(params.get("township") or None)
        industry = find_industry(params.get("industry") or None)
        return cls(
            q=clean_query(params.get("q")),
            township_code=township.code if township else None,
            industry=industry.key if industry else None,
            wage_band=_choice(params.get("wage_band"), tuple(BANDS)),
            wage_min=clamp_int(params.get("wage_min"), 0, 100_000, None)
            if params.get("wage_min")
            else None,
            housing=_yes(params.get("housing")),
            meals=_yes(params.get("meals")),
            over_50=_yes(params.get("over_50")),
            posted_days=_choice(clamp_int(params.get("posted"), 0, 365, None), POSTED_DAYS),
            sort=_choice(params.get("sort"), SORTS, "relevance"),
            page=clamp_int(params.get("page"), 1, MAX_PAGE, 1),
            limit=clamp_int(params.get("limit"), 1, MAX_LIMIT, 20),
        )

    def params(self, **changes: Any) -> dict[str, Any]:
        """This query as URL parameters (empty ones left out), with ``changes``: for filter links."""
        values = {
            "q": self.q,
            "township": self.township_code,
            "industry": self.industry,
            "wage_band": self.wage_band,
            "wage_min": self.wage_min,
            "housing": int(self.housing),
            "meals": int(self.meals),
            "over_50": int(self.over_50),
            "posted": self.posted_days,
            "sort": self.sort,
            "page": self.page,
        }
        values.update(changes)
        if "page" not in changes:
            values["page"] = 1  # a new filter starts at the first page
        defaults = {"sort": "relevance", "page": 1}
        return {k: v for k, v in values.items() if v and defaults.get(k) != v}


def clean_query(raw: Any) -> str:
    return normalize(str(raw or "")[: MAX_QUERY * 4])[:MAX_QUERY]


@dataclass
class Results:
    hits: list[dict[str, Any]]
    total: int
    page: int
    limit: int
    degraded: bool = False
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    read: ReadQuery | None = None
    loose: bool = False  # found only by words apart or by pinyin
    trade: TradeMatch | None = None  # the occupation the words were read as, when sure

    @classmethod
    def of(cls, found: Found, page: int, limit: int, trade: TradeMatch | None = None) -> Results:
        return cls(
            found.hits,
            found.total,
            page,
            limit,
            False,
            found.facets,
            found.read,
            found.loose,
            trade,
        )

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def policy_hit(m: Measure) -> dict[str, Any]:
    return {
        "id": m.id,
        "code": m.code,
        "title": m.title,
        "category": m.category,
        "summary": m.summary,
    }


class SearchService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        client: SearchClient,
        lexicon: Lexicon,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        # A factory, not a session: a search that Meilisearch answers never touches the database.
        self.sessions = sessions
        self.lexicon = lexicon
        self.vocabulary = vocabulary  # None: the words are not read into trades
        self.job_search = JobSearch(client, lexicon)
        self.policy_search = PolicySearch(client, lexicon)

    async def read_trade(self, q: str) -> tuple[TradeMatch | None, tuple[str, ...]]:
        """The occupation the words name, read by the classifier that reads postings and skills
        (勾机 -> 挖掘铲运和桩工机械司机, 照顾老人 -> 养老护理员), when sure enough (``SURE_QUERY``);
        else the trades a word for a kind of work covers (司机, 维修, 护理): the vacancies of each
        are what a worker typing it means, whatever their titles say."""
        if not q or self.vocabulary is None:
            return None, ()
        best, family = (await self.vocabulary.trades()).query_reading(q)
        if best is not None and best.confidence >= SURE_QUERY:
            return best, (best.code,)
        return None, family

    async def jobs(self, query: JobQuery, facets: bool = False) -> Results:
        now = dt.datetime.now(dt.UTC)
        trade, codes = await self.read_trade(query.q)
        if codes:
            query = replace(query, trade_codes=codes)
        try:
            found = await self.job_search.find(query, now, facets)
        except SearchUnavailable:
            results = await self._jobs_from_db(query, self.job_search.reading(query), now)
            results.trade = trade
            return results
        return Results.of(found, query.page, query.limit, trade)

    async def policies(self, q: Any, page: int = 1, limit: int = 20) -> Results:
        text = clean_query(q)
        try:
            found = await self.policy_search.find(text, page, limit)
        except SearchUnavailable:
            return await self._policies_from_db(self.policy_search.reading(text), page, limit)
        return Results.of(found, page, limit)

    # --- the database, when Meilisearch is unavailable ----------------------------------------------

    def _text_terms(self, column, text: str):
        """Each word, or any word meaning the same, must appear (the database's plain ranking)."""
        for word in text.split()[:8]:
            yield or_(*(contains(column, term) for term in self.lexicon.expand(word)))

    def _job_where(self, query: JobQuery, reading: Reading, now: dt.datetime) -> list:
        text = list(self._text_terms(Job.search_text, reading.read.text))
        if text and query.trade_codes:  # the words, or the trade they were read as
            text = [or_(and_(*text), Job.trade_code.in_(query.trade_codes))]
        where = [Job.status == "published", *text]
        month_max = monthly_sql(Job.wage_max, Job.wage_unit)
        if query.township_code:
            where.append(Job.township_code == query.township_code)
        if query.industry:
            where.append(Job.industry == query.industry)
        if band := BANDS.get(query.wage_band or ""):
            where.append(month_max >= band[0])
            if band[1] is not None:
                where.append(month_max <= band[1])
        if reading.wage_min:
            where.append(month_max >= reading.wage_min)
        for wanted, column in (
            (query.housing, Job.has_housing),
            (query.meals, Job.has_meals),
            (query.over_50, Job.accepts_over_50),
        ):
            if wanted:
                where.append(column.is_(True))
        if query.posted_days:
            posted = func.coalesce(Job.reviewed_at, Job.created_at)
            where.append(posted >= now - dt.timedelta(days=query.posted_days))
        return where

    async def _jobs_from_db(self, query: JobQuery, reading: Reading, now: dt.datetime) -> Results:
        where = self._job_where(query, reading, now)
        month_max = monthly_sql(Job.wage_max, Job.wage_unit)
        order = {"wage": [month_max.desc()]}.get(query.sort, [])
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(Job).where(*where)) or 0
            rows = await session.scalars(
                select(Job)
                .where(*where)
                .order_by(*order, Job.created_at.desc(), Job.id.desc())
                .offset((query.page - 1) * query.limit)
                .limit(query.limit)
            )
            hits = [{**job_hit(j), "title_marked": reading.mark(j.title)} for j in rows]
        return Results(hits, total, query.page, query.limit, degraded=True, read=reading.read)

    async def _policies_from_db(self, reading: Reading, page: int, limit: int) -> Results:
        where = list(self._text_terms(Measure.search_text, reading.read.text))
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(Measure).where(*where))
            rows = await session.scalars(
                select(Measure)
                .where(*where)
                .order_by(Measure.code)
                .offset((page - 1) * limit)
                .limit(limit)
            )
            hits = [{**policy_hit(m), "title_marked": reading.mark(m.title)} for m in rows]
        return Results(hits, total or 0, page, limit, degraded=True, read=reading.read)


async def provide_search_service(state: State) -> SearchService:
    """Built on the process's search client and vocabulary (the runtime, kept in the app's state)."""
    rt = state.runtime
    return SearchService(rt.sessions, rt.search, rt.vocabulary.lexicon, rt.vocabulary)
