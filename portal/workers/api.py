"""Archives as JSON: staff record, replace and read them; a worker updates their own."""

from __future__ import annotations

import msgspec
from litestar import get, post, put

from ..auth import STAFF, WORKER, roles
from ..errors import NotFound
from ..matches.schemas import JobsForWorker, Limit, jobs_for_worker, limit_of
from ..matches.service import MatchService
from ..models import User
from ..web import check_id
from .schemas import ArchiveForm, OwnArchiveForm, WorkerCard, worker_card
from .service import WorkerService


def raw(data: msgspec.Struct) -> dict:
    """A typed body as the form reader takes it: only the fields sent, nested lists as plain dicts
    (``portal.web.body`` for a body with lists of objects)."""
    return msgspec.to_builtins(data)


@post("/api/v1/workers", opt=roles(*STAFF), status_code=201)
async def api_create(data: ArchiveForm, user: User, worker_service: WorkerService) -> WorkerCard:
    return worker_card(await worker_service.record(raw(data), recorded_by=user))


@put("/api/v1/workers/{worker_id:int}", opt=roles(*STAFF))
async def api_update(
    worker_id: int, data: ArchiveForm, user: User, worker_service: WorkerService
) -> WorkerCard:
    """Replace the archive with what is sent (fields left out take their defaults); not the ID
    number. A new ``station_id`` is recorded as a move of the archive."""
    return worker_card(await worker_service.revise(check_id(worker_id), raw(data), by=user))


@put("/api/v1/me", opt=roles(*WORKER))
async def api_update_mine(
    data: OwnArchiveForm, user: User, worker_service: WorkerService
) -> WorkerCard:
    worker = await worker_service.revise_own(user, raw(data))
    if worker is None:
        raise NotFound
    return worker_card(worker)


@get("/api/v1/workers/{worker_id:int}", opt=roles(*STAFF))
async def api_show(worker_id: int, user: User, worker_service: WorkerService) -> WorkerCard:
    return worker_card(await worker_service.read_archive(check_id(worker_id), user))


@get("/api/v1/workers/{worker_id:int}/matches", opt=roles(*STAFF))
async def api_matches(
    worker_id: int,
    worker_service: WorkerService,
    match_service: MatchService,
    limit: Limit = None,
) -> JobsForWorker:
    worker = await worker_service.get(check_id(worker_id))
    shown = await match_service.for_worker(worker, limit_of(limit))
    return jobs_for_worker(shown)


ROUTES = [api_create, api_update, api_update_mine, api_show, api_matches]
