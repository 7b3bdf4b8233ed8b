"""Plans to come home: the worker's small form from /me, staff's from the archive, and staff's list
per township and trade with the vacancies that fit (``/staff/returning``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from ..auth import STAFF, WORKER, roles
from ..catalogue.search import clamp_int
from ..forms import FormError
from ..matches.service import MatchService
from ..models import User, Worker
from ..reference import townships
from ..web import check_id, errors_for, form_data
from ..workers.service import WorkerService
from .forms import LIMITS, month_of, parse_plan
from .service import ReturnService

BOARD_MONTHS = 6  # the list looks this far ahead unless told otherwise (a season's fairs)


def _form(worker: Worker, values: dict, errors: dict, action: str, status: int = 200) -> Template:
    today = dt.date.today()
    context = {
        "worker": worker,
        "values": values,
        "errors": errors,
        "action": action,
        "townships": townships(),
        "limits": LIMITS,
        "first_month": month_of(today, 0).isoformat()[:7],
        "last_month": month_of(today, LIMITS["months_ahead"]).isoformat()[:7],
    }
    return Template("returns/form.html", context=context, status_code=status)


def _values(plan: Any, worker: Worker) -> dict[str, Any]:
    if plan is None:
        return {"township": worker.home_township_code}
    return {"month": plan.month.isoformat()[:7], "work": plan.work, "township": plan.township_code}


async def _save(
    request: Request, worker: Worker, service: ReturnService, user: User, action: str, done: str
) -> Template | Redirect:
    data = await form_data(request)
    try:
        fields = parse_plan(data, dt.date.today(), worker.home_township_code)
        await service.record(worker, fields, user)
    except FormError as exc:
        return _form(worker, data, errors_for(request, exc), action, 400)
    return Redirect(path=done)


async def _own(workers: WorkerService, user: User) -> Worker | None:
    return await workers.of_user(user.id)


@get("/me/return-plan", opt=roles(*WORKER))
async def mine(
    user: User, worker_service: WorkerService, return_service: ReturnService
) -> Template | Redirect:
    worker = await _own(worker_service, user)
    if worker is None:
        return Redirect(path="/me")
    plan = await return_service.of_worker(worker.id)
    return _form(worker, _values(plan, worker), {}, "/me/return-plan")


@post("/me/return-plan", opt=roles(*WORKER))
async def save_mine(
    request: Request, user: User, worker_service: WorkerService, return_service: ReturnService
) -> Template | Redirect:
    worker = await _own(worker_service, user)
    if worker is None:
        return Redirect(path="/me")
    return await _save(request, worker, return_service, user, "/me/return-plan", "/me")


@get("/workers/{worker_id:int}/return-plan", opt=roles(*STAFF))
async def staff_form(
    worker_id: int, worker_service: WorkerService, return_service: ReturnService
) -> Template:
    worker = await worker_service.get(check_id(worker_id))
    plan = await return_service.of_worker(worker.id)
    return _form(worker, _values(plan, worker), {}, f"/workers/{worker.id}/return-plan")


@post("/workers/{worker_id:int}/return-plan", opt=roles(*STAFF))
async def staff_save(
    request: Request,
    worker_id: int,
    user: User,
    worker_service: WorkerService,
    return_service: ReturnService,
) -> Template | Redirect:
    worker = await worker_service.get(check_id(worker_id))
    action = f"/workers/{worker.id}/return-plan"
    return await _save(request, worker, return_service, user, action, f"/workers/{worker.id}")


def board_filters(params: Any, today: dt.date) -> dict[str, Any]:
    """``?township=CODE&months=N``: one township (else all), the next N months (1 to 24, default 6)."""
    codes = {t.code for t in townships()}
    township = params.get("township") if params.get("township") in codes else ""
    months = clamp_int(str(params.get("months") or "")[:4], 1, LIMITS["months_ahead"], BOARD_MONTHS)
    return {
        "township": township,
        "start": month_of(today, 0),
        "end": month_of(today, months - 1),
        "months": months,
    }


@get("/staff/returning", opt=roles(*STAFF))
async def board(
    request: Request, return_service: ReturnService, match_service: MatchService
) -> Template:
    """Who is coming home when, per township and trade, and the open vacancies that fit each."""
    chosen = board_filters(request.query_params, dt.date.today())
    plans = await return_service.plans(chosen["township"], chosen["start"], chosen["end"])
    groups = await return_service.board(plans, match_service.jobs_for)
    context = {"groups": groups, "chosen": chosen, "townships": townships(), "count": len(plans)}
    return Template("returns/board.html", context=context)


ROUTES = [mine, save_mine, staff_form, staff_save, board]
