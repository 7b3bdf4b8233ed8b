"""Intent contracts: fill from a worker and a vacancy, print (HTML and PDF), verify, follow up."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template

from ..auth import STAFF, WORKER, public, roles
from ..errors import NotFound
from ..forms import FormError
from ..models import Contract, User
from ..runtime import Runtime
from ..security import mask_name
from ..web import check_id, errors_for, form_data
from .forms import LIMITS, parse_contract_form, parse_step
from .printing import pdf_response, print_context, verified_id, verify_url
from .service import ContractService, Draft

_REF = re.compile(r"(\d{1,10})(\.pdf)?")


def _ticked(data: dict[str, Any]) -> dict[str, Any]:
    """An unticked box is sent as nothing: on this form that means "not offered", not "as the vacancy"."""
    return {"has_housing": "", "has_meals": "", **data}


@get("/contracts/new", opt=roles(*STAFF))
async def new(
    contract_service: ContractService,
    user: User,
    worker_id: int,
    job_id: int,
    event_id: int | None = None,
) -> Template:
    draft = await contract_service.draft(worker_id, job_id, event_id, user)
    return Template("contracts/new.html", context=_form_context(draft, draft.values, {}))


def _form_context(draft: Draft, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "worker": draft.worker,
        "job": draft.job,
        "event": draft.event,
        "values": values,
        "errors": errors,
        "limits": LIMITS,
    }


@post("/contracts", opt=roles(*STAFF))
async def create(
    request: Request, contract_service: ContractService, user: User
) -> Template | Redirect:
    data = _ticked(await form_data(request))
    try:
        contract = await contract_service.create(parse_contract_form(data), user)
    except FormError as exc:
        ids = (data.get("worker_id"), data.get("job_id"), data.get("event_id"))
        draft = await contract_service.draft(*ids, user)
        context = _form_context(draft, data, errors_for(request, exc))
        return Template("contracts/new.html", context=context, status_code=400)
    return Redirect(path=f"/contracts/{contract.id}")


async def _show_context(
    service: ContractService, c: Contract, runtime: Runtime, errors: dict[str, str]
) -> dict[str, Any]:
    return {
        **print_context([c], runtime),
        "c": c,
        "history": await service.history(c.id),
        "errors": errors,
        "limits": LIMITS,
    }


@get("/contracts/{ref:str}", opt=roles(*STAFF))
async def show(
    request: Request, ref: str, contract_service: ContractService, runtime: Runtime
) -> Template | Response:
    """``/contracts/42`` the contract and its follow-ups; ``/contracts/42.pdf`` its two copies as PDF."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise NotFound
    c = await contract_service.get(check_id(int(m.group(1))))
    if m.group(2):
        return await pdf_response(request, [c], runtime, f"{c.number}.pdf")
    context = await _show_context(contract_service, c, runtime, {})
    return Template("contracts/show.html", context=context)


@post("/contracts/{contract_id:int}/status", opt=roles(*STAFF))
async def advance(
    request: Request,
    contract_id: int,
    contract_service: ContractService,
    user: User,
    runtime: Runtime,
) -> Template | Redirect:
    data = await form_data(request)
    try:
        step = parse_step(data)
        await contract_service.advance(check_id(contract_id), user, step.to, step.note, on=step.on)
    except FormError as exc:
        c = await contract_service.get(check_id(contract_id))
        context = await _show_context(contract_service, c, runtime, errors_for(request, exc))
        return Template("contracts/show.html", status_code=400, context=context)
    return Redirect(path=f"/contracts/{contract_id}")


@get("/contracts/{contract_id:int}/print", opt=roles(*STAFF))
async def print_view(
    contract_id: int, contract_service: ContractService, runtime: Runtime
) -> Template:
    c = await contract_service.get(check_id(contract_id))
    return Template("contracts/print.html", context=print_context([c], runtime))


@get("/me/contracts", opt=roles(*WORKER))
async def my_contracts(contract_service: ContractService, user: User, runtime: Runtime) -> Template:
    """The worker's own contracts, each with its verification link (and QR) and its PDF."""
    contracts = await contract_service.of_user(user.id)
    links = {c.id: verify_url(runtime, c) for c in contracts}
    return Template("contracts/mine.html", context={"contracts": contracts, "links": links})


@get("/me/contracts/{ref:str}", opt=roles(*WORKER))
async def my_contract_pdf(
    request: Request, ref: str, contract_service: ContractService, user: User, runtime: Runtime
) -> Response:
    """``/me/contracts/42.pdf``: the worker's own contract, as printed; anyone else's is not there."""
    m = _REF.fullmatch(ref)
    if m is None or not m.group(2):
        raise NotFound
    c = await contract_service.get(check_id(int(m.group(1))))
    if c.worker is None or c.worker.user_id != user.id:
        raise NotFound
    return await pdf_response(request, [c], runtime, f"{c.number}.pdf")


@get("/contracts/verify/{token:str}", opt=public())
async def verify(token: str, contract_service: ContractService, runtime: Runtime) -> Template:
    """Public: number, status, employer, position and a masked name, for a token only the portal can make."""
    c = await contract_service.find(verified_id(runtime, token))
    if c is None:
        context = {"c": None, "masked_name": ""}
        return Template("contracts/verify.html", status_code=404, context=context)
    context = {"c": c, "masked_name": mask_name(c.party_name)}
    return Template("contracts/verify.html", context=context)


ROUTES = [new, create, show, advance, print_view, my_contracts, my_contract_pdf, verify]
