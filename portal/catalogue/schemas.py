"""The policy catalogue API's answers, as /schema documents them."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc

from policies.models import Measure

from .search import Results


class PolicyHit(msgspec.Struct):
    id: int
    code: str
    title: str
    category: str
    summary: str
    title_marked: Annotated[
        list[tuple[str, bool]], Doc(description="the title in pieces, true where the query matched")
    ]
    url: str


class PolicySearch(msgspec.Struct):
    hits: list[PolicyHit]
    total: int
    page: int
    limit: int
    degraded: Annotated[bool, Doc(description="true: search ran on the database, simpler")]


class MeasureCard(msgspec.Struct):
    id: int
    code: str
    title: str
    category: str
    summary: str
    body: str
    eligibility: str
    benefit: str
    department: str
    documents: Annotated[list[str], Doc(description="what to bring")]
    one_trip: Annotated[str, Doc(description="how it is done in at most one trip")]
    is_sample: Annotated[bool, Doc(description="sample data, not the county's own text")]


def policy_search(r: Results) -> PolicySearch:
    hits = [
        PolicyHit(
            id=h["id"],
            code=h["code"],
            title=h["title"],
            category=h["category"],
            summary=h["summary"],
            title_marked=h["title_marked"],
            url=f"/policies/{h['id']}",
        )
        for h in r.hits
    ]
    return PolicySearch(hits, r.total, r.page, r.limit, r.degraded)


def measure_card(m: Measure) -> MeasureCard:
    fields = MeasureCard.__struct_fields__
    return MeasureCard(**{f: getattr(m, f) for f in fields})
