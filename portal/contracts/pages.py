"""Intent contracts: fill from a worker and a vacancy, print (HTML and PDF), verify, follow up."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, WORKER, public, roles
from ..errors import NotFound
from ..events.service import EventService
from ..forms import FormError, Message
from ..i18n import N_, lang_of
from ..jobs.service import JobService, month_range
from ..models import Contract, User
from ..runtime import Runtime
from ..security import mask_name, sign, unsign
from ..templating import render
from ..web import check_id, errors_for, form_data
from ..workers.service import WorkerService
from .pdf import CHUNK, PdfFailed, render_pdf_parts
from .service import NEXT, ContractService, parse_contract_form, workplace_of

TOKEN_PURPOSE = "contract-verify"
_REF = re.compile(r"(\d{1,10})(\.pdf)?")


def verify_path(runtime: Runtime, contract: Contract) -> str:
    return f"/contracts/verify/{sign(runtime.settings.secret_key, TOKEN_PURPOSE, str(contract.id))}"


def verify_url(runtime: Runtime, contract: Contract) -> str:
    """The link printed on a contract (QR and text): the configured public address, never the Host header."""
    return runtime.settings.public_base_url + verify_path(runtime, contract)


def contract_json(c: Contract, runtime: Runtime) -> dict[str, Any]:
    return {
        "id": c.id,
        "number": c.number,
        "status": c.status,
        "event_id": c.event_id,
        "worker_id": c.worker_id,
        "worker_name": c.worker.name,
        "job_id": c.job_id,
        "employer": c.job.employer.name,
        "position": c.position,
        "wage": c.wage,
        "wage_reason": c.wage_reason,
        "workplace": c.workplace,
        "start_date": c.start_date.isoformat(),
        "probation_months": c.probation_months,
        "term_days": c.term_days,
        "has_housing": c.has_housing,
        "has_meals": c.has_meals,
        "signed_at": c.signed_at.isoformat() if c.signed_at else None,
        "reported_at": c.reported_at.isoformat() if c.reported_at else None,
        "cancel_reason": c.cancel_reason,
        "verify_url": verify_path(runtime, c),
        "print_url": f"/contracts/{c.id}/print",
        "pdf_url": f"/contracts/{c.id}.pdf",
    }


async def _draft(
    db_session: AsyncSession, worker_id: Any, job_id: Any, event_id: Any, user: User
) -> dict[str, Any]:
    """The values a new contract starts from: the worker's and the vacancy's records."""
    worker = await WorkerService(db_session).get(check_id(int(worker_id)))
    job = await JobService(db_session).visible(check_id(int(job_id)), user)
    event = (
        await EventService(db_session).get(check_id(int(event_id)))
        if event_id not in (None, "")
        else None
    )
    start = max(
        dt.date.today() + dt.timedelta(days=7),
        worker.available_from or dt.date.min,
        job.start_date or dt.date.min,
    )
    low, high = month_range(job)  # the contract states a monthly wage, whatever the vacancy's unit
    wage = min(max(worker.expected_wage, low), high)
    return {
        "worker": worker,
        "job": job,
        "event": event,
        "values": {
            "worker_id": worker.id,
            "job_id": job.id,
            "event_id": event.id if event else "",
            "wage": wage,
            "start_date": start.isoformat(),
            "position": job.title,
            "workplace": workplace_of(job),
            "probation_months": 0,
            "term_days": 30,
            "has_housing": job.has_housing,
            "has_meals": job.has_meals,
            "wage_reason": "",
        },
    }


@get("/contracts/new", opt=roles(*STAFF))
async def new(
    db_session: AsyncSession, user: User, worker_id: int, job_id: int, event_id: int | None = None
) -> Template:
    context = await _draft(db_session, worker_id, job_id, event_id, user)
    return Template("contracts/new.html", context={**context, "errors": {}})


@post("/contracts", opt=roles(*STAFF))
async def create(request: Request, db_session: AsyncSession, user: User) -> Template | Redirect:
    data = await form_data(request)
    for box in (
        "has_housing",
        "has_meals",
    ):  # an unticked box is sent as nothing: "not offered", not "as the vacancy"
        data.setdefault(box, "")
    try:
        contract = await ContractService(db_session).create(parse_contract_form(data), user)
    except FormError as exc:
        try:
            context = await _draft(
                db_session, data.get("worker_id"), data.get("job_id"), data.get("event_id"), user
            )
        except (NotFound, TypeError, ValueError):
            raise NotFound from None
        context.update(values=data, errors=errors_for(request, exc))
        return Template("contracts/new.html", context=context, status_code=400)
    return Redirect(path=f"/contracts/{contract.id}")


@post("/api/v1/contracts", opt=roles(*STAFF), status_code=201)
async def api_create(
    data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    contract = await ContractService(db_session).create(parse_contract_form(data), user)
    return contract_json(contract, runtime)


def _print_context(c: Contract, runtime: Runtime) -> dict[str, Any]:
    return {"contracts": [c], "verify_url": lambda x: verify_url(runtime, x)}


async def pdf_response(
    request: Request, contracts: list[Contract], runtime: Runtime, filename: str
) -> Response:
    """The contracts (two copies each) as one PDF; a render failure says why and changes nothing."""
    parts = [
        render(
            request,
            "contracts/print.html",
            {
                "contracts": contracts[i : i + CHUNK],
                "pdf": True,
                "verify_url": lambda x: verify_url(runtime, x),
            },
        )
        for i in range(0, max(1, len(contracts)), CHUNK)
    ]
    try:
        body = await render_pdf_parts(parts)
    except PdfFailed as failed:
        message = Message(
            N_(
                "The PDF could not be made (%(why)s). The contract is kept; print the web page instead."
            ),
            {"why": str(failed)[:120]},
        ).render(lang_of(request))
        return Response(message, status_code=503, media_type="text/plain; charset=utf-8")
    return Response(
        body,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


@get("/contracts/{ref:str}", opt=roles(*STAFF))
async def show(
    request: Request, ref: str, db_session: AsyncSession, runtime: Runtime
) -> Template | Response:
    """``/contracts/42`` the contract and its follow-ups; ``/contracts/42.pdf`` its two copies as PDF."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise NotFound
    service = ContractService(db_session)
    c = await service.get(check_id(int(m.group(1))))
    if m.group(2):
        return await pdf_response(request, [c], runtime, f"{c.number}.pdf")
    return Template(
        "contracts/show.html",
        context={
            "c": c,
            "verify_url": lambda x: verify_url(runtime, x),
            "history": await service.history(c.id),
            "next_steps": NEXT.get(c.status, ()),
            "errors": {},
        },
    )


@post("/contracts/{contract_id:int}/status", opt=roles(*STAFF))
async def advance(
    request: Request, contract_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    service = ContractService(db_session)
    try:
        on = dt.date.fromisoformat(str(data.get("on"))) if data.get("on") else None
    except ValueError:
        on = dt.date.max  # refused below as a date in the future
    try:
        await service.advance(
            check_id(contract_id),
            user,
            str(data.get("to") or ""),
            str(data.get("note") or ""),
            on=on,
        )
    except FormError as exc:
        c = await service.get(check_id(contract_id))
        return Template(
            "contracts/show.html",
            status_code=400,
            context={
                "c": c,
                "verify_url": lambda x: verify_url(runtime, x),
                "history": await service.history(c.id),
                "next_steps": NEXT.get(c.status, ()),
                "errors": errors_for(request, exc),
            },
        )
    return Redirect(path=f"/contracts/{contract_id}")


@post("/api/v1/contracts/{contract_id:int}/status", opt=roles(*STAFF))
async def api_advance(
    contract_id: int, data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    """``{to: signed|reported|in_post_30|in_post_90|cancelled|expired, note, on: "2027-03-01"}``."""
    to, note, on = data.get("to"), data.get("note") or "", data.get("on")
    if not isinstance(to, str) or not isinstance(note, str):
        raise FormError({"to": Message(N_("Please choose one of the options."))})
    try:
        day = dt.date.fromisoformat(on) if isinstance(on, str) and on else None
    except ValueError:
        raise FormError({"on": Message(N_("Please enter a date like 2027-02-15."))}) from None
    return contract_json(
        await ContractService(db_session).advance(check_id(contract_id), user, to, note, on=day),
        runtime,
    )


@get("/api/v1/contracts/{contract_id:int}", opt=roles(*STAFF))
async def api_show(contract_id: int, db_session: AsyncSession, runtime: Runtime) -> dict[str, Any]:
    return contract_json(await ContractService(db_session).get(check_id(contract_id)), runtime)


@get("/contracts/{contract_id:int}/print", opt=roles(*STAFF))
async def print_view(contract_id: int, db_session: AsyncSession, runtime: Runtime) -> Template:
    c = await ContractService(db_session).get(check_id(contract_id))
    return Template("contracts/print.html", context=_print_context(c, runtime))


@get("/me/contracts", opt=roles(*WORKER))
async def my_contracts(db_session: AsyncSession, user: User) -> Template:
    worker = await WorkerService(db_session).of_user(user.id)
    contracts = await ContractService(db_session).of_worker(worker.id) if worker else []
    return Template("contracts/mine.html", context={"contracts": contracts})


@get("/api/v1/me/contracts", opt=roles(*WORKER))
async def api_my_contracts(
    db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    worker = await WorkerService(db_session).of_user(user.id)
    contracts = await ContractService(db_session).of_worker(worker.id) if worker else []
    return {"contracts": [contract_json(c, runtime) for c in contracts]}


@get("/contracts/verify/{token:str}", opt=public())
async def verify(
    request: Request, token: str, db_session: AsyncSession, runtime: Runtime
) -> Template:
    """Public: number, status, employer, position and a masked name, for a token only the portal can make."""
    value = unsign(runtime.settings.secret_key, TOKEN_PURPOSE, token[:200])
    c = None
    if value is not None and value.isdigit() and 1 <= int(value) <= 2**31 - 1:
        try:
            c = await ContractService(db_session).get(int(value))
        except NotFound:
            c = None
    if c is None:
        return Template(
            "contracts/verify.html", status_code=404, context={"c": None, "masked_name": ""}
        )
    return Template(
        "contracts/verify.html", context={"c": c, "masked_name": mask_name(c.worker.name)}
    )


ROUTES = [
    new,
    create,
    api_create,
    show,
    advance,
    api_advance,
    api_show,
    print_view,
    my_contracts,
    api_my_contracts,
    verify,
]
