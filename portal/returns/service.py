"""Plans to come home: recorded by the worker or by staff, read per township and trade before the
spring fairs (春风行动) with the open vacancies that fit each person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import matching

from ..models import Job, ReturnPlan, User, Worker, utcnow
from ..runtime import Runtime
from ..vocabulary.service import Vocabulary
from ..workers.form import SKILL_SURE

BOARD_MAX = 300  # plans on one board; each is matched, so a county-wide list is filtered first
JOBS_EACH = 3  # vacancies shown beside each person


@dataclass
class Returnee:
    plan: ReturnPlan
    jobs: list[tuple[Job, matching.MatchScore]]


@dataclass
class Group:
    """The people coming home to one township for one trade, soonest first."""

    township: str
    trade: str
    people: list[Returnee] = field(default_factory=list)


class ReturnService:
    def __init__(self, session: AsyncSession, vocabulary: Vocabulary | None = None) -> None:
        self.session, self.vocabulary = session, vocabulary

    async def of_worker(self, worker_id: int) -> ReturnPlan | None:
        return await self.session.scalar(
            select(ReturnPlan).where(ReturnPlan.worker_id == worker_id)
        )

    async def _trade_code(self, work: str, worker: Worker) -> str:
        """The sure reading of the work they want, else the trade of their first read skill."""
        trades = await self.vocabulary.trades() if self.vocabulary else None
        best = trades.classify(work, limit=1) if trades and work else []
        if best and best[0].confidence >= SKILL_SURE:
            return best[0].code
        return next((s.trade_code for s in worker.skills if s.trade_code), "")

    async def record(self, worker: Worker, fields: dict[str, Any], by: User) -> ReturnPlan:
        """The worker's plan, replacing the one before (a person comes home once a season)."""
        plan = await self.of_worker(worker.id)
        if plan is None:
            plan = ReturnPlan(worker_id=worker.id)
            self.session.add(plan)
        plan.month, plan.work = fields["month"], fields["work"]
        plan.township_code = fields["township_code"]
        plan.trade_code = await self._trade_code(plan.work, worker)
        plan.noted_by_id, plan.at = by.id, utcnow()
        await self.session.commit()
        return await self.session.get(ReturnPlan, plan.id, populate_existing=True)

    async def plans(
        self, township: str = "", start: dt.date | None = None, end: dt.date | None = None
    ) -> list[ReturnPlan]:
        """Plans from ``start`` to ``end`` (months, inclusive), soonest first."""
        query = select(ReturnPlan).order_by(ReturnPlan.month, ReturnPlan.id).limit(BOARD_MAX)
        if township:
            query = query.where(ReturnPlan.township_code == township)
        if start:
            query = query.where(ReturnPlan.month >= start)
        if end:
            query = query.where(ReturnPlan.month <= end)
        return list(await self.session.scalars(query))

    async def trade_name(self, plan: ReturnPlan) -> str:
        trades = await self.vocabulary.trades() if self.vocabulary else None
        occupation = trades.by_code.get(plan.trade_code) if trades and plan.trade_code else None
        return occupation.name if occupation else plan.work

    async def board(self, plans: list[ReturnPlan], jobs_for: Any) -> list[Group]:
        """Per township and trade, who is coming home when, each with the vacancies that fit them
        (``jobs_for(worker, n)``: the matcher's best open jobs for the archive)."""
        groups: dict[tuple[str, str], Group] = {}
        for plan in plans:
            key = (plan.township.name, await self.trade_name(plan))
            group = groups.setdefault(key, Group(*key))
            group.people.append(Returnee(plan, await jobs_for(plan.worker, JOBS_EACH)))
        return sorted(groups.values(), key=lambda g: (g.township, -len(g.people), g.trade))


async def provide_return_service(db_session: AsyncSession, runtime: Runtime) -> ReturnService:
    return ReturnService(db_session, runtime.vocabulary)
