"""The policy catalogue API's answers, as /schema documents them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from policies.eligibility import Result
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


class EligibilityForm(msgspec.Struct, kw_only=True):
    """A person's facts, for ``POST /api/v1/policies/check``. Names are fixed (``birth_date`` or
    ``age``, ``hukou_in_county``, ``is_returnee``, ``returned_on``, ``business_registered``, ...;
    the question catalogue is ``policies/facts.py``). Yes/no facts are true/false, dates
    YYYY-MM-DD, counts and yuan whole numbers; null or absent means "not known". An unknown name
    or a wrong type answers 400 with a message at ``facts.<name>``."""

    facts: Annotated[dict[str, Any], Doc(description="fact name -> answer")]
    on: Annotated[
        str | None | UnsetType,
        Doc(description="YYYY-MM-DD: evaluate as of this day; default today"),
    ] = UNSET


class ApplyCard(msgspec.Struct):
    window: Annotated[str | None, Doc(description="where to go, or how to apply without going")]
    documents: Annotated[list[str], Doc(description="what to bring")]
    time_limit: str | None
    department: str
    one_trip: Annotated[str, Doc(description="how it is done in at most one trip")]


class EligibilityRow(msgspec.Struct):
    code: str
    title: str
    status: Literal["eligible", "not_eligible", "need_info"]
    amount: Annotated[
        int | None, Doc(description="yuan; for the loan (amount_per: loan) its ceiling")
    ]
    amount_per: Annotated[
        Literal["once", "year", "month", "loan"] | None, Doc(description="how the amount is paid")
    ]
    reasons: Annotated[list[str], Doc(description="why: a failed condition names its gap")]
    missing: Annotated[list[str], Doc(description="facts whose answers would decide it")]
    manual_checks: Annotated[list[str], Doc(description="what staff or a bank must still check")]
    apply: ApplyCard
    source: Annotated[str, Doc(description="the clause the rule encodes")]
    guess: Annotated[bool, Doc(description="true: part of the rule reads unclear text")]


class EligibilityCheck(msgspec.Struct):
    on: Annotated[str, Doc(description="the day evaluated, YYYY-MM-DD")]
    results: Annotated[list[EligibilityRow], Doc(description="one per measure with rules")]


def eligibility_row(r: Result) -> EligibilityRow:
    a = r.apply
    card = ApplyCard(
        a.get("window"), list(a["documents"]), a.get("time_limit"), a["department"], a["one_trip"]
    )
    return EligibilityRow(
        r.code,
        r.title,
        r.status,
        r.amount,
        r.amount_per,
        r.reasons,
        r.missing,
        r.manual_checks,
        card,
        r.source,
        r.guess,
    )
