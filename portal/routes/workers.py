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
from ..runtime import Runtime
from ..security import mask_id_number
from ..services.contracts import ContractService
from ..services.search import clamp_int
from ..services.workers import (
    CONSENT_METHODS, EDUCATION, INTENTS, LEVELS, MAX_SKILLS, WORK_AREAS, WorkerService, parse_worker_form,
)
from ._common import check_id, errors_for, form_data
from .matches import for_worker, match_json, service

SKILL_ROWS = 5
CERTIFICATE_ROWS = 3


def worker_json(w: Worker) -> dict[str, Any]:
    """The archive as staff read it. The ID number is masked here as on every page."""
    return {
        "id": w.id,
        "name": w.name,
        "phone": w.phone,
        "id_number": mask_id_number(w.id_number),
        "gender": w.gender,
        "birth_year": w.birth_year,
        "home_township": w.home_township.name,
        "home_township_code": w.home_township_code,
        "current_city": w.current_city,
        "current_employer": w.current_employer,
        "occupation": w.occupation,
        "years_away": w.years_away,
        "education": w.education,
        "skills": [{"name": s.name, "level": s.level, "years": s.years, "trade_code": s.trade_code} for s in w.skills],
        "certificates": [dict(c) for c in w.certificates],
        "expected_wage": w.expected_wage,
        "work_area": w.work_area,
        "intent": w.intent,
        "available_from": w.available_from.isoformat() if w.available_from else None,
        "daily_commute": w.daily_commute,
        "wants_housing": w.wants_housing,
        "wants_meals": w.wants_meals,
        "family_notes": w.family_notes,
        "station_id": w.station_id,
        "consent": {"at": w.consent_at.isoformat() if w.consent_at else None, "method": w.consent_method},
    }


def _form_context(errors: dict, values: dict) -> dict[str, Any]:
    return {"errors": errors, "values": values, "townships": townships(), "levels": LEVELS,
            "rows": range(SKILL_ROWS), "cert_rows": range(CERTIFICATE_ROWS), "stations": stations(),
            "work_areas": WORK_AREAS, "intents": INTENTS, "education": EDUCATION, "consent_methods": CONSENT_METHODS[:2]}


def _rows_from_form(data: dict[str, Any]) -> dict[str, Any]:
    skills, certificates = [], []
    for i in range(MAX_SKILLS):
        if (name := data.get(f"skill_name_{i}")) is not None:
            skills.append({"name": name, "level": data.get(f"skill_level_{i}") or "", "years": data.get(f"skill_years_{i}") or None})
        if (cert := data.get(f"cert_name_{i}")) is not None:
            certificates.append({"name": cert, "expires": data.get(f"cert_expires_{i}") or None})
    return {**data, "skills": skills, "certificates": certificates}


@get("/staff", opt=roles(*STAFF))
async def staff_home(request: Request, db_session: AsyncSession) -> Template:
    q = str(request.query_params.get("q") or "")[:40]
    workers = await WorkerService(db_session).find(q)
    return Template("workers/staff.html", context={"workers": workers, "q": q})


@get("/workers/new", opt=roles(*STAFF))
async def new() -> Template:
    return Template("workers/new.html", context=_form_context({}, {}))


async def _create(data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime) -> Worker:
    form = parse_worker_form(data, trades=await runtime.vocabulary.trades())
    worker = await WorkerService(db_session).create(form, recorded_by=user)
    runtime.matches.touch()
    return worker


@post("/workers", opt=roles(*STAFF))
async def create(request: Request, db_session: AsyncSession, user: User, runtime: Runtime) -> Template | Redirect:
    data = await form_data(request)
    try:
        worker = await _create(_rows_from_form(data), db_session, user, runtime)
    except FormError as exc:
        return Template("workers/new.html", context=_form_context(errors_for(request, exc), data), status_code=400)
    return Redirect(path=f"/workers/{worker.id}")


@post("/api/v1/workers", opt=roles(*STAFF), status_code=201)
async def api_create(data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime) -> dict[str, Any]:
    return worker_json(await _create(data, db_session, user, runtime))


@get("/workers/{worker_id:int}", opt=roles(*STAFF))
async def show(worker_id: int, db_session: AsyncSession, user: User, runtime: Runtime) -> Template:
    worker = await WorkerService(db_session).read_archive(check_id(worker_id), user)
    shown = await for_worker(service(db_session, runtime), worker)
    contracts = await ContractService(db_session).of_worker(worker.id)
    return Template("workers/show.html", context={"worker": worker, **shown, "contracts": contracts, "is_staff": True})


@get("/api/v1/workers/{worker_id:int}", opt=roles(*STAFF))
async def api_show(worker_id: int, db_session: AsyncSession, user: User) -> dict[str, Any]:
    return worker_json(await WorkerService(db_session).read_archive(check_id(worker_id), user))


@get("/api/v1/workers/{worker_id:int}/matches", opt=roles(*STAFF))
async def api_matches(request: Request, worker_id: int, db_session: AsyncSession, runtime: Runtime) -> dict[str, Any]:
    worker = await WorkerService(db_session).get(check_id(worker_id))
    limit = clamp_int(request.query_params.get("limit"), 1, 50, 10)
    shown = await for_worker(service(db_session, runtime), worker, limit)
    return {"hits": [match_json(j, s) for j, s in shown["matches"]], "near": [match_json(j, s) for j, s in shown["near"]]}


@get("/me", opt=roles(*WORKER))
async def me(db_session: AsyncSession, user: User, runtime: Runtime) -> Template:
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return Template("workers/no_archive.html", context={"stations": stations()})
    shown = await for_worker(service(db_session, runtime), worker)
    contracts = await ContractService(db_session).of_worker(worker.id)
    return Template("workers/show.html", context={"worker": worker, **shown, "contracts": contracts, "is_staff": False})


ROUTES = [staff_home, new, create, api_create, show, api_show, api_matches, me]
