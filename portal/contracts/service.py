"""Employment intent contracts (就业意向合同): filled from a worker and a vacancy, numbered, printed,
followed up until the worker is in post (or the intent is cancelled or runs out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import NotFound
from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..jobs.service import month_range
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
    utcnow,
)

NUMBER_PREFIX = "PA"  # 蓬安
LIVE = ("draft", "signed", "reported", "in_post_30", "in_post_90")  # contracts that hold a place
SIGNED = (
    "signed",
    "reported",
    "in_post_30",
    "in_post_90",
    "expired",
)  # signed at some point (see signed_at)
# Where a contract may go from each status, by staff's hand (expiry also comes from the daily sweep).
NEXT: dict[str, tuple[str, ...]] = {
    "draft": ("signed", "cancelled"),
    "signed": ("reported", "cancelled", "expired"),
    "reported": ("in_post_30", "cancelled"),
    "in_post_30": ("in_post_90", "cancelled"),
    "in_post_90": (),
    "cancelled": (),
    "expired": ("reported",),  # came after all: staff record it
}
DAYS_IN_POST = {"in_post_30": 30, "in_post_90": 90}
# The statuses as the county writes them (in messages, the Excel export and the statistics).
LABELS = {
    "draft": "待签字",
    "signed": "已签订",
    "reported": "已报到",
    "in_post_30": "在岗满30天",
    "in_post_90": "在岗满90天",
    "cancelled": "已取消",
    "expired": "已失效",
}


@dataclass(frozen=True)
class ContractForm:
    worker_id: int
    job_id: int
    wage: int
    start_date: dt.date
    position: str
    workplace: str
    event_id: int | None = None
    probation_months: int = 0
    term_days: int = 30
    wage_reason: str = ""
    has_housing: bool | None = None  # None: as the vacancy offers
    has_meals: bool | None = None


def parse_contract_form(raw: dict[str, Any], *, today: dt.date | None = None) -> ContractForm:
    today = today or dt.date.today()
    r = Reader(raw)
    worker_id = r.integer("worker_id", low=1, high=2**31 - 1)
    job_id = r.integer("job_id", low=1, high=2**31 - 1)
    event_id = r.integer("event_id", low=1, high=2**31 - 1, required=False)
    wage = r.integer("wage", low=500, high=100_000)
    start_date = r.date("start_date")
    if start_date is not None and start_date < today:
        r.fail("start_date", N_("The start date cannot be in the past."))
    elif start_date is not None and start_date > today + dt.timedelta(days=366):
        r.fail("start_date", N_("The start date must be within a year."))
    position = r.name("position", max_len=40, required=False)
    workplace = r.text("workplace", max_len=100, required=False)
    probation = r.integer("probation_months", low=0, high=6, required=False) or 0
    term = r.integer("term_days", low=7, high=180, required=False) or 30
    reason = r.text("wage_reason", max_len=100, required=False)
    housing = r.flag("has_housing") if "has_housing" in raw or "has_meals" in raw else None
    meals = r.flag("has_meals") if "has_housing" in raw or "has_meals" in raw else None
    r.done()
    return ContractForm(
        worker_id,
        job_id,
        wage,
        start_date,
        position,
        workplace,
        event_id,
        probation,
        term,
        reason,
        housing,
        meals,
    )


def local_date(moment: dt.datetime) -> dt.date:
    """The day a stored moment fell on here (SQLite gives it back without its UTC zone)."""
    return moment.replace(tzinfo=moment.tzinfo or dt.UTC).astimezone().date()


def workplace_of(job: Job) -> str:
    return (
        f"蓬安县{job.township.name}（{job.employer.name}）"
        if not job.address
        else f"蓬安县{job.township.name}{job.address}"
    )


def event_code(event_id: int) -> str:
    return f"E{event_id:03d}"


class ContractService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, form: ContractForm, staff: User) -> Contract:
        """Fill, number and store a contract; every check runs before anything is written, and the
        number is taken in the same transaction as the contract, so a refusal leaves no gap."""
        worker = await self.session.get(Worker, form.worker_id)
        job = await self.session.get(Job, form.job_id)
        event = await self.session.get(Event, form.event_id) if form.event_id else None
        errors: dict[str, Message] = {}
        if worker is None:
            errors["worker_id"] = Message(N_("No such worker archive."))
        if form.event_id and event is None:
            errors["event_id"] = Message(N_("No such event."))
        if job is None:
            errors["job_id"] = Message(N_("No such vacancy."))
        elif job.status != "published" or job.headcount < 1:
            errors["job_id"] = Message(N_("This vacancy is not open."))
        elif event is not None and not await self._offered_at(event.id, job.id):
            errors["job_id"] = Message(N_("This vacancy is not offered at this event."))
        elif not month_range(job)[0] <= form.wage <= month_range(job)[1] and not form.wage_reason:
            errors["wage"] = (
                Message(  # a contract's wage is monthly: a day rate's range counts as a month
                    N_(
                        "The wage must be within the vacancy's range, %(low)s to %(high)s yuan, or give the reason."
                    ),
                    dict(zip(("low", "high"), month_range(job))),
                )
            )
        if not errors and await self._exists(form.worker_id, form.job_id):
            errors["job_id"] = Message(N_("This worker already has a contract for this vacancy."))
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
        self.session.add(contract)
        try:
            await self.session.flush()
            self.session.add(FollowUp(contract_id=contract.id, status="draft", by_id=staff.id))
            if (
                event is not None
                and await self.session.get(EventAttendee, (event.id, worker.id)) is None
            ):
                self.session.add(EventAttendee(event_id=event.id, worker_id=worker.id))
            await self.session.commit()
        except IntegrityError:
            # Two staff confirmed the same pair at once; the constraint kept one. Nothing else was
            # written, and the number taken rolled back with it.
            await self.session.rollback()
            raise FormError(
                {"job_id": Message(N_("This worker already has a contract for this vacancy."))}
            ) from None
        return await self.get(contract.id)

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
        note = strip_control(note or "").strip()[:200]
        if to not in NEXT.get(contract.status, ()):
            raise FormError(
                {
                    "status": Message(
                        N_("A contract that is %(now)s cannot become %(next)s."),
                        {
                            "now": LABELS.get(contract.status, contract.status),
                            "next": LABELS.get(to, to),
                        },
                    )
                }
            )
        now = utcnow()
        if to == "signed":
            contract.signed_at = now
        elif to == "cancelled":
            if not note:
                raise FormError({"note": Message(N_("Please write why the intent is cancelled."))})
            contract.cancelled_at, contract.cancel_reason = now, note
        elif to == "reported":
            day = self._report_date(contract, on or today, today)
            if contract.status == "expired":
                await self._hold_place(
                    contract.job_id
                )  # its place may have gone to another worker since
            contract.reported_at = day
        elif to in DAYS_IN_POST:
            due = contract.reported_at + dt.timedelta(days=DAYS_IN_POST[to])
            if today < due:
                raise FormError(
                    {
                        "status": Message(
                            N_(
                                "This can be recorded from %(date)s, %(n)s days after reporting for duty."
                            ),
                            {"date": due.isoformat(), "n": DAYS_IN_POST[to]},
                        )
                    }
                )
            setattr(contract, f"{to}_at", now)
        contract.status = to
        self.session.add(FollowUp(contract_id=contract.id, status=to, note=note, by_id=staff.id))
        await self.session.commit()
        return await self.get(contract.id)

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
            for c in await self.session.scalars(select(Contract).where(Contract.status == "signed"))
            if c.start_date + dt.timedelta(days=c.term_days) < today
        ]
        for c in due:
            c.status = "expired"
        await self.session.commit()
        return len(due)
