"""Worker archives: staff keep them, workers see their own, and both see the best matches."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from ..accounts.signup import LIMITS as CLAIM_LIMITS
from ..auth import STAFF, WORKER, roles
from ..catalogue.search import clamp_int
from ..feedback.service import FeedbackService
from ..forms import FormError
from ..inbox.service import Inbox
from ..matches.service import MatchService
from ..models import User, Worker
from ..reference import stations, townships
from ..returns.service import ReturnService
from ..stations.service import StationService
from ..web import check_id, errors_for, form_data
from .form import (
    CONSENT_LABELS,
    EDUCATION,
    INTENT_LABELS,
    LEVELS,
    LIMITS,
    MAX_SKILLS,
    NONE_OF_THESE,
    SKILL_SURE,
    WORK_AREA_LABELS,
    archive_values,
    rows_from_form,
)
from .service import FIND_LENGTH, WorkerService

SKILL_ROWS = 5
CERTIFICATE_ROWS = 3


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
        "work_areas": WORK_AREA_LABELS,
        "intents": INTENT_LABELS,
        "education": EDUCATION,
        "consent_methods": CONSENT_LABELS,
        "limits": LIMITS,
        "none_of_these": NONE_OF_THESE,
    }


def _rows(values: dict, prefix: str, least: int) -> int:
    """Enough rows for what the archive holds, one empty row more, at most MAX_SKILLS."""
    filled = sum(1 for i in range(MAX_SKILLS) if values.get(f"{prefix}{i}"))
    return min(MAX_SKILLS, max(least, filled + 1))


def _refused(request: Request, exc: FormError, data: dict, *args: Any) -> Template:
    """The form again, with what was typed and a message per wrong field."""
    context = _form_context(errors_for(request, exc), data, *args)
    return Template("workers/new.html", context=context, status_code=400)


async def _archive_page(
    worker: Worker, workers: WorkerService, matches: MatchService, *, is_staff: bool
) -> Template:
    """The archive with its best jobs, the jobs one licence away, and its intent contracts."""
    shown = await matches.for_worker(worker)
    context = {
        "worker": worker,
        "matches": shown.matches,
        "near": shown.near,
        "measures": shown.measures,
        "contracts": await workers.contracts(worker),
        "is_staff": is_staff,
        "trade_names": await workers.trade_names(worker),
    }
    return Template("workers/show.html", context=context)


def station_filter(value: Any) -> int | None:
    """``?station=N`` (or the posted field): one of the stations, else every archive."""
    n = clamp_int(str(value)[:6], 0, 10**6, 0)
    return n if n and n <= len(stations()) else None


async def _staff_list(workers: WorkerService, user: User, q: str, station: int | None) -> Template:
    """Station staff see their station's archives first; a chosen station shows only its archives;
    county staff and admins see every archive, newest first."""
    found = await workers.find(q, station_id=station, first=user.station_id)
    context = {
        "workers": found,
        "q": q,
        "find_length": FIND_LENGTH,
        "stations": stations(),
        "station": station,
        "mine": user.station_id,
    }
    return Template("workers/staff.html", context=context)


@get("/staff", opt=roles(*STAFF))
async def staff_home(request: Request, user: User, worker_service: WorkerService) -> Template:
    """The latest archives. A query string finds no one: look-ups post the form below."""
    station = station_filter(request.query_params.get("station"))
    return await _staff_list(worker_service, user, "", station)


@post("/staff", opt=roles(*STAFF))
async def staff_find(request: Request, user: User, worker_service: WorkerService) -> Template:
    """Find by name, phone or ID number, posted so that none of them lands in a URL, a log or the history."""
    data = await form_data(request)
    q = str(data.get("q") or "")[:FIND_LENGTH]
    return await _staff_list(worker_service, user, q, station_filter(data.get("station")))


@get("/workers/skill-suggest", opt=roles(*STAFF, *WORKER))
async def skill_suggest(request: Request, worker_service: WorkerService) -> Template:
    """The trades a skill name may be, to pick from as it is typed (workers/_skill_trade.html)."""
    row = clamp_int(request.query_params.get("row"), 0, MAX_SKILLS - 1, 0)
    name = str(request.query_params.get(f"skill_name_{row}") or "")[:40]
    trades = await worker_service.suggest_trades(name)
    return Template(
        "workers/_skill_trade.html",
        context={
            "row": row,
            "trades": trades,
            "values": {},
            "sure": SKILL_SURE,
            "none_of_these": NONE_OF_THESE,
        },
    )


@get("/workers/new", opt=roles(*STAFF))
async def new() -> Template:
    return Template("workers/new.html", context=_form_context({}, {}))


@post("/workers", opt=roles(*STAFF))
async def create(
    request: Request, user: User, worker_service: WorkerService
) -> Template | Redirect:
    data = await form_data(request)
    try:
        worker = await worker_service.record(rows_from_form(data), recorded_by=user)
    except FormError as exc:
        return _refused(request, exc, data)
    return Redirect(path=f"/workers/{worker.id}")


@get("/workers/{worker_id:int}/edit", opt=roles(*STAFF))
async def edit(worker_id: int, user: User, worker_service: WorkerService) -> Template:
    worker = await worker_service.read_archive(check_id(worker_id), user)
    context = _form_context(
        {}, archive_values(worker), f"/workers/{worker.id}", "edit", worker.consent_at is not None
    )
    return Template("workers/new.html", context=context)


@post("/workers/{worker_id:int}", opt=roles(*STAFF))
async def update(
    request: Request, worker_id: int, user: User, worker_service: WorkerService
) -> Template | Redirect:
    data = await form_data(request)
    try:
        worker = await worker_service.revise(check_id(worker_id), rows_from_form(data), by=user)
    except FormError as exc:
        worker = await worker_service.get(worker_id)  # as it was: nothing was saved
        action, consented = f"/workers/{worker.id}", worker.consent_at is not None
        return _refused(request, exc, data, action, "edit", consented)
    return Redirect(path=f"/workers/{worker.id}?saved=1")  # base.html shows 已保存


@get("/me/edit", opt=roles(*WORKER))
async def edit_mine(user: User, worker_service: WorkerService) -> Template | Redirect:
    worker = await worker_service.of_user(user.id)
    if (
        worker is None
    ):  # none yet: the worker fills in the whole archive, the phone is the account's
        values = {"name": user.display_name, "share": True}
        return Template("workers/new.html", context=_form_context({}, values, "/me", "self_new"))
    context = _form_context({}, archive_values(worker), "/me", "self")
    return Template("workers/new.html", context=context)


@post("/me", opt=roles(*WORKER))
async def update_mine(
    request: Request, user: User, worker_service: WorkerService
) -> Template | Redirect:
    """The worker's own edit, or their new archive if they have none yet."""
    data = await form_data(request)
    has_archive = await worker_service.of_user(user.id) is not None
    try:
        if has_archive:
            await worker_service.revise_own(user, rows_from_form(data))
        else:
            await worker_service.create_own(user, rows_from_form(data))
    except FormError as exc:
        return _refused(request, exc, data, "/me", "self" if has_archive else "self_new")
    return Redirect(path="/me?saved=1" if has_archive else "/me")  # base.html shows 已保存


@get("/workers/{worker_id:int}", opt=roles(*STAFF))
async def show(
    worker_id: int,
    user: User,
    worker_service: WorkerService,
    match_service: MatchService,
    station_service: StationService,
    return_service: ReturnService,
) -> Template:
    """The archive for staff, with where it has moved between stations and the plan to come home."""
    worker = await worker_service.read_archive(check_id(worker_id), user)
    page = await _archive_page(worker, worker_service, match_service, is_staff=True)
    page.context |= {
        "moves": await station_service.moves(worker.id),
        "station_names": {i: s["name"] for i, s in enumerate(stations(), start=1)},
        "plan": await return_service.of_worker(worker.id),
    }
    return page


@get("/me", opt=roles(*WORKER))
async def me(
    user: User,
    worker_service: WorkerService,
    match_service: MatchService,
    feedback_service: FeedbackService,
    inbox: Inbox,
) -> Template:
    """The worker's own page: the jobs that fit, first; then the archive, interests, reports and
    contracts. Without an archive: claim the station's with a code, or fill one in."""
    await worker_service.seen(user)
    worker = await worker_service.of_user(user.id)
    if worker is None:
        context = {"stations": stations(), "values": {}, "errors": {}, "limits": CLAIM_LIMITS}
        return Template("workers/no_archive.html", context=context)
    shown = await match_service.for_worker(worker)
    await inbox.note_matches(user, [job for job, _ in shown.matches])
    context = {
        "worker": worker,
        "matches": shown.matches,
        "near": shown.near,
        "measures": shown.measures,
        "contracts": await worker_service.contracts(worker),
        "interests": await feedback_service.interests_of(worker),
        "reports": await feedback_service.reports_of(user),
        "trade_names": await worker_service.trade_names(worker),
    }
    return Template("workers/me.html", context=context)


ROUTES = [
    staff_home,
    staff_find,
    skill_suggest,
    new,
    create,
    edit,
    update,
    edit_mine,
    update_mine,
    show,
    me,
]
