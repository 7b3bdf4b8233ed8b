"""The business registry as JSON under /api/v1: the same service calls as the pages (see /schema)."""

from __future__ import annotations

import datetime as dt

from litestar import get, post

from ..auth import STAFF, WORKER, roles
from ..models import User
from ..web import body, check_id
from .forms import parse_business, parse_employee, parse_stage, parse_support
from .schemas import (
    BusinessCard,
    BusinessForm,
    EmployeeForm,
    EmployeeRow,
    EmployerLinkForm,
    StageForm,
    SupportForm,
    SupportRow,
)
from .service import BusinessPage, BusinessService

OWNER_OR_STAFF = (*STAFF, *WORKER)  # the service lets a worker act only on their own business


def card(page: BusinessPage) -> BusinessCard:
    b = page.business
    return BusinessCard(
        id=b.id,
        name=b.name,
        owner_worker_id=b.owner_worker_id,
        township_code=b.township_code,
        township=b.township.name,
        industry=b.industry,
        kind=b.kind,
        stage=b.stage,
        registered_on=b.registered_on,
        closed_on=b.closed_on,
        credit_code=b.credit_code,
        in_incubator=b.in_incubator,
        incubator_since=b.incubator_since,
        employer_id=b.employer_id,
        jobs_created=page.jobs_created,
        employees=[
            EmployeeRow(worker_id=e.worker_id, name=e.worker.name, since=e.since)
            for e in page.employees
        ],
        support=[
            SupportRow(
                kind=s.kind, amount=s.amount, on=s.received_on, measure=s.measure_code, note=s.note
            )
            for s in page.support
        ],
        url=f"/businesses/{b.id}",
    )


@post("/api/v1/businesses", opt=roles(*OWNER_OR_STAFF), status_code=201)
async def create(data: BusinessForm, business_service: BusinessService, user: User) -> BusinessCard:
    """403 when a worker names an archive other than their own; 400 with ``errors`` per field."""
    business = await business_service.create(parse_business(body(data), dt.date.today()), user)
    return card(await business_service.page(business.id))


@get("/api/v1/businesses/{business_id:int}", opt=roles(*OWNER_OR_STAFF))
async def show(business_id: int, business_service: BusinessService, user: User) -> BusinessCard:
    return card(await business_service.page(check_id(business_id), user))


@post("/api/v1/businesses/{business_id:int}/employees", opt=roles(*OWNER_OR_STAFF))
async def add_employee(
    business_id: int, data: EmployeeForm, business_service: BusinessService, user: User
) -> BusinessCard:
    worker_id, since = parse_employee(body(data), dt.date.today())
    return card(await business_service.add_employee(check_id(business_id), worker_id, since, user))


@post("/api/v1/businesses/{business_id:int}/support", opt=roles(*STAFF))
async def add_support(
    business_id: int, data: SupportForm, business_service: BusinessService, user: User
) -> BusinessCard:
    fields = parse_support(body(data), dt.date.today())
    return card(await business_service.add_support(check_id(business_id), fields, user))


@post("/api/v1/businesses/{business_id:int}/stage", opt=roles(*OWNER_OR_STAFF))
async def move(
    business_id: int, data: StageForm, business_service: BusinessService, user: User
) -> BusinessCard:
    business = await business_service.move(
        check_id(business_id), parse_stage(body(data), dt.date.today()), user
    )
    return card(await business_service.page(business.id))


@post("/api/v1/businesses/{business_id:int}/employer", opt=roles(*STAFF))
async def link_employer(
    business_id: int, data: EmployerLinkForm, business_service: BusinessService
) -> BusinessCard:
    business = await business_service.link_employer(check_id(business_id), data.employer_id)
    return card(await business_service.page(business.id))


ROUTES = [create, show, add_employee, add_support, move, link_employer]
