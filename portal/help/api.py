"""Help requests as JSON: the same service calls as the pages (see /schema)."""

from __future__ import annotations

from litestar import Request, get, post

from ..auth import STAFF, WORKER, roles
from ..errors import NotFound
from ..models import User
from ..web import body, check_id
from ..workers.pages import station_filter
from ..workers.service import WorkerService
from . import states
from .forms import parse_request, parse_step
from .schemas import HelpCard, HelpForm, StepForm, help_card
from .service import HelpService


@post("/api/v1/me/help", opt=roles(*WORKER), status_code=201)
async def ask(
    data: HelpForm, user: User, worker_service: WorkerService, help_service: HelpService
) -> HelpCard:
    """404 until the worker has an archive; 400 with ``errors`` per field."""
    worker = await worker_service.of_user(user.id)
    if worker is None:
        raise NotFound
    made = await help_service.ask(worker, parse_request(body(data)), user)
    return help_card(await help_service.case(made.id))


@get("/api/v1/me/help", opt=roles(*WORKER))
async def mine(
    user: User, worker_service: WorkerService, help_service: HelpService
) -> list[HelpCard]:
    worker = await worker_service.of_user(user.id)
    return [help_card(c) for c in await help_service.of_worker(worker)] if worker else []


@post("/api/v1/workers/{worker_id:int}/help", opt=roles(*STAFF), status_code=201)
async def record_call(
    worker_id: int,
    data: HelpForm,
    user: User,
    worker_service: WorkerService,
    help_service: HelpService,
) -> HelpCard:
    """A call for help staff take, on the caller's archive (handled by the taker's station)."""
    worker = await worker_service.get(check_id(worker_id))
    made = await help_service.ask(worker, parse_request(body(data)), user)
    return help_card(await help_service.case(made.id))


@get("/api/v1/help", opt=roles(*STAFF))
async def index(request: Request, user: User, help_service: HelpService) -> list[HelpCard]:
    """``?station=N&status=S``; the reader's station first, open requests before finished ones."""
    params = request.query_params
    status = params.get("status") if params.get("status") in tuple(states.HelpStatus) else ""
    rows = await help_service.search(station_filter(params.get("station")), status, user.station_id)
    return [help_card(await help_service.case(r.id)) for r in rows]


@get("/api/v1/help/{request_id:int}", opt=roles(*STAFF, *WORKER))
async def show(request_id: int, user: User, help_service: HelpService) -> HelpCard:
    """Staff see any request; a worker only their own."""
    return help_card(await help_service.case(check_id(request_id), user))


@post("/api/v1/help/{request_id:int}/steps", opt=roles(*STAFF), status_code=201)
async def step(request_id: int, data: StepForm, user: User, help_service: HelpService) -> HelpCard:
    """400 when the request cannot move there (``errors.status``) or a field is wrong."""
    moved = await help_service.move(check_id(request_id), parse_step(body(data)), user)
    return help_card(await help_service.case(moved.id))


ROUTES = [ask, mine, record_call, index, show, step]
