"""The contract API: the same service calls as the pages, typed bodies in and out (see /schema)."""

from __future__ import annotations

from litestar import get, post

from ..auth import STAFF, WORKER, roles
from ..models import Contract, User
from ..runtime import Runtime
from ..web import body, check_id
from .forms import parse_contract_form, parse_step
from .printing import verify_path
from .schemas import ContractCard, ContractList, ContractStep, NewContract
from .service import ContractService


def card(c: Contract, runtime: Runtime) -> ContractCard:
    return ContractCard(
        id=c.id,
        number=c.number,
        status=c.status,
        event_id=c.event_id,
        worker_id=c.worker_id,
        worker_name=c.party_name,
        job_id=c.job_id,
        employer=c.job.employer.name,
        position=c.position,
        wage=c.wage,
        wage_reason=c.wage_reason,
        workplace=c.workplace,
        start_date=c.start_date,
        probation_months=c.probation_months,
        term_days=c.term_days,
        has_housing=c.has_housing,
        has_meals=c.has_meals,
        signed_at=c.signed_at,
        reported_at=c.reported_at,
        cancel_reason=c.cancel_reason,
        verify_url=verify_path(runtime, c),
        print_url=f"/contracts/{c.id}/print",
        pdf_url=f"/contracts/{c.id}.pdf",
    )


@post("/api/v1/contracts", opt=roles(*STAFF), status_code=201)
async def create(
    data: NewContract, contract_service: ContractService, user: User, runtime: Runtime
) -> ContractCard:
    contract = await contract_service.create(parse_contract_form(body(data)), user)
    return card(contract, runtime)


@post("/api/v1/contracts/{contract_id:int}/status", opt=roles(*STAFF))
async def advance(
    contract_id: int,
    data: ContractStep,
    contract_service: ContractService,
    user: User,
    runtime: Runtime,
) -> ContractCard:
    step = parse_step(body(data))
    contract = await contract_service.advance(
        check_id(contract_id), user, step.to, step.note, on=step.on
    )
    return card(contract, runtime)


@get("/api/v1/contracts/{contract_id:int}", opt=roles(*STAFF))
async def show(
    contract_id: int, contract_service: ContractService, runtime: Runtime
) -> ContractCard:
    return card(await contract_service.get(check_id(contract_id)), runtime)


@get("/api/v1/me/contracts", opt=roles(*WORKER))
async def mine(contract_service: ContractService, user: User, runtime: Runtime) -> ContractList:
    contracts = await contract_service.of_user(user.id)
    return ContractList(contracts=[card(c, runtime) for c in contracts])


ROUTES = [create, advance, show, mine]
