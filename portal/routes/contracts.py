"""Intent contracts: fill from a worker and a vacancy, print, verify."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, public, roles
from ..forms import FormError
from ..models import Contract, User
from ..runtime import Runtime
from ..security import mask_name, sign, unsign
from ..services.contracts import ContractService, parse_contract_form, workplace_of
from ..services.jobs import JobService, NotFound
from ..services.workers import WorkerService
from ._common import check_id, errors_for, form_data

TOKEN_PURPOSE = "contract-verify"


def verify_path(runtime: Runtime, contract: Contract) -> str:
    return f"/contracts/verify/{sign(runtime.settings.secret_key, TOKEN_PURPOSE, str(contract.id))}"


def contract_json(c: Contract, runtime: Runtime) -> dict[str, Any]:
    return {
        "id": c.id,
        "number": c.number,
        "status": c.status,
        "worker_id": c.worker_id,
        "worker_name": c.worker.name,
        "job_id": c.job_id,
        "employer": c.job.employer.name,
        "position": c.position,
        "wage": c.wage,
        "workplace": c.workplace,
        "start_date": c.start_date.isoformat(),
        "has_housing": c.has_housing,
        "has_meals": c.has_meals,
        "verify_url": verify_path(runtime, c),
        "print_url": f"/contracts/{c.id}/print",
    }


async def _draft(db_session: AsyncSession, worker_id: Any, job_id: Any, user: User) -> dict[str, Any]:
    """The values a new contract starts from: the worker's and the vacancy's records."""
    worker = await WorkerService(db_session).get(check_id(int(worker_id)))
    job = await JobService(db_session).visible(check_id(int(job_id)), user)
    start = max(dt.date.today() + dt.timedelta(days=7), worker.available_from or dt.date.min)
    wage = min(max(worker.expected_wage, job.wage_min), job.wage_max)
    return {"worker": worker, "job": job, "values": {
        "worker_id": worker.id, "job_id": job.id, "wage": wage, "start_date": start.isoformat(),
        "position": job.title, "workplace": workplace_of(job)}}


@get("/contracts/new", opt=roles(*STAFF))
async def new(db_session: AsyncSession, user: User, worker_id: int, job_id: int) -> Template:
    context = await _draft(db_session, worker_id, job_id, user)
    return Template("contracts/new.html", context={**context, "errors": {}})


@post("/contracts", opt=roles(*STAFF))
async def create(request: Request, db_session: AsyncSession, user: User) -> Template | Redirect:
    data = await form_data(request)
    try:
        contract = await ContractService(db_session).create(parse_contract_form(data), user)
    except FormError as exc:
        try:
            context = await _draft(db_session, data.get("worker_id"), data.get("job_id"), user)
        except (NotFound, TypeError, ValueError):
            raise NotFound from None
        context.update(values=data, errors=errors_for(request, exc))
        return Template("contracts/new.html", context=context, status_code=400)
    return Redirect(path=f"/contracts/{contract.id}")


@post("/api/v1/contracts", opt=roles(*STAFF), status_code=201)
async def api_create(data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime) -> dict[str, Any]:
    contract = await ContractService(db_session).create(parse_contract_form(data), user)
    return contract_json(contract, runtime)


@get("/contracts/{contract_id:int}", opt=roles(*STAFF))
async def show(contract_id: int, db_session: AsyncSession, runtime: Runtime) -> Template:
    c = await ContractService(db_session).get(check_id(contract_id))
    return Template("contracts/show.html", context={"c": c, "verify_url": verify_path(runtime, c)})


@get("/api/v1/contracts/{contract_id:int}", opt=roles(*STAFF))
async def api_show(contract_id: int, db_session: AsyncSession, runtime: Runtime) -> dict[str, Any]:
    return contract_json(await ContractService(db_session).get(check_id(contract_id)), runtime)


@get("/contracts/{contract_id:int}/print", opt=roles(*STAFF))
async def print_view(contract_id: int, db_session: AsyncSession, runtime: Runtime) -> Template:
    c = await ContractService(db_session).get(check_id(contract_id))
    return Template("contracts/print.html", context={"c": c, "verify_url": verify_path(runtime, c)})


@get("/contracts/verify/{token:str}", opt=public())
async def verify(token: str, db_session: AsyncSession, runtime: Runtime) -> Template:
    """Public: number, status, employer, position and a masked name, for a token only the portal can make."""
    value = unsign(runtime.settings.secret_key, TOKEN_PURPOSE, token)
    if value is None or not value.isdigit():
        raise NotFound
    c = await ContractService(db_session).get(check_id(int(value)))
    return Template("contracts/verify.html", context={"c": c, "masked_name": mask_name(c.worker.name)})


ROUTES = [new, create, api_create, show, api_show, print_view, verify]
