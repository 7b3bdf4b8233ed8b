"""Matching as JSON: the candidates of a vacancy, and the jobs for the logged-in worker."""

from __future__ import annotations

from litestar import get

from ..auth import EMPLOYER, STAFF, WORKER, roles
from ..models import User
from ..web import check_id
from ..workers.service import WorkerService
from .schemas import Candidates, JobsForWorker, Limit, candidates, jobs_for_worker, limit_of
from .service import MatchService


@get("/api/v1/jobs/{job_id:int}/candidates", opt=roles(*EMPLOYER, *STAFF))
async def api_candidates(
    job_id: int, user: User, match_service: MatchService, limit: Limit = None
) -> Candidates:
    board = await match_service.board(check_id(job_id), user, limit=limit_of(limit))
    return candidates(board, staff=user.role in STAFF)


@get("/api/v1/me/matches", opt=roles(*WORKER))
async def api_my_matches(
    user: User,
    worker_service: WorkerService,
    match_service: MatchService,
    limit: Limit = None,
) -> JobsForWorker:
    worker = await worker_service.of_user(user.id)
    if worker is None:
        return JobsForWorker(hits=[], near=[], measures=[], archive=False)
    return jobs_for_worker(await match_service.for_worker(worker, limit_of(limit)))


ROUTES = [api_candidates, api_my_matches]
