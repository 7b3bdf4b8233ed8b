"""Help requests as pages: the worker asks at /me/help and follows each step there; staff record a
call from the archive, list requests by station and move each to its outcome."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from ..auth import STAFF, WORKER, roles
from ..forms import FormError
from ..models import User, Worker
from ..reference import stations
from ..web import check_id, errors_for, form_data
from ..workers.pages import station_filter
from ..workers.service import WorkerService
from . import states
from .forms import LIMITS, parse_request, parse_step
from .service import HelpCase, HelpService


def _labels() -> dict[str, Any]:
    return {
        "kinds": states.KINDS,
        "status_labels": states.LABELS,
        "referrals": states.REFERRALS,
        "limits": LIMITS,
    }


def _ask_page(
    worker: Worker,
    cases: list[HelpCase],
    values: dict,
    errors: dict,
    action: str,
    status: int = 200,
) -> Template:
    context = {**_labels(), "worker": worker, "cases": cases, "values": values, "errors": errors}
    context["action"] = action
    return Template("help/ask.html", context=context, status_code=status)


@get("/me/help", opt=roles(*WORKER))
async def mine(
    user: User, worker_service: WorkerService, help_service: HelpService
) -> Template | Redirect:
    """The worker's requests with every step, and the form to ask (an archive comes first)."""
    worker = await worker_service.of_user(user.id)
    if worker is None:
        return Redirect(path="/me")
    return _ask_page(worker, await help_service.of_worker(worker), {}, {}, "/me/help")


@post("/me/help", opt=roles(*WORKER))
async def ask(
    request: Request, user: User, worker_service: WorkerService, help_service: HelpService
) -> Template | Redirect:
    worker = await worker_service.of_user(user.id)
    if worker is None:
        return Redirect(path="/me")
    data = await form_data(request)
    try:
        await help_service.ask(worker, parse_request(data), user)
    except FormError as exc:
        cases = await help_service.of_worker(worker)
        return _ask_page(worker, cases, data, errors_for(request, exc), "/me/help", 400)
    return Redirect(path="/me/help")


@get("/workers/{worker_id:int}/help", opt=roles(*STAFF))
async def call_form(
    worker_id: int, worker_service: WorkerService, help_service: HelpService
) -> Template:
    """Staff record a worker's call for help on the archive."""
    worker = await worker_service.get(check_id(worker_id))
    cases = await help_service.of_worker(worker)
    return _ask_page(worker, cases, {}, {}, f"/workers/{worker.id}/help")


@post("/workers/{worker_id:int}/help", opt=roles(*STAFF))
async def record_call(
    request: Request,
    worker_id: int,
    user: User,
    worker_service: WorkerService,
    help_service: HelpService,
) -> Template | Redirect:
    worker = await worker_service.get(check_id(worker_id))
    data = await form_data(request)
    try:
        made = await help_service.ask(worker, parse_request(data), user)
    except FormError as exc:
        cases = await help_service.of_worker(worker)
        action = f"/workers/{worker.id}/help"
        return _ask_page(worker, cases, data, errors_for(request, exc), action, 400)
    return Redirect(path=f"/staff/help/{made.id}")


@get("/staff/help", opt=roles(*STAFF))
async def index(request: Request, user: User, help_service: HelpService) -> Template:
    """By station (``?station=N``) and state; the reader's station first, open ones before done ones."""
    params = request.query_params
    station = station_filter(params.get("station"))
    status = params.get("status") if params.get("status") in tuple(states.HelpStatus) else ""
    rows = await help_service.search(station, status, first=user.station_id)
    context = {
        **_labels(),
        "rows": rows,
        "stations": stations(),
        "station": station,
        "status": status,
        "mine": user.station_id,
    }
    return Template("help/index.html", context=context)


def _case_page(case: HelpCase, errors: dict | None = None, status: int = 200) -> Template:
    context = {
        **_labels(),
        "case": case,
        "r": case.request,
        "next": states.NEXT[states.HelpStatus(case.request.status)],
        "errors": errors or {},
    }
    return Template("help/show.html", context=context, status_code=status)


@get("/staff/help/{request_id:int}", opt=roles(*STAFF))
async def show(request_id: int, help_service: HelpService) -> Template:
    return _case_page(await help_service.case(check_id(request_id)))


@post("/staff/help/{request_id:int}/steps", opt=roles(*STAFF))
async def step(
    request: Request, request_id: int, user: User, help_service: HelpService
) -> Template | Redirect:
    data = await form_data(request)
    try:
        await help_service.move(check_id(request_id), parse_step(data), user)
    except FormError as exc:
        case = await help_service.case(request_id)
        return _case_page(case, errors_for(request, exc), 400)
    return Redirect(path=f"/staff/help/{request_id}")


ROUTES = [mine, ask, call_form, record_call, index, show, step]
