"""Employers: register with the credit code, staff verify them, the public trust card."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import EMPLOYER, STAFF, public, roles
from ..errors import NotFound
from ..forms import FormError, Message
from ..i18n import N_, gettext, lang_of
from ..jobs.service import JobService
from ..models import Employer, User
from ..reference import INDUSTRIES, townships
from ..runtime import Runtime
from ..security import new_challenge
from ..web import check_id, client_ip, errors_for, form_data
from .service import (
    METHODS,
    RECEIVED,
    EmployerService,
    Registration,
    TrustCard,
    parse_employer_form,
)


def employer_json(e: Employer, user: User | None = None) -> dict[str, Any]:
    """The public fields; the employer itself and staff also see contact, status detail and the reason."""
    body = {
        "id": e.id,
        "name": e.name,
        "credit_code": e.credit_code,
        "industry": e.industry,
        "township": e.township.name,
        "status": e.status,
        "verified_at": e.verified_at.isoformat() if e.verified_at else None,
        "verify_methods": list(e.verify_methods),
        "url": f"/employers/{e.id}",
    }
    if user is not None and (user.role in STAFF or user.employer_id == e.id):
        body.update(
            legal_rep=e.legal_rep,
            contact_name=e.contact_name,
            contact_phone=e.contact_phone,
            address=e.address,
            review_note=e.review_note,
        )
    return body


def trust_json(card: TrustCard) -> dict[str, Any]:
    e = card.employer
    return {
        "verified": e.is_verified,
        "verified_at": e.verified_at.date().isoformat() if e.verified_at else None,
        "methods": list(e.verify_methods),
        "vacancies_posted": card.vacancies_posted,
        "intents_signed": card.intents_signed,
        "hires": card.hires,
        "no_fees": True,
    }


def _form_context(values: dict, errors: dict, **more: Any) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "townships": townships(),
        "industries": INDUSTRIES,
        **more,
    }


def _challenge(runtime: Runtime) -> dict[str, Any]:
    token, a, b = new_challenge(runtime.settings.secret_key)
    return {"token": token, "a": a, "b": b}


async def _register(
    request: Request, data: dict[str, Any], db_session: AsyncSession, runtime: Runtime
) -> None:
    s = runtime.settings
    registration = Registration.of(data, client_ip(request, s.trusted_proxies))
    await EmployerService(db_session).register(
        registration,
        s.secret_key,
        per_address=s.register_max_per_address,
        window_seconds=s.register_window_seconds,
    )


@get("/employers/register", opt=public())
async def register_page(runtime: Runtime) -> Template:
    return Template(
        "employers/register.html", context=_form_context({}, {}, challenge=_challenge(runtime))
    )


@post("/employers/register", opt=public())
async def register(request: Request, db_session: AsyncSession, runtime: Runtime) -> Template:
    data = await form_data(request)
    try:
        await _register(request, data, db_session, runtime)
    except FormError as exc:
        values = {k: v for k, v in data.items() if not k.startswith(("password", "challenge"))}
        context = _form_context(values, errors_for(request, exc), challenge=_challenge(runtime))
        return Template("employers/register.html", context=context, status_code=400)
    return Template(
        "employers/received.html", context={"message": gettext(lang_of(request), RECEIVED)}
    )


@get("/api/v1/challenge", opt=public())
async def api_challenge(request: Request, runtime: Runtime) -> dict[str, Any]:
    """A one-time check for ``POST /api/v1/employers``: send ``token`` back as ``challenge`` and the sum
    asked in ``question`` as ``challenge_answer``; it expires in 30 minutes."""
    c = _challenge(runtime)
    question = gettext(lang_of(request), N_("What is %(a)s plus %(b)s?"), a=c["a"], b=c["b"])
    return {"token": c["token"], "question": question}


@post("/api/v1/employers", opt={**public(), "exclude_from_csrf": True}, status_code=202)
async def api_register(
    request: Request, data: dict[str, Any], db_session: AsyncSession, runtime: Runtime
) -> Response:
    """Register as JSON with a check from ``GET /api/v1/challenge``. The answer is the same whether or
    not the code or mobile is already known; log in afterwards through /api/v1/auth/login."""
    if request.content_type[0] != "application/json":
        # Exempt from CSRF like the login: a cross-site form cannot send JSON, so it cannot register anyone.
        raise HTTPException(status_code=415, detail="JSON only")
    await _register(request, data, db_session, runtime)
    return Response(
        {"status": "received", "detail": gettext(lang_of(request), RECEIVED)}, status_code=202
    )


@post("/employer/profile", opt=roles(*EMPLOYER))
async def resubmit(request: Request, db_session: AsyncSession, user: User) -> Template | Redirect:
    data = await form_data(request)
    service = EmployerService(db_session)
    try:
        await service.resubmit(user.employer_id, parse_employer_form(data, with_password=False))
    except FormError as exc:
        employer = await service.get(user.employer_id)
        jobs = await JobService(db_session).of_employer(user.employer_id)
        return Template(
            "jobs/employer.html",
            context=_form_context(data, errors_for(request, exc), employer=employer, jobs=jobs),
            status_code=400,
        )
    return Redirect(path="/employer")


@get("/staff/employers", opt=roles(*STAFF))
async def queue(db_session: AsyncSession) -> Template:
    return Template(
        "employers/queue.html",
        context={
            "employers": await EmployerService(db_session).queue(),
            "methods": METHODS,
            "errors": {},
        },
    )


async def _decide(
    employer_id: int, db_session: AsyncSession, user: User, data: dict[str, Any]
) -> Employer:
    service = EmployerService(db_session)
    action = data.get("action")
    note = data.get("note") if isinstance(data.get("note"), str) else ""
    if action == "verify":
        methods = data.get("methods")
        methods = methods if isinstance(methods, list) else [methods]
        return await service.verify(
            check_id(employer_id), user, [m for m in methods if isinstance(m, str)], note
        )
    if action in ("reject", "block"):
        return await service.reject(check_id(employer_id), user, note, block=action == "block")
    raise FormError({"action": Message(N_("Please choose one of the options."))})


@post("/staff/employers/{employer_id:int}", opt=roles(*STAFF))
async def decide(
    request: Request, employer_id: int, db_session: AsyncSession, user: User
) -> Template | Redirect:
    form = await request.form()
    data = {
        "action": form.get("action"),
        "note": form.get("note"),
        "methods": form.getall("methods", []),
    }
    try:
        await _decide(employer_id, db_session, user, data)
    except FormError as exc:
        context = {
            "employers": await EmployerService(db_session).queue(),
            "methods": METHODS,
            "errors": {employer_id: errors_for(request, exc)},
        }
        return Template("employers/queue.html", context=context, status_code=400)
    return Redirect(path="/staff/employers")


@post("/api/v1/employers/{employer_id:int}/review", opt=roles(*STAFF))
async def api_decide(
    request: Request, employer_id: int, data: dict[str, Any], db_session: AsyncSession, user: User
) -> dict[str, Any]:
    """``{action: verify|reject|block, methods: [licence, site_visit, phone], note}``."""
    return employer_json(await _decide(employer_id, db_session, user, data), user)


async def _public(db_session: AsyncSession, employer_id: int, user: User | None) -> Employer:
    """Verified employers are public; others only to themselves and staff."""
    employer = await EmployerService(db_session).get(check_id(employer_id))
    if employer.is_verified or (
        user is not None and (user.role in STAFF or user.employer_id == employer.id)
    ):
        return employer
    raise NotFound


@get("/employers/{employer_id:int}", opt=public())
async def show(
    request: Request, employer_id: int, db_session: AsyncSession, user: User | None
) -> Template:
    employer = await _public(db_session, employer_id, user)
    card = await EmployerService(db_session).trust_card(employer)
    jobs = [
        j for j in await JobService(db_session).of_employer(employer.id) if j.status == "published"
    ]
    return Template(
        "employers/show.html", context={"employer": employer, "card": card, "jobs": jobs}
    )


@get("/api/v1/employers/{employer_id:int}", opt=public())
async def api_show(
    request: Request, employer_id: int, db_session: AsyncSession, user: User | None
) -> dict[str, Any]:
    employer = await _public(db_session, employer_id, user)
    card = await EmployerService(db_session).trust_card(employer)
    return {**employer_json(employer, user), "trust": trust_json(card)}


ROUTES = [
    register_page,
    register,
    api_challenge,
    api_register,
    resubmit,
    queue,
    decide,
    api_decide,
    show,
    api_show,
]
