"""The registry's pages: staff's list and form, a business's page for staff and its owner, the
worker's own business from /me, and the public entrepreneurship page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure

from ..auth import STAFF, WORKER, public, roles
from ..errors import NotAllowed
from ..forms import FormError, Message
from ..htmx import page_or_partial
from ..i18n import N_
from ..models import User
from ..reference import INDUSTRIES, townships
from ..security import clean_phone
from ..web import check_id, errors_for, form_data
from ..workers.service import WorkerService
from . import states
from .forms import LIMITS, parse_business, parse_employee, parse_stage, parse_support
from .service import BusinessPage, BusinessService

OWNER_OR_STAFF = (*STAFF, *WORKER)
ENTREPRENEURSHIP_MEASURES = ("M12", "M13", "M14")  # loan, start-up subsidy, the park's rent


def _choices() -> dict[str, Any]:
    return {
        "townships": townships(),
        "industries": INDUSTRIES,
        "industry_labels": {i.key: i.label for i in INDUSTRIES},
        "kinds": states.KINDS,
        "stage_labels": states.LABELS,
        "start_stages": states.START,
        "support_kinds": states.SUPPORT_KINDS,
        "limits": LIMITS,
    }


@get("/businesses", opt=roles(*STAFF))
async def index(request: Request, business_service: BusinessService) -> Template:
    """Filters by stage, township and industry; htmx gets the rows alone."""
    params = request.query_params
    chosen = {
        "stage": params.get("stage") if params.get("stage") in tuple(states.Stage) else "",
        "township": params.get("township") if params.get("township") in _codes() else "",
        "industry": params.get("industry") if params.get("industry") in _industries() else "",
    }
    context = {**_choices(), "chosen": chosen, "rows": await business_service.search(**chosen)}
    return page_or_partial(request, "businesses/index.html", "businesses/_rows.html", context)


def _codes() -> set[str]:
    return {t.code for t in townships()}


def _industries() -> set[str]:
    return {i.key for i in INDUSTRIES}


def _form(values: dict, errors: dict, mode: str, status_code: int = 200) -> Template:
    """``mode``: staff (the owner is typed by phone) or self (the worker's own business)."""
    action = "/businesses" if mode == "staff" else "/me/business"
    context = {**_choices(), "values": values, "errors": errors, "mode": mode, "action": action}
    return Template("businesses/new.html", context=context, status_code=status_code)


@get("/businesses/new", opt=roles(*STAFF))
async def new() -> Template:
    return _form({"stage": "registered"}, {}, "staff")


async def _owner_id(service: BusinessService, data: dict[str, Any]) -> int:
    phone = clean_phone(data.get("owner_phone") or "")
    if phone is None:
        raise FormError({"owner_phone": Message(N_("Please enter an 11-digit mobile number."))})
    return (await service.worker_by_phone(phone, "owner_phone")).id


@post("/businesses", opt=roles(*STAFF))
async def create(
    request: Request, business_service: BusinessService, user: User
) -> Template | Redirect:
    data = await form_data(request)
    try:
        owner = await _owner_id(business_service, data)
        fields = parse_business({**data, "owner_worker_id": owner}, dt.date.today())
        business = await business_service.create(fields, user)
    except FormError as exc:
        return _form(data, errors_for(request, exc), "staff", 400)
    return Redirect(path=f"/businesses/{business.id}")


def _show(
    page: BusinessPage, user: User, errors: dict | None = None, status: int = 200
) -> Template:
    b = page.business
    context = {
        **_choices(),
        "page": page,
        "b": b,
        "is_staff": user.role in STAFF,
        "next_stages": states.NEXT[states.Stage(b.stage)],
        "errors": errors or {},
    }
    return Template("businesses/show.html", context=context, status_code=status)


@get("/businesses/{business_id:int}", opt=roles(*OWNER_OR_STAFF))
async def show(business_id: int, business_service: BusinessService, user: User) -> Template:
    return _show(await business_service.page(check_id(business_id), user), user)


@post("/businesses/{business_id:int}/employees", opt=roles(*OWNER_OR_STAFF))
async def add_employee(
    request: Request, business_id: int, business_service: BusinessService, user: User
) -> Template | Redirect:
    """Staff and owners name an employee by the phone on their archive."""
    data = await form_data(request)
    try:
        phone = clean_phone(data.get("phone") or "")
        if phone is None:
            raise FormError({"phone": Message(N_("Please enter an 11-digit mobile number."))})
        worker = await business_service.worker_by_phone(phone, "phone")
        _id, since = parse_employee({"worker_id": worker.id, "since": data.get("since")}, _today())
        await business_service.add_employee(check_id(business_id), worker.id, since, user)
    except FormError as exc:
        page = await business_service.page(check_id(business_id), user)
        return _show(page, user, errors_for(request, exc), 400)
    return Redirect(path=f"/businesses/{business_id}#employees")


def _today() -> dt.date:
    return dt.date.today()


@post("/businesses/{business_id:int}/support", opt=roles(*STAFF))
async def add_support(
    request: Request, business_id: int, business_service: BusinessService, user: User
) -> Template | Redirect:
    data = await form_data(request)
    try:
        fields = parse_support(data, _today())
        await business_service.add_support(check_id(business_id), fields, user)
    except FormError as exc:
        page = await business_service.page(check_id(business_id), user)
        return _show(page, user, errors_for(request, exc), 400)
    return Redirect(path=f"/businesses/{business_id}#support")


@post("/businesses/{business_id:int}/stage", opt=roles(*OWNER_OR_STAFF))
async def move(
    request: Request, business_id: int, business_service: BusinessService, user: User
) -> Template | Redirect:
    data = await form_data(request)
    try:
        await business_service.move(check_id(business_id), parse_stage(data, _today()), user)
    except FormError as exc:
        page = await business_service.page(check_id(business_id), user)
        return _show(page, user, errors_for(request, exc), 400)
    return Redirect(path=f"/businesses/{business_id}")


@get("/me/business", opt=roles(*WORKER))
async def mine(
    business_service: BusinessService, worker_service: WorkerService, user: User
) -> Template | Redirect:
    """The worker's business, or the form to register one (an archive comes first)."""
    worker = await worker_service.of_user(user.id)
    if worker is None:
        return Redirect(path="/me")
    business = await business_service.of_worker(worker.id)
    if business is not None:
        return Redirect(path=f"/businesses/{business.id}")
    return _form({"stage": "idea"}, {}, "self")


@post("/me/business", opt=roles(*WORKER))
async def register_mine(
    request: Request, business_service: BusinessService, worker_service: WorkerService, user: User
) -> Template | Redirect:
    worker = await worker_service.of_user(user.id)
    if worker is None:
        raise NotAllowed
    data = await form_data(request)
    try:
        fields = parse_business({**data, "owner_worker_id": worker.id}, _today())
        business = await business_service.create(fields, user)
    except FormError as exc:
        return _form(data, errors_for(request, exc), "self", 400)
    return Redirect(path=f"/businesses/{business.id}")


@get("/entrepreneurship", opt=public())
async def entrepreneurship(db_session: AsyncSession) -> Template:
    """The park, registering in one trip, the loan and subsidy path; the measures by their codes."""
    rows = await db_session.execute(
        select(Measure.code, Measure.id, Measure.title).where(
            Measure.code.in_(ENTREPRENEURSHIP_MEASURES)
        )
    )
    measures = {code: (measure_id, title) for code, measure_id, title in rows.all()}
    return Template("businesses/entrepreneurship.html", context={"measures": measures})


ROUTES = [
    index,
    new,
    create,
    show,
    add_employee,
    add_support,
    move,
    mine,
    register_mine,
    entrepreneurship,
]
