"""Searching in one call: a query's plain values in, shaped hits with their marks out.

``JobSearch.find`` and ``PolicySearch.find`` read the text once (``Lexicon.read``: the wage figure
out, pinyin and typos mapped onto the vocabulary), build the filter (``filters``), make the
Meilisearch request and, when the text finds nothing good, its retries, and mark the hits' titles.
A ``SearchUnavailable`` from the client passes through: the caller falls back to its database, with
``reading()`` giving it the same reading of the query (wage floor and words to mark).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import filters
from .documents import JOB_FACETS, JOBS, POLICIES, WAGE_BANDS, trade_minor
from .highlight import mark
from .lexicon import Lexicon, ReadQuery
from .query import split_words

SORTS = ("relevance", "newest", "wage")
BANDS: dict[str, tuple[int, int | None]] = {key: (low, high) for key, low, high in WAGE_BANDS}
# Meilisearch's ranking score of the best hit below which the text matched only in part (some of the
# words, or single characters of a word); then the pinyin is tried too.
WEAK_MATCH = 0.5
# A text hit at least this good (the words, or their synonyms, whole in the vacancy) stays ahead of
# the vacancies found by the trade the query was read as; a weaker one (some characters of it) after.
TEXT_BEFORE_TRADE = 0.8

JOB_FIELDS = (
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
    "trade_code",
    "accepts_over_50",
    "posted_ts",
)
POLICY_FIELDS = ("id", "code", "title", "category", "summary")
_JOB_SORTS = {"newest": ["posted_ts:desc"], "wage": ["month_max:desc"]}


class Client(Protocol):
    """What the engine needs of ``SearchClient``: one search request."""

    async def search(self, kind: str, body: dict[str, Any]) -> dict[str, Any]: ...


@dataclass(frozen=True)
class JobCriteria:
    """A job query's plain values, already checked by the caller (known codes, bands and sorts)."""

    q: str = ""
    township_code: str | None = None
    industry: str | None = None
    wage_band: str | None = None
    wage_min: int | None = None  # monthly, chosen in the filters
    housing: bool = False
    meals: bool = False
    over_50: bool = False
    posted_days: int | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = 20
    # Occupation codes the caller read the words as (surest first): their vacancies, and those of
    # their minor groups, follow the strong text hits on the first page of a relevance search.
    trade_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A query as read: the text search sees, the monthly wage floor, the words to highlight."""

    read: ReadQuery
    wage_min: int | None = None  # the higher of the chosen floor and a figure typed in the words
    marks: tuple[str, ...] = ()

    def mark(self, title: str) -> list[tuple[str, bool]]:
        return mark(title, self.marks)


@dataclass
class Found:
    """What Meilisearch found, shaped for a page: each hit's fields plus ``title_marked``."""

    hits: list[dict[str, Any]]
    total: int
    read: ReadQuery
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    loose: bool = False  # found only by words apart or by pinyin


def _best(result: dict[str, Any]) -> float:
    if not result.get("totalHits"):
        return 0.0
    return max((h.get("_rankingScore", 0.0) for h in result.get("hits") or []), default=0.0)


class _Search:
    kind = ""
    fields: tuple[str, ...] = ()

    def __init__(self, client: Client | None, lexicon: Lexicon) -> None:
        self.client = client  # None only to build requests (tests, the benchmark)
        self.lexicon = lexicon

    def _reading(self, read: ReadQuery, wage_min: int | None = None) -> Reading:
        marks = tuple(term for word in read.text.split() for term in self.lexicon.expand(word))
        return Reading(read, wage_min, marks)

    async def _send(self, reading: Reading, body: dict[str, Any]) -> Found:
        result, loose = await self._retrying(reading.read, body)
        return self._shape(reading, result, loose)

    def _shape(self, reading: Reading, result: dict[str, Any], loose: bool) -> Found:
        hits = [{k: d.get(k) for k in self.fields} for d in result["hits"]]
        for hit in hits:
            hit["title_marked"] = reading.mark(hit["title"])
        facets = result.get("facetDistribution") or {}
        return Found(hits, result.get("totalHits", 0), reading.read, facets, loose)

    async def _retrying(
        self, read: ReadQuery, body: dict[str, Any], first: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], bool]:
        """Text first; then its words apart, then its sound, only if the text found nothing good.

        The sound (pinyin) is tried also when the text matched only weakly (a homophone typo such as
        差车 matches 差 and 车 somewhere, not 叉车): whichever matched better is shown.
        (Not ``attributesToSearchOn``: Meilisearch 1.21 refused it with 400 on an index whose documents
        came in after a clear, naming only the fields of the earlier documents. The pinyin field is
        ranked last and holds only Latin letters, so a Chinese query cannot match in it anyway.)"""
        assert self.client is not None, "built to make requests only"
        result = first if first is not None else await self.client.search(self.kind, body)
        if not read.text or _best(result) >= WEAK_MATCH:
            return result, False
        if not result.get("totalHits") and (words := split_words(read.text)):
            split = await self.client.search(
                self.kind, {**body, "q": words, "matchingStrategy": "last"}
            )
            if split.get("totalHits"):
                return split, True
        if read.pinyin:
            sound = await self.client.search(
                self.kind, {**body, "q": read.pinyin, "matchingStrategy": "all"}
            )
            if _best(sound) > _best(result):
                return sound, True
        return result, False


def job_filter(criteria: JobCriteria, wage_min: int | None, now: dt.datetime) -> str | None:
    """The filter of a job search; ``wage_min`` is the monthly floor read (see ``Reading``)."""
    c = criteria
    since = now - dt.timedelta(days=c.posted_days or 0)
    return filters.all_of(
        filters.eq("township_code", c.township_code) if c.township_code else None,
        filters.eq("industry", c.industry) if c.industry else None,
        filters.eq("wage_band", c.wage_band) if c.wage_band in BANDS else None,
        filters.gte("month_max", wage_min) if wage_min else None,
        filters.eq("has_housing", True) if c.housing else None,
        filters.eq("has_meals", True) if c.meals else None,
        filters.eq("accepts_over_50", True) if c.over_50 else None,
        filters.gte("posted_ts", int(since.timestamp())) if c.posted_days else None,
    )


class JobSearch(_Search):
    kind = JOBS
    fields = JOB_FIELDS

    def reading(self, criteria: JobCriteria) -> Reading:
        read = self.lexicon.read(criteria.q)
        return self._reading(
            read, max(filter(None, (criteria.wage_min, read.wage_min)), default=None)
        )

    def request(
        self, criteria: JobCriteria, now: dt.datetime, facets: bool = False
    ) -> dict[str, Any]:
        """The body of the first Meilisearch request.

        Facets only when asked: counting them was a fifth of Meilisearch's time per search."""
        return self._body(criteria, self.reading(criteria), now, facets)

    def _body(
        self, criteria: JobCriteria, reading: Reading, now: dt.datetime, facets: bool
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "q": reading.read.text,
            "page": criteria.page,
            "hitsPerPage": criteria.limit,
            "showRankingScore": True,
            "attributesToRetrieve": list(JOB_FIELDS),
            "filter": job_filter(criteria, reading.wage_min, now),
        }
        if facets:
            body["facets"] = list(JOB_FACETS)
        sort = _JOB_SORTS.get(criteria.sort)
        if sort or not reading.read.text:
            body["sort"] = sort or ["posted_ts:desc"]  # no words to rank by: the newest first
        return body

    def trade_request(
        self, criteria: JobCriteria, reading: Reading, now: dt.datetime
    ) -> dict[str, Any] | None:
        """The second request, for the vacancies of the trades the words were read as: the same
        filters plus their minor groups. Only for the first page of a relevance search (later pages
        are the text's alone)."""
        codes = criteria.trade_codes
        minors = list(dict.fromkeys(filter(None, map(trade_minor, codes))))
        if (
            not minors
            or criteria.page != 1
            or criteria.sort != "relevance"
            or not reading.read.text
        ):
            return None
        return {
            "q": "",
            "hitsPerPage": criteria.limit,
            "attributesToRetrieve": list(JOB_FIELDS),
            # One trade read: its minor group (焊工 finds 电焊工 and 气焊工); several (a word for a kind
            # of work, 维修): those trades only, their minor groups would be half the county.
            "filter": filters.all_of(
                job_filter(criteria, reading.wage_min, now),
                filters.any_of("trade_minor", minors)
                if len(codes) == 1
                else filters.any_of("trade_code", list(codes)),
            ),
            "sort": ["posted_ts:desc"],
        }

    async def find(self, criteria: JobCriteria, now: dt.datetime, facets: bool = False) -> Found:
        """Raises ``SearchUnavailable`` when Meilisearch does not answer.

        With a trade read, both requests go at once; the text's retries (words apart, pinyin) are
        left out when the trade found vacancies: they were the slow path to unrelated ones."""
        reading = self.reading(criteria)
        body = self._body(criteria, reading, now, facets)
        trade_body = self.trade_request(criteria, reading, now)
        if trade_body is None:
            return await self._send(reading, body)
        assert self.client is not None, "built to make requests only"
        text, by_trade = await asyncio.gather(
            self.client.search(self.kind, body), self.client.search(self.kind, trade_body)
        )
        if not by_trade.get("hits"):
            return self._shape(reading, *await self._retrying(reading.read, body, text))
        merged = merge_by_trade(text, by_trade, criteria.trade_codes, criteria.limit)
        return self._shape(reading, merged, False)


def merge_by_trade(
    text: dict[str, Any], by_trade: dict[str, Any], codes: tuple[str, ...], limit: int
) -> dict[str, Any]:
    """The text's strong hits, then the trade's vacancies (the occupations read before the rest
    of their minor groups), then the text's weak hits; each vacancy once, ``limit`` in all.

    The total is the larger of the two: the overlap beyond this page is not known."""
    hits = text.get("hits") or []
    strong = [h for h in hits if h.get("_rankingScore", 0.0) >= TEXT_BEFORE_TRADE]
    weak = [h for h in hits if h.get("_rankingScore", 0.0) < TEXT_BEFORE_TRADE]
    rank = {code: n for n, code in enumerate(codes)}
    trade = sorted(
        by_trade.get("hits") or [], key=lambda h: rank.get(h.get("trade_code"), len(rank))
    )
    merged: dict[Any, dict[str, Any]] = {}
    for hit in strong + trade + weak:
        merged.setdefault(hit["id"], hit)
    first = list(merged.values())[:limit]
    total = max(text.get("totalHits", 0), by_trade.get("totalHits", 0), len(first))
    return {**text, "hits": first, "totalHits": total}


class PolicySearch(_Search):
    kind = POLICIES
    fields = POLICY_FIELDS

    def reading(self, q: str) -> Reading:
        return self._reading(self.lexicon.read(q, wages=False))  # a figure in a policy is no wage

    def request(self, q: str, page: int = 1, limit: int = 20) -> dict[str, Any]:
        return self._body(self.reading(q), page, limit)

    def _body(self, reading: Reading, page: int, limit: int) -> dict[str, Any]:
        text = reading.read.text
        body: dict[str, Any] = {
            "q": text,
            "page": page,
            "hitsPerPage": limit,
            "showRankingScore": True,
            "attributesToRetrieve": list(POLICY_FIELDS),
        }
        if not text:
            body["sort"] = ["code:asc"]
        return body

    async def find(self, q: str, page: int = 1, limit: int = 20) -> Found:
        """Raises ``SearchUnavailable`` when Meilisearch does not answer."""
        reading = self.reading(q)
        return await self._send(reading, self._body(reading, page, limit))
