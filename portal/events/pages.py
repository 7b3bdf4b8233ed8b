"""Events and the fair table: find the worker, see their best matches at this fair, fill the contract;
an event's contracts as one PDF and as Excel; the county's contract statistics."""

from __future__ import annotations

import io
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, roles
from ..contracts.pages import pdf_response, verify_url
from ..contracts.service import LABELS, ContractService
from ..forms import FormError, split_list
from ..matches.service import MatchService
from ..models import User
from ..reference import stations, townships
from ..runtime import Runtime
from ..security import clean_id_number
from ..stats.service import contract_report
from ..web import check_id, errors_for, form_data
from ..workers.service import WorkerService, parse_worker_form
from .service import KINDS, EventService, parse_event_form

DESK_MATCHES = 8


def event_json(e) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "held_on": e.held_on.isoformat(),
        "place": e.place,
        "station_id": e.station_id,
        "contracts": e.last_seq,
        "url": f"/events/{e.id}",
    }


@get("/events", opt=roles(*STAFF))
async def index(db_session: AsyncSession) -> Template:
    return Template(
        "events/index.html",
        context={
            "events": await EventService(db_session).recent(),
            "kinds": KINDS,
            "stations": stations(),
            "values": {},
            "errors": {},
        },
    )


@post("/events", opt=roles(*STAFF))
async def create(request: Request, db_session: AsyncSession, user: User) -> Template | Redirect:
    data = await form_data(request)
    service = EventService(db_session)
    try:
        event = await service.create(parse_event_form(data), user)
    except FormError as exc:
        return Template(
            "events/index.html",
            status_code=400,
            context={
                "events": await service.recent(),
                "kinds": KINDS,
                "stations": stations(),
                "values": data,
                "errors": errors_for(request, exc),
            },
        )
    return Redirect(path=f"/events/{event.id}")


@post("/api/v1/events", opt=roles(*STAFF), status_code=201)
async def api_create(data: dict[str, Any], db_session: AsyncSession, user: User) -> dict[str, Any]:
    return event_json(await EventService(db_session).create(parse_event_form(data), user))


async def _event_page(
    request: Request,
    db_session: AsyncSession,
    event_id: int,
    errors: dict | None = None,
    added: int | None = None,
    status_code: int = 200,
) -> Template:
    service = EventService(db_session)
    event = await service.get(check_id(event_id))
    return Template(
        "events/show.html",
        status_code=status_code,
        context={
            "event": event,
            "jobs": await service.jobs(event.id),
            "contracts": await ContractService(db_session).of_event(event.id),
            "attendees": len(await service.attendees(event.id)),
            "errors": errors or {},
            "added": added,
        },
    )


@get("/events/{event_id:int}", opt=roles(*STAFF))
async def show(request: Request, event_id: int, db_session: AsyncSession) -> Template:
    return await _event_page(request, db_session, event_id)


@post("/events/{event_id:int}/employers", opt=roles(*STAFF))
async def add_employer(request: Request, event_id: int, db_session: AsyncSession) -> Template:
    """An employer takes part: every published vacancy of theirs is offered at the event."""
    data = await form_data(request)
    code = data.get("employer") if isinstance(data.get("employer"), str) else ""
    try:
        added = await EventService(db_session).add_employer(check_id(event_id), code)
    except FormError as exc:
        return await _event_page(
            request, db_session, event_id, errors_for(request, exc), status_code=400
        )
    return await _event_page(request, db_session, event_id, added=added)


@post("/api/v1/events/{event_id:int}/jobs", opt=roles(*STAFF))
async def api_add_jobs(
    event_id: int, data: dict[str, Any], db_session: AsyncSession
) -> dict[str, Any]:
    """``{job_ids: [..]}`` and/or ``{employer: credit code}``: vacancies offered at the event."""
    service = EventService(db_session)
    ids = data.get("job_ids") or []
    added = 0
    if isinstance(ids, list) and ids:
        added += await service.add_jobs(
            check_id(event_id), [i for i in ids if isinstance(i, int) and 1 <= i <= 2**31 - 1]
        )
    if isinstance(data.get("employer"), str):
        added += await service.add_employer(check_id(event_id), data["employer"])
    return {
        "event_id": event_id,
        "added": added,
        "jobs": [j.id for j in await service.jobs(check_id(event_id))],
    }


async def _desk_context(
    db_session: AsyncSession, runtime: Runtime, event_id: int, q: str, worker_id: int | None
) -> dict[str, Any]:
    service = EventService(db_session)
    event = await service.get(check_id(event_id))
    workers = await WorkerService(db_session).find(q, limit=10) if q else []
    worker = await WorkerService(db_session).get(check_id(worker_id)) if worker_id else None
    if worker is None and len(workers) == 1:
        worker = workers[0]
    matches = []
    if worker is not None:
        scored = await MatchService(db_session, runtime.matches, runtime.vocabulary).scored_jobs(
            worker, await service.jobs(event.id)
        )
        matches = sorted(scored, key=lambda pair: (not pair[1].is_eligible, -pair[1].total))[
            :DESK_MATCHES
        ]
    return {
        "event": event,
        "q": q,
        "workers": workers,
        "worker": worker,
        "matches": matches,
        "townships": townships(),
        "values": {"phone": q if q.isdigit() and len(q) == 11 else ""},
        "errors": {},
    }


@get("/events/{event_id:int}/desk", opt=roles(*STAFF))
async def desk(
    request: Request, event_id: int, db_session: AsyncSession, runtime: Runtime
) -> Template:
    """The fair table: one screen, keyboard first (the search box has focus; Enter searches).
    Only a worker chosen by archive id rides in the URL; a query string finds no one."""
    raw_id = request.query_params.get("worker_id")
    worker_id = (
        int(raw_id) if isinstance(raw_id, str) and raw_id.isdigit() and len(raw_id) < 10 else None
    )
    context = await _desk_context(db_session, runtime, event_id, "", worker_id)
    return Template("events/desk.html", context=context)


@post("/events/{event_id:int}/desk", opt=roles(*STAFF))
async def desk_find(
    request: Request, event_id: int, db_session: AsyncSession, runtime: Runtime
) -> Template:
    """The search box posts: a phone or a full ID number never lands in a URL, a log or the history."""
    data = await form_data(request)
    q = str(data.get("q") or "")[:40].strip()
    return Template(
        "events/desk.html", context=await _desk_context(db_session, runtime, event_id, q, None)
    )


@post("/events/{event_id:int}/workers", opt=roles(*STAFF))
async def desk_archive(
    request: Request, event_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template | Redirect:
    """A minimal archive on the spot (with the worker's consent), then back to the table with them chosen."""
    data = await form_data(request)
    id_number = clean_id_number(
        data.get("id_number") if isinstance(data.get("id_number"), str) else ""
    )
    typed = data.get("skills") if isinstance(data.get("skills"), str) else ""
    skills = [{"name": name} for name in split_list(typed)][:10]
    raw = {
        **data,
        "skills": skills,
        "birth_year": id_number[6:10] if id_number else data.get("birth_year"),
        "consent_method": "in_person",
    }
    try:
        form = parse_worker_form(raw, trades=await runtime.vocabulary.trades())
        worker = await WorkerService(db_session).create(form, recorded_by=user)
    except FormError as exc:
        context = await _desk_context(db_session, runtime, event_id, "", None)
        context.update(values=data, errors=errors_for(request, exc))
        return Template("events/desk.html", context=context, status_code=400)
    await EventService(db_session).attend(check_id(event_id), worker.id)
    return Redirect(path=f"/events/{event_id}/desk?worker_id={worker.id}")


@get("/events/{event_id:int}/contracts.pdf", opt=roles(*STAFF))
async def event_pdf(
    request: Request, event_id: int, db_session: AsyncSession, runtime: Runtime
) -> Response:
    event = await EventService(db_session).get(check_id(event_id))
    contracts = [
        c for c in await ContractService(db_session).of_event(event.id) if c.status != "cancelled"
    ]
    return await pdf_response(request, contracts, runtime, f"event-{event.id}-contracts.pdf")


@get("/events/{event_id:int}/print", opt=roles(*STAFF))
async def event_print(event_id: int, db_session: AsyncSession, runtime: Runtime) -> Template:
    """Every contract of the event, two copies each, for the browser's print dialog."""
    event = await EventService(db_session).get(check_id(event_id))
    contracts = [
        c for c in await ContractService(db_session).of_event(event.id) if c.status != "cancelled"
    ]
    return Template(
        "contracts/print.html",
        context={"contracts": contracts, "verify_url": lambda x: verify_url(runtime, x)},
    )


XLSX_HEAD = [
    "合同编号",
    "状态",
    "务工人员",
    "身份证号（脱敏）",
    "户籍乡镇",
    "工作站",
    "用人单位",
    "统一社会信用代码",
    "岗位",
    "月工资",
    "工作地点",
    "到岗日期",
    "试用期（月）",
    "签订时间",
    "报到日期",
    "在岗30天",
    "在岗90天",
    "取消原因",
]


@get("/events/{event_id:int}/contracts.xlsx", opt=roles(*STAFF))
async def event_xlsx(event_id: int, db_session: AsyncSession) -> Response:
    """The event's contracts for the county's own reporting (openpyxl)."""
    from openpyxl import Workbook

    from ..security import mask_id_number
    from ..sheets import append_row

    event = await EventService(db_session).get(check_id(event_id))
    book = Workbook()
    sheet = book.active
    sheet.title = "意向合同"
    append_row(sheet, [f"{event.title}（{event.held_on.isoformat()}，{event.place}）"])
    append_row(sheet, XLSX_HEAD)
    for c in await ContractService(db_session).of_event(event.id):
        append_row(
            sheet,
            [
                c.number,
                LABELS.get(c.status, c.status),
                c.worker.name,
                mask_id_number(c.worker.id_number),
                c.worker.home_township.name,
                c.worker.station.name if c.worker.station else "",
                c.job.employer.name,
                c.job.employer.credit_code,
                c.position,
                c.wage,
                c.workplace,
                c.start_date,
                c.probation_months,
                c.signed_at.replace(tzinfo=None) if c.signed_at else None,
                c.reported_at,
                "是" if c.in_post_30_at else "",
                "是" if c.in_post_90_at else "",
                c.cancel_reason,
            ],
        )
    for column, width in zip(
        "ABCDEFGHIJKLMNOPQR", (18, 10, 10, 22, 10, 16, 28, 22, 14, 8, 30, 12, 8, 18, 12, 8, 8, 20)
    ):
        sheet.column_dimensions[column].width = width
    buf = io.BytesIO()
    book.save(buf)
    return Response(
        buf.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="event-{event.id}-contracts.xlsx"'},
    )


async def _report(db_session: AsyncSession, runtime: Runtime):
    trades = await runtime.vocabulary.trades()
    return await contract_report(db_session, {code: o.name for code, o in trades.by_code.items()})


@get("/staff/stats", opt=roles(*STAFF))
async def stats(db_session: AsyncSession, runtime: Runtime) -> Template:
    return Template("events/stats.html", context={"report": await _report(db_session, runtime)})


@get("/api/v1/stats/contracts", opt=roles(*STAFF))
async def api_stats(db_session: AsyncSession, runtime: Runtime) -> dict[str, Any]:
    return (await _report(db_session, runtime)).as_dict()


ROUTES = [
    index,
    create,
    api_create,
    show,
    add_employer,
    api_add_jobs,
    desk,
    desk_find,
    desk_archive,
    event_pdf,
    event_print,
    event_xlsx,
    stats,
    api_stats,
]
