"""Returnees' businesses in figures: how many at each stage, where and in what trade; the jobs they
created (people named, not typed numbers); support paid by kind; how many survive 6 and 12 months."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from policies.facts import add_months

from ..businesses.states import Stage
from ..models import Business, BusinessEmployee, BusinessSupport

SURVIVAL_MONTHS = (6, 12)  # the two spans the county's returnee-entrepreneurship reports use


@dataclass
class Survival:
    months: int
    cohort: int = 0  # registered at least ``months`` before the day
    survived: int = 0  # of those, not closed within ``months`` of registering

    @property
    def rate(self) -> float | None:
        return round(self.survived / self.cohort, 3) if self.cohort else None

    def as_dict(self) -> dict:
        return {**self.__dict__, "rate": self.rate}


@dataclass
class BusinessReport:
    on: dt.date
    total: int = 0
    stage: dict[str, int] = field(default_factory=dict)
    township: dict[str, int] = field(default_factory=dict)
    industry: dict[str, int] = field(default_factory=dict)
    jobs_created: int = 0
    support: dict[str, int] = field(default_factory=dict)  # kind -> 元 paid or lent
    survival: list[Survival] = field(default_factory=list)

    def as_dict(self) -> dict:
        rows = {
            dim: [{"name": k, "count": n} for k, n in getattr(self, dim).items()]
            for dim in ("stage", "township", "industry")
        }
        return {
            "on": self.on,
            "total": self.total,
            **rows,
            "jobs_created": self.jobs_created,
            "support": [{"kind": k, "amount": n} for k, n in self.support.items()],
            "support_total": sum(self.support.values()),
            "survival": [s.as_dict() for s in self.survival],
        }


def survival(businesses: list[Business], months: int, on: dt.date) -> Survival:
    """Of businesses registered at least ``months`` before ``on``, the share not closed by then."""
    tally = Survival(months)
    for b in businesses:
        if b.registered_on is None or add_months(b.registered_on, months) > on:
            continue
        tally.cohort += 1
        tally.survived += b.closed_on is None or b.closed_on >= add_months(b.registered_on, months)
    return tally


def _largest_first(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


async def business_report(session: AsyncSession, on: dt.date) -> BusinessReport:
    businesses = list(await session.scalars(select(Business).order_by(Business.id)))
    report = BusinessReport(on=on, total=len(businesses))
    report.stage = {s.value: sum(b.stage == s for b in businesses) for s in Stage}
    report.township = _largest_first(Counter(b.township.name for b in businesses))
    report.industry = _largest_first(Counter(b.industry for b in businesses))
    report.jobs_created = await session.scalar(select(func.count(BusinessEmployee.id))) or 0
    paid = await session.execute(
        select(BusinessSupport.kind, func.sum(BusinessSupport.amount)).group_by(
            BusinessSupport.kind
        )
    )
    report.support = {kind: int(total or 0) for kind, total in paid.all()}
    report.survival = [survival(businesses, m, on) for m in SURVIVAL_MONTHS]
    return report
