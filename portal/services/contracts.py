"""Employment intent contracts (就业意向合同): filled from a worker and a vacancy, numbered, printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..forms import FormError, Message, Reader
from ..i18n import N_
from ..models import Contract, ContractCounter, Job, User, Worker
from .jobs import NotFound

NUMBER_PREFIX = "PA"  # 蓬安


@dataclass(frozen=True)
class ContractForm:
    worker_id: int
    job_id: int
    wage: int
    start_date: dt.date
    position: str
    workplace: str


def parse_contract_form(raw: dict[str, Any], *, today: dt.date | None = None) -> ContractForm:
    today = today or dt.date.today()
    r = Reader(raw)
    worker_id = r.integer("worker_id", low=1, high=2**31 - 1)
    job_id = r.integer("job_id", low=1, high=2**31 - 1)
    wage = r.integer("wage", low=500, high=100_000)
    start_date = r.date("start_date")
    if start_date is not None and start_date < today:
        r.fail("start_date", N_("The start date cannot be in the past."))
    elif start_date is not None and start_date > today + dt.timedelta(days=366):
        r.fail("start_date", N_("The start date must be within a year."))
    position = r.text("position", max_len=40, required=False)
    workplace = r.text("workplace", max_len=100, required=False)
    r.done()
    return ContractForm(worker_id, job_id, wage, start_date, position, workplace)


def workplace_of(job: Job) -> str:
    return f"蓬安县{job.township.name}（{job.employer.name}）"


class ContractService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, form: ContractForm, staff: User) -> Contract:
        """Fill, number and store a contract; every check runs before anything is written."""
        worker = await self.session.get(Worker, form.worker_id)
        job = await self.session.get(Job, form.job_id)
        errors: dict[str, Message] = {}
        if worker is None:
            errors["worker_id"] = Message(N_("No such worker archive."))
        if job is None:
            errors["job_id"] = Message(N_("No such vacancy."))
        elif job.status != "published" or job.headcount < 1:
            errors["job_id"] = Message(N_("This vacancy is not open."))
        elif not job.wage_min <= form.wage <= job.wage_max:
            errors["wage"] = Message(
                N_("The wage must be within the vacancy's range, %(low)s to %(high)s yuan."),
                {"low": job.wage_min, "high": job.wage_max},
            )
        if not errors and await self._exists(form.worker_id, form.job_id):
            errors["job_id"] = Message(N_("This worker already has a contract for this vacancy."))
        if errors:
            raise FormError(errors)
        contract = Contract(
            number=await self._next_number(dt.date.today().year),  # the year it is issued
            worker_id=worker.id,
            job_id=job.id,
            position=form.position or job.title,
            wage=form.wage,
            workplace=form.workplace or workplace_of(job),
            start_date=form.start_date,
            has_housing=job.has_housing,
            has_meals=job.has_meals,
            created_by_id=staff.id,
        )
        self.session.add(contract)
        try:
            await self.session.commit()
        except IntegrityError:
            # Two staff confirmed the same pair at once; the constraint kept one. Nothing else was written.
            await self.session.rollback()
            raise FormError({"job_id": Message(N_("This worker already has a contract for this vacancy."))}) from None
        return await self.get(contract.id)

    async def _exists(self, worker_id: int, job_id: int) -> bool:
        query = select(Contract.id).where(Contract.worker_id == worker_id, Contract.job_id == job_id)
        return await self.session.scalar(query) is not None

    async def _next_number(self, year: int) -> str:
        """PA2026-000042: the year's next number, from one atomic UPDATE ... RETURNING (no races)."""
        insert = pg_insert if self.session.bind.dialect.name == "postgresql" else sqlite_insert
        await self.session.execute(
            insert(ContractCounter).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"])
        )
        seq = await self.session.scalar(
            update(ContractCounter)
            .where(ContractCounter.year == year)
            .values(last=ContractCounter.last + 1)
            .returning(ContractCounter.last)
        )
        return f"{NUMBER_PREFIX}{year}-{seq:06d}"

    async def get(self, contract_id: int) -> Contract:
        contract = await self.session.get(Contract, contract_id, populate_existing=True)
        if contract is None:
            raise NotFound
        return contract

    async def of_worker(self, worker_id: int) -> list[Contract]:
        query = select(Contract).where(Contract.worker_id == worker_id).order_by(Contract.id.desc())
        return list(await self.session.scalars(query))
