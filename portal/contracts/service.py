"""Employment intent contracts (就业意向合同): filled from a worker and a vacancy, numbered, printed,
followed up until the worker is in post (or the intent is cancelled or runs out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import NotFound
from ..forms import FormError, Message, strip_control
from ..i18n import N_
from ..inbox import service as inbox
from ..jobs import states as job_states
from ..jobs.service import JobService, month_range
from ..models import (
    Contract,
    ContractCounter,
    Event,
    EventAttendee,
    EventJob,
    FollowUp,
    Job,
    User,
    Worker,
    local_date,
    utcnow,
)
from ..workers.service import WorkerService
from . import states
from .forms import (
    DRAFT_LEAD_DAYS,
    DRAFT_TERM_DAYS,
    LIMITS,
    ContractForm,
    parse_contract_form,
    record_id,
)
from .states import DAYS_IN_POST, LIVE, ContractStatus, label_zh

NUMBER_PREFIX = "PA"  # 蓬安
# The form and its reader live in forms.py; callers (tests, scripts) still import them from here.
__all__ = ["ContractForm", "ContractService", "parse_contract_form", "provide_contract_service"]


@dataclass
class Draft:
    """What a new contract starts from: the worker's and the vacancy's records, as form values."""

    worker: Worker
    job: Job
    event: Event | None
    values: dict[str, Any] = field(default_factory=dict)


def draft_values(worker: Worker, job: Job, event: Event | None, today: dt.date) -> dict[str, Any]:
    """The contract's first values: the later of next week, the worker's and the vacancy's start;
    the worker's expected wage within the vacancy's monthly range."""
    start = max(
        today + dt.timedelta(days=DRAFT_LEAD_DAYS),
        worker.available_from or dt.date.min,
        job.start_date or dt.date.min,
    )
    low, high = month_range(job)  # the contract states a monthly wage, whatever the vacancy's unit
    return {
        "worker_id": worker.id,
        "job_id": job.id,
        "event_id": event.id if event else "",
        "wage": min(max(worker.expected_wage, low), high),
        "start_date": start.isoformat(),
        "position": job.title,
        "workplace": workplace_of(job),
        "probation_months": 0,
        "term_days": DRAFT_TERM_DAYS,
        "has_housing": job.has_housing,
        "has_meals": job.has_meals,
        "wage_reason": "",
    }


def workplace_of(job: Job) -> str:
    return (
        f"蓬安县{job.township.name}（{job.employer.name}）"
        if not job.address
        else f"蓬安县{job.township.name}{job.address}"
    )


def event_code(event_id: int) -> str:
    return f"E{event_id:03d}"


async def provide_contract_service(db_session: AsyncSession) -> ContractService:
    return ContractService(db_session)


class ContractService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def draft(self, worker_id: Any, job_id: Any, event_id: Any, user: User) -> Draft:
        """A new contract's form, from the ids in the query or the form sent back; an id that
        names no record (or is no id) is not found."""
        worker = await WorkerService(self.session).get(record_id(worker_id))
        job = await JobService(self.session).visible(record_id(job_id), user)
        event = None
        if event_id not in (None, ""):
            event = await self.session.get(Event, record_id(event_id))
            if event is None:
                raise NotFound
        return Draft(worker, job, event, draft_values(worker, job, event, dt.date.today()))

    async def create(self, form: ContractForm, staff: User) -> Contract:
        """Fill, number and store a contract; every check runs before anything is written, and the
        number is taken in the same transaction as the contract, so a refusal leaves no gap."""
        worker = await self.session.get(Worker, form.worker_id)
        job = await self.session.get(Job, form.job_id)
        event = await self.session.get(Event, form.event_id) if form.event_id else None
        errors = await self._refusals(form, worker, job, event)
        if errors:
            raise FormError(errors)
        await self._hold_place(job.id)
        seq, number = await self._next_number(event)
        contract = Contract(
            number=number,
            seq=seq,
            event_id=event.id if event else None,
            worker_id=worker.id,
            job_id=job.id,
            position=form.position or job.title,
            wage=form.wage,
            workplace=form.workplace or workplace_of(job),
            start_date=form.start_date,
            has_housing=job.has_housing if form.has_housing is None else form.has_housing,
            has_meals=job.has_meals if form.has_meals is None else form.has_meals,
            probation_months=form.probation_months,
            term_days=form.term_days,
            wage_reason=form.wage_reason,
            created_by_id=staff.id,
        )
        await self._store(contract, event, staff)
        return await self.get(contract.id)

    async def _refusals(
        self, form: ContractForm, worker: Worker | None, job: Job | None, event: Event | None
    ) -> dict[str, Message]:
        errors: dict[str, Message] = {}
        if worker is None:
            errors["worker_id"] = Message(N_("No such worker archive."))
        if form.event_id and event is None:
            errors["event_id"] = Message(N_("No such event."))
        if job is None:
            errors["job_id"] = Message(N_("No such vacancy."))
        elif not job_states.is_public(job.status) or job.headcount < 1:
            errors["job_id"] = Message(N_("This vacancy is not open."))
        elif event is not None and not await self._offered_at(event.id, job.id):
            errors["job_id"] = Message(N_("This vacancy is not offered at this event."))
        elif not month_range(job)[0] <= form.wage <= month_range(job)[1] and not form.wage_reason:
            # A contract's wage is monthly: a day rate's range counts as a month.
            wage = N_(
                "The wage must be within the vacancy's range, %(low)s to %(high)s yuan, or give the reason."
            )
            errors["wage"] = Message(wage, dict(zip(("low", "high"), month_range(job))))
        if not errors and await self._exists(form.worker_id, form.job_id):
            errors["job_id"] = Message(N_("This worker already has a contract for this vacancy."))
        return errors

    async def _store(self, contract: Contract, event: Event | None, staff: User) -> None:
        self.session.add(contract)
        try:
            await self.session.flush()
            self.session.add(
                FollowUp(contract_id=contract.id, status=ContractStatus.DRAFT, by_id=staff.id)
            )
            attended = EventAttendee, (contract.event_id, contract.worker_id)
            if event is not None and await self.session.get(*attended) is None:
                self.session.add(EventAttendee(event_id=event.id, worker_id=contract.worker_id))
            await self.session.commit()
        except IntegrityError:
            # Two staff confirmed the same pair at once; the constraint kept one. Nothing else was
            # written, and the number taken rolled back with it.
            await self.session.rollback()
            raise FormError(
                {"job_id": Message(N_("This worker already has a contract for this vacancy."))}
            ) from None

    async def _exists(self, worker_id: int, job_id: int) -> bool:
        query = select(Contract.id).where(
            Contract.worker_id == worker_id, Contract.job_id == job_id
        )
        return await self.session.scalar(query) is not None

    async def _hold_place(self, job_id: int) -> None:
        """Take the vacancy's row, then count its places: parallel confirmations queue on the row (a
        write, so SQLite too takes its one write lock here, before the count) and each counts the
        contracts of those before it. A full vacancy is refused with nothing written."""
        headcount = await self.session.scalar(
            update(Job)
            .where(Job.id == job_id)
            .values(headcount=Job.headcount, updated_at=Job.updated_at)
            .returning(Job.headcount)
            .execution_options(synchronize_session=False)
        )
        if await self._taken(job_id) >= headcount:
            await self.session.rollback()
            full = N_("This vacancy is full: all %(n)s places have intent contracts.")
            raise FormError({"job_id": Message(full, {"n": headcount})})

    async def _taken(self, job_id: int) -> int:
        return (
            await self.session.scalar(
                select(func.count()).where(Contract.job_id == job_id, Contract.status.in_(LIVE))
            )
            or 0
        )

    async def _offered_at(self, event_id: int, job_id: int) -> bool:
        return await self.session.get(EventJob, (event_id, job_id)) is not None

    async def _next_number(self, event: Event | None) -> tuple[int, str]:
        """PA2026-E007-0042 within an event, PA2026-000042 otherwise: one atomic UPDATE ... RETURNING,
        which holds the row until this transaction ends, so parallel tables queue and get 1, 2, 3 ..."""
        if event is not None:
            seq = await self.session.scalar(
                update(Event)
                .where(Event.id == event.id)
                .values(last_seq=Event.last_seq + 1)
                .returning(Event.last_seq)
            )
            return seq, f"{NUMBER_PREFIX}{event.held_on.year}-{event_code(event.id)}-{seq:04d}"
        year = dt.date.today().year  # the year it is issued
        insert = pg_insert if self.session.bind.dialect.name == "postgresql" else sqlite_insert
        await self.session.execute(
            insert(ContractCounter)
            .values(year=year, last=0)
            .on_conflict_do_nothing(index_elements=["year"])
        )
        seq = await self.session.scalar(
            update(ContractCounter)
            .where(ContractCounter.year == year)
            .values(last=ContractCounter.last + 1)
            .returning(ContractCounter.last)
        )
        return seq, f"{NUMBER_PREFIX}{year}-{seq:06d}"

    async def get(self, contract_id: int) -> Contract:
        contract = await self.session.get(Contract, contract_id, populate_existing=True)
        if contract is None:
            raise NotFound
        return contract

    async def find(self, contract_id: int | None) -> Contract | None:
        """The contract, or None where a public page must say "not on record" rather than 404."""
        if contract_id is None:
            return None
        return await self.session.get(Contract, contract_id, populate_existing=True)

    async def of_user(self, user_id: int) -> list[Contract]:
        """A worker's own contracts (none for an account with no archive yet)."""
        worker = await WorkerService(self.session).of_user(user_id)
        return await self.of_worker(worker.id) if worker else []

    async def of_worker(self, worker_id: int) -> list[Contract]:
        query = select(Contract).where(Contract.worker_id == worker_id).order_by(Contract.id.desc())
        return list(await self.session.scalars(query))

    async def of_event(self, event_id: int) -> list[Contract]:
        query = select(Contract).where(Contract.event_id == event_id).order_by(Contract.seq)
        return list(await self.session.scalars(query))

    async def history(self, contract_id: int) -> list[FollowUp]:
        query = (
            select(FollowUp)
            .where(FollowUp.contract_id == contract_id)
            .order_by(FollowUp.at, FollowUp.id)
        )
        return list(await self.session.scalars(query))

    async def advance(
        self,
        contract_id: int,
        staff: User,
        to: str,
        note: str = "",
        *,
        on: dt.date | None = None,
        today: dt.date | None = None,
    ) -> Contract:
        """Record the next step of a contract's life; a step out of order is refused with a message."""
        today = today or dt.date.today()
        contract = await self.get(contract_id)
        note = strip_control(note or "").strip()[: LIMITS["note"]]
        if not states.can_move(contract.status, to):
            refused = N_("A contract that is %(now)s cannot become %(next)s.")
            names = {"now": label_zh(contract.status), "next": label_zh(to)}
            raise FormError({"status": Message(refused, names)})
        await self._step(contract, to, note, on or today, today)
        contract.status = to
        self.session.add(FollowUp(contract_id=contract.id, status=to, note=note, by_id=staff.id))
        inbox.tell_contract(self.session, contract, to)
        await self.session.commit()
        return await self.get(contract.id)

    async def _step(
        self, contract: Contract, to: str, note: str, on: dt.date, today: dt.date
    ) -> None:
        """What each step records on the contract, once its own rule is met."""
        now = utcnow()
        if to == ContractStatus.SIGNED:
            contract.signed_at = now
        elif to == ContractStatus.CANCELLED:
            if not note:
                raise FormError({"note": Message(N_("Please write why the intent is cancelled."))})
            contract.cancelled_at, contract.cancel_reason = now, note
        elif to == ContractStatus.REPORTED:
            day = self._report_date(contract, on, today)
            if contract.status == ContractStatus.EXPIRED:
                await self._hold_place(contract.job_id)  # its place may have gone to another since
            contract.reported_at = day
        elif to in DAYS_IN_POST:
            self._check_days_in_post(contract, to, today)
            setattr(contract, f"{to}_at", now)

    @staticmethod
    def _check_days_in_post(contract: Contract, to: str, today: dt.date) -> None:
        due = contract.reported_at + dt.timedelta(days=DAYS_IN_POST[to])
        if today < due:
            early = N_("This can be recorded from %(date)s, %(n)s days after reporting for duty.")
            params = {"date": due.isoformat(), "n": DAYS_IN_POST[to]}
            raise FormError({"status": Message(early, params)})

    @staticmethod
    def _report_date(contract: Contract, day: dt.date, today: dt.date) -> dt.date:
        """A report for duty from the signing day to today: a date outside would count the 30 and
        90 days in post from a day the worker was not there, and the statistics with them."""
        if day > today:
            raise FormError({"on": Message(N_("The date cannot be in the future."))})
        signed = local_date(contract.signed_at or contract.created_at)
        if day < signed:
            early = N_(
                "The worker cannot report for duty before the contract was signed on %(date)s."
            )
            raise FormError({"on": Message(early, {"date": signed.isoformat()})})
        return day

    async def expire_due(self, today: dt.date | None = None) -> int:
        """Signed intents whose worker never reported before start date + term: expired."""
        today = today or dt.date.today()
        due = [
            c
            for c in await self.session.scalars(
                select(Contract).where(Contract.status == ContractStatus.SIGNED)
            )
            if c.start_date + dt.timedelta(days=c.term_days) < today
        ]
        for c in due:
            c.status = ContractStatus.EXPIRED
            inbox.tell_contract(self.session, c, ContractStatus.EXPIRED)
        await self.session.commit()
        return len(due)
