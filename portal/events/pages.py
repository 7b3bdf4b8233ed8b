"""Events and the fair table: find the worker, see their best matches at this fair, fill the contract;
an event's contracts printed, as one PDF and as Excel."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template

from ..auth import STAFF, roles
from ..contracts.printing import pdf_response, print_context
from ..forms import FormError
from ..models import User
from ..reference import stations, townships
from ..runtime import Runtime
from ..web import check_id, errors_for, form_data
from .export import XLSX_TYPE
from .service import KIND_LABELS, LIMITS, Desk, EventPage, EventService, parse_event_form, query_of


async def _index(
    service: EventService, values: dict[str, Any], errors: dict[str, str], status_code: int = 200
) -> Template:
    context = {
        "events": await service.recent(),
        "kind_labels": KIND_LABELS,
        "stations": stations(),
        "limits": LIMITS,
        "values": values,
        "errors": errors,
    }
    return Template("events/index.html", context=context, status_code=status_code)


@get("/events", opt=roles(*STAFF))
async def index(event_service: EventService) -> Template:
    return await _index(event_service, {}, {})


@post("/events", opt=roles(*STAFF))
async def create(request: Request, event_service: EventService, user: User) -> Template | Redirect:
    data = await form_data(request)
    try:
        event = await event_service.create(parse_event_form(data), user)
    except FormError as exc:
        return await _index(event_service, data, errors_for(request, exc), 400)
    return Redirect(path=f"/events/{event.id}")


def _event_page(
    page: EventPage, errors: dict | None = None, added: int | None = None, status_code: int = 200
) -> Template:
    context = {
        "event": page.event,
        "jobs": page.jobs,
        "contracts": page.contracts,
        "attendees": page.attendees,
        "errors": errors or {},
        "added": added,
    }
    return Template("events/show.html", status_code=status_code, context=context)


@get("/events/{event_id:int}", opt=roles(*STAFF))
async def show(event_id: int, event_service: EventService) -> Template:
    return _event_page(await event_service.page(check_id(event_id)))


@post("/events/{event_id:int}/employers", opt=roles(*STAFF))
async def add_employer(request: Request, event_id: int, event_service: EventService) -> Template:
    """An employer takes part: every published vacancy of theirs is offered at the event."""
    data = await form_data(request)
    code = data.get("employer") if isinstance(data.get("employer"), str) else ""
    try:
        added = await event_service.add_employer(check_id(event_id), code)
    except FormError as exc:
        page = await event_service.page(event_id)
        return _event_page(page, errors_for(request, exc), status_code=400)
    return _event_page(await event_service.page(event_id), added=added)


def _desk_page(
    desk: Desk, values: dict[str, Any] | None = None, errors: dict | None = None, status: int = 200
) -> Template:
    phone = desk.q if desk.q.isdigit() and len(desk.q) == 11 else ""  # carried into a new archive
    context = {
        "event": desk.event,
        "q": desk.q,
        "workers": desk.workers,
        "worker": desk.worker,
        "matches": desk.matches,
        "townships": townships(),
        "limits": LIMITS,
        "values": values if values is not None else {"phone": phone},
        "errors": errors or {},
    }
    return Template("events/desk.html", context=context, status_code=status)


@get("/events/{event_id:int}/desk", opt=roles(*STAFF))
async def desk(request: Request, event_id: int, event_service: EventService) -> Template | Redirect:
    """The fair table: one screen, keyboard first (the search box has focus; Enter searches).
    Only a worker chosen by archive id rides in the URL; anything else typed into the query string
    (a phone, an ID number) is dropped from the address, so no link on the page repeats it."""
    raw_id = request.query_params.get("worker_id")
    chosen = isinstance(raw_id, str) and raw_id.isdigit() and len(raw_id) < 10
    worker_id = check_id(int(raw_id)) if chosen else None
    if set(request.query_params) - {"worker_id"}:
        clean = f"?worker_id={worker_id}" if worker_id else ""
        return Redirect(path=f"/events/{check_id(event_id)}/desk{clean}")
    return _desk_page(await event_service.desk(check_id(event_id), worker_id=worker_id))


@post("/events/{event_id:int}/desk", opt=roles(*STAFF))
async def desk_find(request: Request, event_id: int, event_service: EventService) -> Template:
    """The search box posts: a phone or a full ID number never lands in a URL, a log or the history."""
    data = await form_data(request)
    return _desk_page(await event_service.desk(check_id(event_id), query_of(data.get("q"))))


@post("/events/{event_id:int}/workers", opt=roles(*STAFF))
async def desk_archive(
    request: Request, event_id: int, event_service: EventService, user: User
) -> Template | Redirect:
    """A minimal archive on the spot (with the worker's consent), then back to the table with them chosen."""
    data = await form_data(request)
    try:
        worker = await event_service.archive_at_desk(check_id(event_id), data, user)
    except FormError as exc:
        desk = await event_service.desk(event_id)
        return _desk_page(desk, data, errors_for(request, exc), 400)
    return Redirect(path=f"/events/{event_id}/desk?worker_id={worker.id}")


@get("/events/{event_id:int}/contracts.pdf", opt=roles(*STAFF))
async def event_pdf(
    request: Request, event_id: int, event_service: EventService, runtime: Runtime
) -> Response:
    event, contracts = await event_service.printable(check_id(event_id))
    return await pdf_response(request, contracts, runtime, f"event-{event.id}-contracts.pdf")


@get("/events/{event_id:int}/print", opt=roles(*STAFF))
async def event_print(event_id: int, event_service: EventService, runtime: Runtime) -> Template:
    """Every contract of the event, two copies each, for the browser's print dialog."""
    _, contracts = await event_service.printable(check_id(event_id))
    return Template("contracts/print.html", context=print_context(contracts, runtime))


@get("/events/{event_id:int}/contracts.xlsx", opt=roles(*STAFF))
async def event_xlsx(event_id: int, event_service: EventService) -> Response:
    """The event's contracts for the county's own reporting."""
    event, workbook = await event_service.export(check_id(event_id))
    disposition = f'attachment; filename="event-{event.id}-contracts.xlsx"'
    return Response(workbook, media_type=XLSX_TYPE, headers={"content-disposition": disposition})


ROUTES = [
    index,
    create,
    show,
    add_employer,
    desk,
    desk_find,
    desk_archive,
    event_pdf,
    event_print,
    event_xlsx,
]
