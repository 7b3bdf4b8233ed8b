"""Matches both ways: the jobs for a worker (with what would open more), the candidates for a vacancy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, get
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

import matching

from ..auth import EMPLOYER, STAFF, WORKER, roles
from ..catalogue.search import clamp_int
from ..feedback.service import FeedbackService
from ..jobs.service import JobService
from ..models import Job, User, Worker
from ..reference import townships
from ..runtime import Runtime
from ..security import mask_name
from ..web import check_id
from ..workers.service import WorkerService
from .service import MatchService


def service(db_session: AsyncSession, runtime: Runtime) -> MatchService:
    return MatchService(db_session, runtime.matches, runtime.vocabulary)


async def for_worker(matches: MatchService, worker: Worker, limit: int = 10) -> dict[str, Any]:
    """What the worker's page shows: best jobs, jobs a licence would open, and the measures that pay for it."""
    best = await matches.jobs_for(worker, limit)
    near = await matches.near_misses(worker)
    measures = await matches.measures_for(s.gap for _, s in [*best, *near] if s.gap)
    return {"matches": best, "near": near, "measures": measures}


def explanation(score: matching.MatchScore) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "score": c.score,
            "is_good": c.is_good,
            "reason": c.reason,
            "params": c.params,
        }
        for c in score.components
    ]


def match_json(job: Job, score: matching.MatchScore) -> dict[str, Any]:
    return {
        "job_id": job.id,
        "title": job.title,
        "employer": job.employer.name,
        "township": job.township.name,
        "wage_min": job.wage_min,
        "wage_max": job.wage_max,
        "score": score.total,
        "explanation": explanation(score),
        "url": f"/jobs/{job.id}",
        "gap": {"kind": score.gap.kind, "names": list(score.gap.names)} if score.gap else None,
    }


def shown_json(shown: dict[str, Any]) -> dict[str, Any]:
    """for_worker()'s answer as JSON: the matches, the one-step-away jobs, the measures for the gap."""
    return {
        "hits": [match_json(j, s) for j, s in shown["matches"]],
        "near": [match_json(j, s) for j, s in shown["near"]],
        "measures": [
            {"code": m.code, "title": m.title, "url": f"/policies/{m.id}"}
            for m in shown["measures"]
        ],
    }


def candidate_json(worker: Worker, score: matching.MatchScore, user: User) -> dict[str, Any]:
    """What an employer may see of a consenting worker: no phone, no ID number, no family notes.
    Staff also see the full name and the archive's address (reading it is audited)."""
    today = dt.date.today()
    body = {
        "name": mask_name(worker.name),
        "age": today.year - worker.birth_year,
        "gender": worker.gender,
        "home_township": worker.home_township.name,
        "skills": [{"name": s.name, "level": s.level, "years": s.years} for s in worker.skills],
        "certificates": [
            c["name"]
            for c in worker.certificates
            if not c.get("expires") or c["expires"] >= today.isoformat()
        ],
        "expected_wage": worker.expected_wage,
        "available_from": worker.available_from.isoformat() if worker.available_from else None,
        "score": score.total,
        "explanation": explanation(score),
    }
    if user.role in STAFF:
        body.update(worker_id=worker.id, full_name=worker.name, url=f"/workers/{worker.id}")
    return body


@get("/jobs/{job_id:int}/candidates", opt=roles(*EMPLOYER, *STAFF))
async def candidates(
    job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template:
    job = await JobService(db_session).managed(check_id(job_id), user)
    matches = service(db_session, runtime)
    found = await matches.candidates(job, limit=20) if job.status == "published" else []
    rows = [(candidate_json(w, s, user), s) for w, s in found]
    keen = [(candidate_json(w, s, user), s) for w, s in await _interested(db_session, matches, job)]
    return Template(
        "jobs/candidates.html",
        context={
            "job": job,
            "rows": rows,
            "interested": keen,
            "is_staff": user.role in STAFF,
            "township_names": {t.code: t.name for t in townships()},
        },
    )


async def _interested(
    db_session: AsyncSession, matches: MatchService, job: Job
) -> list[tuple[Worker, matching.MatchScore]]:
    """Workers who tapped "I'm interested", ranked by how well they fit (consenting archives only)."""
    return await matches.ranked(job, await FeedbackService(db_session).interested_workers(job.id))


@get("/api/v1/jobs/{job_id:int}/candidates", opt=roles(*EMPLOYER, *STAFF))
async def api_candidates(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    job = await JobService(db_session).managed(check_id(job_id), user)
    limit = clamp_int(request.query_params.get("limit"), 1, 50, 10)
    matches = service(db_session, runtime)
    found = await matches.candidates(job, limit=limit) if job.status == "published" else []
    keen = await _interested(db_session, matches, job)
    return {
        "job_id": job.id,
        "status": job.status,
        "hits": [candidate_json(w, s, user) for w, s in found],
        "interested": [candidate_json(w, s, user) for w, s in keen],
    }


@get("/api/v1/me/matches", opt=roles(*WORKER))
async def api_my_matches(
    request: Request, db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return {"hits": [], "near": [], "archive": False}
    limit = clamp_int(request.query_params.get("limit"), 1, 50, 10)
    shown = await for_worker(service(db_session, runtime), worker, limit)
    return {**shown_json(shown), "archive": True}


ROUTES = [candidates, api_candidates, api_my_matches]
