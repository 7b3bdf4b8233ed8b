"""Job and policy search: Meilisearch first, the database when Meilisearch is down.

A query is read once (``Lexicon.read``: wage figure out, pinyin and typos mapped onto the trade
vocabulary), then sent as text. Only when the text finds nothing are its words tried apart, and then
its pinyin: so a pinyin or partial match never pushes out a real one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from policies.models import Measure
from search import filters
from search.client import SearchClient, SearchUnavailable
from search.documents import JOB_FACETS, JOBS, POLICIES, WAGE_BANDS
from search.highlight import mark
from search.lexicon import Lexicon, ReadQuery
from search.normalize import normalize
from search.query import split_words

from ..jobs.service import job_hit, monthly_sql
from ..models import Job
from ..reference import find_industry, find_township
from ..sql import contains

MAX_QUERY = 100  # characters; a longer query is cut, not refused
MAX_PAGE = 100
MAX_LIMIT = 50
SORTS = ("relevance", "newest", "wage")
POSTED_DAYS = (3, 7, 30)
_BANDS = {key: (low, high) for key, low, high in WAGE_BANDS}
# Meilisearch's ranking score of the best hit below which the text matched only in part (some of the
# words, or single characters of a word); then the pinyin is tried too.
WEAK_MATCH = 0.5


def _best(result: dict[str, Any]) -> float:
    hits = result.get("hits") or []
    return (
        max((h.get("_rankingScore", 0.0) for h in hits), default=0.0)
        if result.get("totalHits")
        else 0.0
    )


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
class JobQuery:
    """What the search page and the API accept; lenient by design: odd values are dropped or clamped."""

    q: str = ""
    township_code: str | None = None
    industry: str | None = None
    wage_band: str | None = None
    wage_min: int | None = None
    housing: bool = False
    meals: bool = False
    over_50: bool = False
    posted_days: int | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = 20

    @classmethod
    def parse(cls, params: dict[str, Any]) -> JobQuery:
        township = find_township(params.get("township") or None)
        industry = find_industry(params.get("industry") or None)
        return cls(
            q=clean_query(params.get("q")),
            township_code=township.code if township else None,
            industry=industry.key if industry else None,
            wage_band=_choice(params.get("wage_band"), tuple(_BANDS)),
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


_JOB_FIELDS = (
    "id",
    "title",
    "employer",
    "township",
    "township_code",
    "wage_min",
    "wage_max",
    "wage_unit",
    "month_min",
    "month_max",
    "headcount",
    "skills",
    "has_housing",
    "has_meals",
    "industry",
    "accepts_over_50",
    "posted_ts",
)
_POLICY_FIELDS = ("id", "code", "title", "category", "summary")


def _job_filter(query: JobQuery, wage_min: int | None, now: dt.datetime) -> str | None:
    band = _BANDS.get(query.wage_band or "")
    return filters.all_of(
        filters.eq("township_code", query.township_code) if query.township_code else None,
        filters.eq("industry", query.industry) if query.industry else None,
        filters.eq("wage_band", query.wage_band) if band else None,
        filters.gte("month_max", wage_min) if wage_min else None,
        filters.eq("has_housing", True) if query.housing else None,
        filters.eq("has_meals", True) if query.meals else None,
        filters.eq("accepts_over_50", True) if query.over_50 else None,
        filters.gte("posted_ts", int((now - dt.timedelta(days=query.posted_days)).timestamp()))
        if query.posted_days
        else None,
    )


def _hits(
    documents: list[dict[str, Any]], fields: tuple[str, ...], marks: list[str]
) -> list[dict[str, Any]]:
    hits = []
    for document in documents:
        hit = {k: document.get(k) for k in fields}
        hit["title_marked"] = mark(hit["title"], marks)
        hits.append(hit)
    return hits


class SearchService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], client: SearchClient, lexicon: Lexicon
    ) -> None:
        # A factory, not a session: a search that Meilisearch answers never touches the database.
        self.sessions = sessions
        self.client = client
        self.lexicon = lexicon

    async def _search(
        self, kind: str, read: ReadQuery, body: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """Text first; then its words apart, then its sound, only if the text found nothing good.

        The sound (pinyin) is tried also when the text matched only weakly (a homophone typo such as
        差车 matches 差 and 车 somewhere, not 叉车): whichever matched better is shown.
        (Not ``attributesToSearchOn``: Meilisearch 1.21 refused it with 400 on an index whose documents
        came in after a clear, naming only the fields of the earlier documents. The pinyin field is
        ranked last and holds only Latin letters, so a Chinese query cannot match in it anyway.)"""
        result = await self.client.search(kind, body)
        if not read.text or _best(result) >= WEAK_MATCH:
            return result, False
        if not result.get("totalHits") and (words := split_words(read.text)):
            split = await self.client.search(kind, {**body, "q": words, "matchingStrategy": "last"})
            if split.get("totalHits"):
                return split, True
        if read.pinyin:
            sound = await self.client.search(
                kind, {**body, "q": read.pinyin, "matchingStrategy": "all"}
            )
            if _best(sound) > _best(result):
                return sound, True
        return result, False

    def _marks(self, read: ReadQuery) -> list[str]:
        """The words to highlight: the query's and those meaning the same."""
        return [term for word in read.text.split() for term in self.lexicon.expand(word)]

    def job_body(
        self, query: JobQuery, facets: bool = False
    ) -> tuple[ReadQuery, int | None, dict[str, Any]]:
        """The query as read, the wage floor, and the body of the first Meilisearch request.

        Facets only when asked: counting them was a fifth of Meilisearch's time per search."""
        read = self.lexicon.read(query.q)
        wage_min = max(filter(None, (query.wage_min, read.wage_min)), default=None)
        sort = {"newest": ["posted_ts:desc"], "wage": ["month_max:desc"]}.get(query.sort)
        body: dict[str, Any] = {
            "q": read.text,
            "page": query.page,
            "hitsPerPage": query.limit,
            "showRankingScore": True,
            "attributesToRetrieve": list(_JOB_FIELDS),
            "filter": _job_filter(query, wage_min, dt.datetime.now(dt.UTC)),
        }
        if facets:
            body["facets"] = list(JOB_FACETS)
        if sort or not read.text:
            body["sort"] = sort or ["posted_ts:desc"]
        return read, wage_min, body

    async def jobs(self, query: JobQuery, facets: bool = False) -> Results:
        read, wage_min, body = self.job_body(query, facets)
        try:
            result, loose = await self._search(JOBS, read, body)
        except SearchUnavailable:
            return await self._jobs_from_db(query, read, wage_min, dt.datetime.now(dt.UTC))
        hits = _hits(result["hits"], _JOB_FIELDS, self._marks(read))
        return Results(
            hits,
            result.get("totalHits", 0),
            query.page,
            query.limit,
            facets=result.get("facetDistribution") or {},
            read=read,
            loose=loose,
        )

    def _text_terms(self, column, text: str):
        """Each word, or any word meaning the same, must appear (the database's plain ranking)."""
        for word in text.split()[:8]:
            yield or_(*(contains(column, term) for term in self.lexicon.expand(word)))

    async def _jobs_from_db(
        self, query: JobQuery, read: ReadQuery, wage_min: int | None, now: dt.datetime
    ) -> Results:
        where = [Job.status == "published", *self._text_terms(Job.search_text, read.text)]
        month_max = monthly_sql(Job.wage_max, Job.wage_unit)
        if query.township_code:
            where.append(Job.township_code == query.township_code)
        if query.industry:
            where.append(Job.industry == query.industry)
        if band := _BANDS.get(query.wage_band or ""):
            where.append(month_max >= band[0])
            if band[1] is not None:
                where.append(month_max <= band[1])
        if wage_min:
            where.append(month_max >= wage_min)
        for wanted, column in (
            (query.housing, Job.has_housing),
            (query.meals, Job.has_meals),
            (query.over_50, Job.accepts_over_50),
        ):
            if wanted:
                where.append(column.is_(True))
        if query.posted_days:
            where.append(
                func.coalesce(Job.reviewed_at, Job.created_at)
                >= now - dt.timedelta(days=query.posted_days)
            )
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
            hits = [{**job_hit(j), "title_marked": mark(j.title, self._marks(read))} for j in rows]
        return Results(hits, total, query.page, query.limit, degraded=True, read=read)

    async def policies(self, q: Any, page: int = 1, limit: int = 20) -> Results:
        read = self.lexicon.read(clean_query(q), wages=False)
        body: dict[str, Any] = {
            "q": read.text,
            "page": page,
            "hitsPerPage": limit,
            "showRankingScore": True,
            "attributesToRetrieve": list(_POLICY_FIELDS),
        }
        if not read.text:
            body["sort"] = ["code:asc"]
        try:
            result, loose = await self._search(POLICIES, read, body)
        except SearchUnavailable:
            where = list(self._text_terms(Measure.search_text, read.text))
            async with self.sessions() as session:
                total = (
                    await session.scalar(select(func.count()).select_from(Measure).where(*where))
                    or 0
                )
                rows = await session.scalars(
                    select(Measure)
                    .where(*where)
                    .order_by(Measure.code)
                    .offset((page - 1) * limit)
                    .limit(limit)
                )
                hits = [
                    {**policy_hit(m), "title_marked": mark(m.title, self._marks(read))}
                    for m in rows
                ]
            return Results(hits, total, page, limit, degraded=True, read=read)
        hits = _hits(result["hits"], _POLICY_FIELDS, self._marks(read))
        return Results(hits, result.get("totalHits", 0), page, limit, read=read, loose=loose)
