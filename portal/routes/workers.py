"""Worker archives: staff keep them, workers see their own, and both see the best matches."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, WORKER, roles
from ..forms import FormError
from ..models import User, Worker
from ..reference import stations, townships
from ..security import mask_id_number
from ..services.contracts import ContractService
from ..services.jobs import NotFound
from ..services.search import clamp_int
from ..services.workers import LEVELS, MAX_SKILLS, WorkerService, parse_worker_form
from ._common import check_id, errors_for, form_data

SKILL_ROWS = 5


def worker_json(w: Worker) -> dict[str, Any]:
    return {
        "id": w.id,
        "name": w.name,
        "phone": w.phone,
        "id_number": mask_id_number(w.id_number),
        "gender": w.gender,
        "birth_year": w.birth_year,
        "home_township": w.home_township.name,
        "home_township_code": w.home_township_code,
        "skills": [{"name": s.name, "level": s.level, "years": s.years} for s in w.skills],
        "certificates": list(w.certificates),
        "expected_wage": w.expected_wage,
        "work_area": w.work_area,
        "available_from": w.available_from.isoformat() if w.available_from else None,
    }


def match_json(job, score) -> dict[str, Any]:
    return {
        "job_id": job.id,
        "title": job.title,
        "employer": job.employer.name,
        "township": job.township.name,
        "wage_min": job.wage_min,
        "wage_max": job.wage_max,
        "score": score.total,
        "explanation": [c.__dict__ for c in score.components],
        "url": f"/jobs/{job.id}",
    }


def _form_context(errors: dict, values: dict) -> dict[str, Any]:
    return {"errors": errors, "values": values, "townships": townships(), "levels": LEVELS,
            "rows": range(SKILL_ROWS), "stations": stations()}


def _skills_from_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i in range(MAX_SKILLS):
        name = data.get(f"skill_name_{i}")
        if name is None:
            continue
        rows.append({"name": name, "level": data.get(f"skill_level_{i}") or "", "years": data.get(f"skill_years_{i}") or None})
    return rows


@get("/staff", opt=roles(*STAFF))
async def staff_home(request: Request, db_session: AsyncSession) -> Template:
    q = str(request.query_params.get("q") or "")[:40]
    workers = await WorkerService(db_session).find(q)
    return Template("workers/staff.html", context={"workers": workers, "q": q})


@get("/workers/new", opt=roles(*STAFF))
async def new() -> Template:
    return Template("workers/new.html", context=_form_context({}, {}))


@post("/workers", opt=roles(*STAFF))
async def create(request: Request, db_session: AsyncSession) -> Template | Redirect:
    data = await form_data(request)
    try:
        worker = await WorkerService(db_session).create(parse_worker_form({**data, "skills": _skills_from_rows(data)}))
    except FormError as exc:
        return Template("workers/new.html", context=_form_context(errors_for(request, exc), data), status_code=400)
    return Redirect(path=f"/workers/{worker.id}")


@post("/api/v1/workers", opt=roles(*STAFF), status_code=201)
async def api_create(data: dict[str, Any], db_session: AsyncSession) -> dict[str, Any]:
    return worker_json(await WorkerService(db_session).create(parse_worker_form(data)))


@get("/workers/{worker_id:int}", opt=roles(*STAFF))
async def show(worker_id: int, db_session: AsyncSession, user: User) -> Template:
    service = WorkerService(db_session)
    worker = await service.read_archive(check_id(worker_id), user)
    matches = await service.matches(worker, limit=10)
    contracts = await ContractService(db_session).of_worker(worker.id)
    return Template("workers/show.html", context={"worker": worker, "matches": matches, "contracts": contracts, "is_staff": True})


@get("/api/v1/workers/{worker_id:int}", opt=roles(*STAFF))
async def api_show(worker_id: int, db_session: AsyncSession, user: User) -> dict[str, Any]:
    return worker_json(await WorkerService(db_session).read_archive(check_id(worker_id), user))


@get("/api/v1/workers/{worker_id:int}/matches", opt=roles(*STAFF))
async def api_matches(request: Request, worker_id: int, db_session: AsyncSession) -> dict[str, Any]:
    service = WorkerService(db_session)
    worker = await service.get(check_id(worker_id))
    limit = clamp_int(request.query_params.get("limit"), 1, 50, 10)
    return {"hits": [match_json(j, s) for j, s in await service.matches(worker, limit=limit)]}


@get("/me", opt=roles(*WORKER))
async def me(db_session: AsyncSession, user: User) -> Template:
    service = WorkerService(db_session)
    worker = await service.of_user(user.id)
    if worker is None:
        return Template("workers/no_archive.html", context={"stations": stations()})
    matches = await service.matches(worker, limit=10)
    contracts = await ContractService(db_session).of_worker(worker.id)
    return Template("workers/show.html", context={"worker": worker, "matches": matches, "contracts": contracts, "is_staff": False})


ROUTES = [staff_home, new, create, api_create, show, api_show, api_matches, me]
