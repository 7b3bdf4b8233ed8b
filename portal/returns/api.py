"""Plans to come home as JSON: the same service calls as the pages (see /schema)."""

from __future__ import annotations

import datetime as dt

from litestar import Request, get, put

from ..auth import STAFF, WORKER, roles
from ..errors import NotFound
from ..matches.service import MatchService
from ..models import User, Worker
from ..web import body, check_id
from ..workers.service import WorkerService
from .forms import parse_plan
from .pages import board_filters
from .schemas import ReturningGroup, ReturnPlanCard, ReturnPlanForm, plan_card, returning_groups
from .service import ReturnService


async def _record(
    worker: Worker, data: ReturnPlanForm, user: User, service: ReturnService
) -> ReturnPlanCard:
    fields = parse_plan(body(data), dt.date.today(), worker.home_township_code)
    return plan_card(await service.record(worker, fields, user))


@put("/api/v1/me/return-plan", opt=roles(*WORKER))
async def put_mine(
    data: ReturnPlanForm, user: User, worker_service: WorkerService, return_service: ReturnService
) -> ReturnPlanCard:
    """404 until the worker has an archive; 400 with ``errors`` per field."""
    worker = await worker_service.of_user(user.id)
    if worker is None:
        raise NotFound
    return await _record(worker, data, user, return_service)


@put("/api/v1/workers/{worker_id:int}/return-plan", opt=roles(*STAFF))
async def put_for(
    worker_id: int,
    data: ReturnPlanForm,
    user: User,
    worker_service: WorkerService,
    return_service: ReturnService,
) -> ReturnPlanCard:
    worker = await worker_service.get(check_id(worker_id))
    return await _record(worker, data, user, return_service)


@get("/api/v1/returning", opt=roles(*STAFF))
async def returning(
    request: Request, return_service: ReturnService, match_service: MatchService
) -> list[ReturningGroup]:
    """``?township=CODE&months=N``: per township and trade, who comes home in the next N months
    (default 6), each with the open vacancies that fit."""
    chosen = board_filters(request.query_params, dt.date.today())
    plans = await return_service.plans(chosen["township"], chosen["start"], chosen["end"])
    return returning_groups(await return_service.board(plans, match_service.jobs_for))


ROUTES = [put_mine, put_for, returning]
