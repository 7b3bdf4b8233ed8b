"""The registry of returnees' businesses: every write, and the reads the pages and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure

from ..auth import STAFF
from ..eligibility.service import find_people
from ..errors import NotAllowed, NotFound
from ..forms import FormError, Message
from ..i18n import N_
from ..models import Business, BusinessEmployee, BusinessSupport, Employer, Job, User, Worker
from ..web import MAX_ID
from . import states
from .facts import latest_business
from .states import Stage

PAGE_SIZE = 100


def _refuse(field: str, msgid: str, **params: Any) -> FormError:
    return FormError({field: Message(msgid, params)})


@dataclass
class BusinessPage:
    business: Business
    employees: list[BusinessEmployee]
    support: list[BusinessSupport]

    @property
    def jobs_created(self) -> int:
        """People named as employees; the owner is never one of them."""
        return len(self.employees)


class BusinessService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _worker(self, worker_id: int | None, field: str) -> Worker:
        worker = await self.session.get(Worker, worker_id) if worker_id else None
        if worker is None:
            raise _refuse(field, N_("There is no worker archive with this number."))
        return worker

    async def worker_by_phone(self, phone: str, field: str) -> Worker:
        """The archive a page's phone box names (staff type the phone, not an archive number)."""
        worker = await self.session.scalar(select(Worker).where(Worker.phone == phone))
        if worker is None:
            raise _refuse(field, N_("No worker archive has this phone number."))
        return worker

    async def get(self, business_id: int, user: User | None = None) -> Business:
        """The business, if ``user`` (when given) is staff or its owner: others are told it is not there."""
        business = await self.session.get(Business, business_id, populate_existing=True)
        if business is None or (user is not None and not self.may_manage(user, business)):
            raise NotFound
        return business

    @staticmethod
    def may_manage(user: User, business: Business) -> bool:
        owner = business.owner
        return user.role in STAFF or (owner is not None and owner.user_id == user.id)

    async def create(self, fields: dict[str, Any], actor: User) -> Business:
        """Staff register anyone's business; a worker only their own (owner = their archive)."""
        owner = await self._worker(fields["owner_worker_id"], "owner_worker_id")
        if actor.role not in STAFF and owner.user_id != actor.id:
            raise NotAllowed
        await self._free_code(fields["credit_code"])
        business = Business(**fields)
        business.employer_id = await self._employer_of(business)
        self.session.add(business)
        return await self._save(business)

    async def _free_code(self, code: str | None, business_id: int | None = None) -> None:
        if code is None:
            return
        other = await self.session.scalar(select(Business.id).where(Business.credit_code == code))
        if other is not None and other != business_id:
            raise _refuse("credit_code", N_("Another business is registered with this code."))

    async def _employer_of(self, business: Business) -> int | None:
        """A licensed business whose code an employer account has owns that account."""
        if (
            business.employer_id
            or not business.credit_code
            or not states.is_licensed(business.stage)
        ):
            return business.employer_id
        taken = select(Business.employer_id).where(Business.employer_id.is_not(None))
        return await self.session.scalar(
            select(Employer.id).where(
                Employer.credit_code == business.credit_code, Employer.id.not_in(taken)
            )
        )

    async def _save(self, business: Business) -> Business:
        try:
            await self.session.commit()
        except IntegrityError:
            await self.session.rollback()
            raise _refuse(
                "credit_code", N_("Another business is registered with this code.")
            ) from None
        await self._recheck(business)
        return business

    async def _recheck(self, business: Business) -> None:
        """政策找人 for the owner at once: a new stage, employee or subsidy may change what applies."""
        if business.owner_worker_id is not None:
            await find_people(self.session, dt.date.today(), worker_ids=[business.owner_worker_id])

    async def page(self, business_id: int, user: User | None = None) -> BusinessPage:
        business = await self.get(business_id, user)
        employees = await self.session.scalars(
            select(BusinessEmployee)
            .where(BusinessEmployee.business_id == business.id)
            .order_by(BusinessEmployee.since, BusinessEmployee.id)
            .execution_options(populate_existing=True)
        )
        support = await self.session.scalars(
            select(BusinessSupport)
            .where(BusinessSupport.business_id == business.id)
            .order_by(BusinessSupport.received_on, BusinessSupport.id)
        )
        return BusinessPage(business, list(employees), list(support))

    async def add_employee(
        self, business_id: int, worker_id: int, since: dt.date, actor: User
    ) -> BusinessPage:
        """Name a person the business employs (staff or the owner): once each, never the owner."""
        business = await self.get(business_id, actor)
        if not states.is_open(business.stage):
            raise _refuse("worker_id", N_("This business is closed."))
        worker = await self._worker(worker_id, "worker_id")
        if worker.id == business.owner_worker_id:
            raise _refuse("worker_id", N_("The owner is not counted as an employee."))
        known = await self.session.scalar(
            select(BusinessEmployee.id).where(
                BusinessEmployee.business_id == business.id, BusinessEmployee.worker_id == worker.id
            )
        )
        if known is not None:
            raise _refuse("worker_id", N_("This person is already listed as an employee."))
        self.session.add(
            BusinessEmployee(business_id=business.id, worker_id=worker.id, since=since)
        )
        try:
            await self.session.commit()
        except IntegrityError:  # the same person added twice at once
            await self.session.rollback()
            raise _refuse(
                "worker_id", N_("This person is already listed as an employee.")
            ) from None
        await self._recheck(business)
        return await self.page(business.id)

    async def add_support(
        self, business_id: int, fields: dict[str, Any], actor: User
    ) -> BusinessPage:
        """Record support paid or lent (staff): a measure named must be one of the catalogue's."""
        business = await self.get(business_id)
        code = fields["measure_code"]
        if (
            code
            and await self.session.scalar(select(Measure.id).where(Measure.code == code)) is None
        ):
            raise _refuse("measure", N_("There is no measure with this code."))
        self.session.add(BusinessSupport(business_id=business.id, created_by_id=actor.id, **fields))
        await self.session.commit()
        await self._recheck(business)
        return await self.page(business.id)

    async def move(self, business_id: int, fields: dict[str, Any], actor: User) -> Business:
        """Move to another stage (staff or the owner) along ``states.NEXT``."""
        business = await self.get(business_id, actor)
        to = fields["stage"]
        if not states.can_move(business.stage, to):
            raise _refuse("stage", N_("A business cannot move from this stage to that one."))
        if fields["credit_code"]:
            await self._free_code(fields["credit_code"], business.id)
            business.credit_code = fields["credit_code"]
        business.registered_on = fields["registered_on"] or business.registered_on
        if states.needs_registration_date(to) and business.registered_on is None:
            raise _refuse(
                "registered_on", N_("A registered business needs the date on its licence.")
            )
        if to == Stage.CLOSED:
            if business.registered_on and fields["closed_on"] < business.registered_on:
                raise _refuse("closed_on", N_("A business cannot close before it was registered."))
            business.closed_on = fields["closed_on"]
        business.stage = to
        business.employer_id = await self._employer_of(business)
        return await self._save(business)

    async def link_employer(self, business_id: int, employer_id: int) -> Business:
        """Staff say which employer account a licensed business posts its vacancies under."""
        business = await self.get(business_id)
        if not states.is_licensed(business.stage):
            raise _refuse(
                "employer_id", N_("Only a registered business can own an employer account.")
            )
        if not 1 <= employer_id <= MAX_ID or await self.session.get(Employer, employer_id) is None:
            raise _refuse("employer_id", N_("There is no employer with this number."))
        owner = await self.session.scalar(
            select(Business.id).where(Business.employer_id == employer_id)
        )
        if owner is not None and owner != business.id:
            raise _refuse("employer_id", N_("Another business already owns this employer account."))
        business.employer_id = employer_id
        return await self._save(business)

    async def of_worker(self, worker_id: int) -> Business | None:
        """The worker's latest business that is not closed."""
        return await latest_business(self.session, worker_id)

    async def search(
        self, stage: str = "", township: str = "", industry: str = ""
    ) -> list[tuple[Business, int]]:
        """Staff's list, newest first, with each business's named employees."""
        employees = (
            select(func.count(BusinessEmployee.id))
            .where(BusinessEmployee.business_id == Business.id)
            .scalar_subquery()
        )
        query = select(Business, employees).order_by(Business.id.desc()).limit(PAGE_SIZE)
        if stage:
            query = query.where(Business.stage == stage)
        if township:
            query = query.where(Business.township_code == township)
        if industry:
            query = query.where(Business.industry == industry)
        return [(b, n) for b, n in (await self.session.execute(query)).all()]


async def returnee_job_ids(session: AsyncSession, job_ids: list[int]) -> set[int]:
    """Which of these vacancies a licensed returnee business posted (they carry "返乡创业企业")."""
    if not job_ids:
        return set()
    owners = select(Business.employer_id).where(
        Business.stage.in_(states.LICENSED), Business.employer_id.is_not(None)
    )
    found = await session.scalars(
        select(Job.id).where(Job.id.in_(job_ids), Job.employer_id.in_(owners))
    )
    return set(found)


async def provide_business_service(db_session: AsyncSession) -> BusinessService:
    return BusinessService(db_session)
