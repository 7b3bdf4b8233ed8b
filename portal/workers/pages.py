"""Worker archives: staff keep them, workers see their own, and both see the best matches."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post, put
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, WORKER, roles
from ..catalogue.search import clamp_int
from ..contracts.service import ContractService
from ..errors import NotFound
from ..forms import FormError
from ..matches.pages import for_worker, service, shown_json
from ..models import User, Worker
from ..reference import stations, townships
from ..runtime import Runtime
from ..security import mask_id_number
from ..web import check_id, errors_for, form_data
from .service import (
    CONSENT_METHODS,
    EDUCATION,
    INTENTS,
    LEVELS,
    MAX_SKILLS,
    SKILL_SURE,
    WORK_AREAS,
    WorkerService,
    archive_values,
    edit_input,
    parse_worker_form,
)

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
        "skills": [
            {"name": s.name, "level": s.level, "years": s.years, "trade_code": s.trade_code}
            for s in w.skills
        ],
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
        "consent": {
            "at": w.consent_at.isoformat() if w.consent_at else None,
            "method": w.consent_method,
        },
    }


def _form_context(
    errors: dict, values: dict, action: str = "/workers", mode: str = "new", consented: bool = True
) -> dict[str, Any]:
    """``mode``: new (staff, everything), edit (staff; the ID number is not shown or changed), self
    (the worker: skills, certificates, wishes; who they are stays as the station recorded it)."""
    return {
        "errors": errors,
        "values": values,
        "townships": townships(),
        "levels": LEVELS,
        "action": action,
        "mode": mode,
        "rows": range(_rows(values, "skill_name_", SKILL_ROWS)),
        "cert_rows": range(_rows(values, "cert_name_", CERTIFICATE_ROWS)),
        "stations": stations(),
        "consented": consented,
        "work_areas": WORK_AREAS,
        "intents": INTENTS,
        "education": EDUCATION,
        "consent_methods": CONSENT_METHODS[:2],
    }


def _rows(values: dict, prefix: str, least: int) -> int:
    """Enough rows for what the archive holds, one empty row more, at most MAX_SKILLS."""
    filled = sum(1 for i in range(MAX_SKILLS) if values.get(f"{prefix}{i}"))
    return min(MAX_SKILLS, max(least, filled + 1))


def _rows_from_form(data: dict[str, Any]) -> dict[str, Any]:
    skills, certificates = [], []
    for i in range(MAX_SKILLS):
        if (name := data.get(f"skill_name_{i}")) is not None:
            skills.append(
                {
                    "name": name,
                    "level": data.get(f"skill_level_{i}") or "",
                    "years": data.get(f"skill_years_{i}") or None,
                    "code": data.get(f"skill_code_{i}") or None,
                }
            )
        if (cert := data.get(f"cert_name_{i}")) is not None:
            certificates.append({"name": cert, "expires": data.get(f"cert_expires_{i}") or None})
    return {**data, "skills": skills, "certificates": certificates}


async def _trade_names(worker: Worker, runtime: Runtime) -> dict[str, str]:
    """How each skill was read: 电焊 (焊工), so staff and the worker see the trade it is matched as."""
    by_code = (await runtime.vocabulary.trades()).by_code
    return {
        s.trade_code: by_code[s.trade_code].name for s in worker.skills if s.trade_code in by_code
    }


@get("/staff", opt=roles(*STAFF))
async def staff_home(db_session: AsyncSession) -> Template:
    """The latest archives. A query string finds no one: look-ups post the form below."""
    workers = await WorkerService(db_session).find("")
    return Template("workers/staff.html", context={"workers": workers, "q": ""})


@post("/staff", opt=roles(*STAFF))
async def staff_find(request: Request, db_session: AsyncSession) -> Template:
    """Find by name, phone or ID number, posted so that none of them lands in a URL, a log or the history."""
    data = await form_data(request)
    q = str(data.get("q") or "")[:40]
    workers = await WorkerService(db_session).find(q)
    return Template("workers/staff.html", context={"workers": workers, "q": q})


@get("/workers/skill-suggest", opt=roles(*STAFF, *WORKER))
async def skill_suggest(request: Request, runtime: Runtime) -> Template:
    """The trades a skill name may be, to pick from as it is typed (workers/_skill_trade.html)."""
    row = clamp_int(request.query_params.get("row"), 0, MAX_SKILLS - 1, 0)
    name = str(request.query_params.get(f"skill_name_{row}") or "")[:40]
    trades = (await runtime.vocabulary.trades()).classify(name, limit=3) if name.strip() else []
    return Template(
        "workers/_skill_trade.html",
        context={"row": row, "trades": trades, "values": {}, "sure": SKILL_SURE},
    )


@get("/workers/new", opt=roles(*STAFF))
async def new() -> Template:
    return Template("workers/new.html", context=_form_context({}, {}))


async def _create(
    data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime
) -> Worker:
    form = parse_worker_form(data, trades=await runtime.vocabulary.trades())
    worker = await WorkerService(db_session).create(form, recorded_by=user)
    runtime.matches.touch()
    return worker


@post("/workers", opt=roles(*STAFF))
async def create(
    request: Request, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        worker = await _create(_rows_from_form(data), db_session, user, runtime)
    except FormError as exc:
        return Template(
            "workers/new.html",
            context=_form_context(errors_for(request, exc), data),
            status_code=400,
        )
    return Redirect(path=f"/workers/{worker.id}")


@post("/api/v1/workers", opt=roles(*STAFF), status_code=201)
async def api_create(
    data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    return worker_json(await _create(data, db_session, user, runtime))


async def _update(
    worker: Worker,
    data: dict[str, Any],
    db_session: AsyncSession,
    runtime: Runtime,
    *,
    self_service: bool,
) -> Worker:
    raw = edit_input(worker, data, self_service=self_service)
    form = parse_worker_form(
        raw, trades=await runtime.vocabulary.trades(), self_service=self_service
    )
    worker = await WorkerService(db_session).update(worker, form)
    runtime.matches.touch()
    return worker


@get("/workers/{worker_id:int}/edit", opt=roles(*STAFF))
async def edit(worker_id: int, db_session: AsyncSession, user: User) -> Template:
    worker = await WorkerService(db_session).read_archive(check_id(worker_id), user)
    context = _form_context(
        {}, archive_values(worker), f"/workers/{worker.id}", "edit", worker.consent_at is not None
    )
    return Template("workers/new.html", context=context)


@post("/workers/{worker_id:int}", opt=roles(*STAFF))
async def update(
    request: Request, worker_id: int, db_session: AsyncSession, runtime: Runtime
) -> Template | Redirect:
    worker = await WorkerService(db_session).get(check_id(worker_id))
    data = await form_data(request)
    try:
        await _update(worker, _rows_from_form(data), db_session, runtime, self_service=False)
    except FormError as exc:
        context = _form_context(
            errors_for(request, exc),
            data,
            f"/workers/{worker.id}",
            "edit",
            worker.consent_at is not None,
        )
        return Template("workers/new.html", context=context, status_code=400)
    return Redirect(path=f"/workers/{worker.id}")


@put("/api/v1/workers/{worker_id:int}", opt=roles(*STAFF))
async def api_update(
    worker_id: int, data: dict[str, Any], db_session: AsyncSession, runtime: Runtime
) -> dict[str, Any]:
    """Replace the archive with what is sent (fields left out take their defaults); not the ID number."""
    worker = await WorkerService(db_session).get(check_id(worker_id))
    return worker_json(await _update(worker, data, db_session, runtime, self_service=False))


@get("/me/edit", opt=roles(*WORKER))
async def edit_mine(db_session: AsyncSession, user: User) -> Template | Redirect:
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return Redirect(path="/me")
    return Template(
        "workers/new.html", context=_form_context({}, archive_values(worker), "/me", "self")
    )


@post("/me", opt=roles(*WORKER))
async def update_mine(
    request: Request, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template | Redirect:
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return Redirect(path="/me")
    data = await form_data(request)
    try:
        await _update(worker, _rows_from_form(data), db_session, runtime, self_service=True)
    except FormError as exc:
        return Template(
            "workers/new.html",
            context=_form_context(errors_for(request, exc), data, "/me", "self"),
            status_code=400,
        )
    return Redirect(path="/me")


@put("/api/v1/me", opt=roles(*WORKER))
async def api_update_mine(
    data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        raise NotFound
    return worker_json(await _update(worker, data, db_session, runtime, self_service=True))


@get("/workers/{worker_id:int}", opt=roles(*STAFF))
async def show(worker_id: int, db_session: AsyncSession, user: User, runtime: Runtime) -> Template:
    worker = await WorkerService(db_session).read_archive(check_id(worker_id), user)
    shown = await for_worker(service(db_session, runtime), worker)
    contracts = await ContractService(db_session).of_worker(worker.id)
    context = {
        "worker": worker,
        **shown,
        "contracts": contracts,
        "is_staff": True,
        "trade_names": await _trade_names(worker, runtime),
    }
    return Template("workers/show.html", context=context)


@get("/api/v1/workers/{worker_id:int}", opt=roles(*STAFF))
async def api_show(worker_id: int, db_session: AsyncSession, user: User) -> dict[str, Any]:
    return worker_json(await WorkerService(db_session).read_archive(check_id(worker_id), user))


@get("/api/v1/workers/{worker_id:int}/matches", opt=roles(*STAFF))
async def api_matches(
    request: Request, worker_id: int, db_session: AsyncSession, runtime: Runtime
) -> dict[str, Any]:
    worker = await WorkerService(db_session).get(check_id(worker_id))
    limit = clamp_int(request.query_params.get("limit"), 1, 50, 10)
    shown = await for_worker(service(db_session, runtime), worker, limit)
    return shown_json(shown)


@get("/me", opt=roles(*WORKER))
async def me(db_session: AsyncSession, user: User, runtime: Runtime) -> Template:
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return Template("workers/no_archive.html", context={"stations": stations()})
    shown = await for_worker(service(db_session, runtime), worker)
    contracts = await ContractService(db_session).of_worker(worker.id)
    context = {
        "worker": worker,
        **shown,
        "contracts": contracts,
        "is_staff": False,
        "trade_names": await _trade_names(worker, runtime),
    }
    return Template("workers/show.html", context=context)


ROUTES = [
    staff_home,
    staff_find,
    skill_suggest,
    new,
    create,
    api_create,
    edit,
    update,
    api_update,
    edit_mine,
    update_mine,
    api_update_mine,
    show,
    api_show,
    api_matches,
    me,
]
