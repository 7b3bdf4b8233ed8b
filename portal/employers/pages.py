"""Employers' pages: register with the credit code, staff verify them, the public trust card."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from ..auth import EMPLOYER, STAFF, public, roles
from ..forms import FormError
from ..i18n import N_, gettext, lang_of
from ..models import User
from ..reference import INDUSTRIES, townships
from ..runtime import Runtime
from ..security import new_challenge
from ..web import check_id, client_ip, errors_for, form_data
from .forms import Decision, Registration, parse_employer_form
from .schemas import trust_json as trust_json  # the vacancy's JSON (portal/jobs) takes it from here
from .service import RECEIVED, EmployerService

# Never shown again on a refused form: what was typed as a password, and the used-up check.
_NOT_KEPT = ("password", "challenge")


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


@get("/employers/register", opt=public())
async def register_page(runtime: Runtime) -> Template:
    context = _form_context({}, {}, challenge=_challenge(runtime))
    return Template("employers/register.html", context=context)


@post("/employers/register", opt=public())
async def register(
    request: Request, employer_service: EmployerService, runtime: Runtime
) -> Template:
    data = await form_data(request)
    ip = client_ip(request, runtime.settings.trusted_proxies)
    try:
        await employer_service.receive(Registration.of(data, ip))
    except FormError as exc:
        values = {k: v for k, v in data.items() if not k.startswith(_NOT_KEPT)}
        context = _form_context(values, errors_for(request, exc), challenge=_challenge(runtime))
        return Template("employers/register.html", context=context, status_code=400)
    message = gettext(lang_of(request), RECEIVED)
    return Template("employers/received.html", context={"message": message})


@post("/employer/profile", opt=roles(*EMPLOYER))
async def resubmit(
    request: Request, employer_service: EmployerService, user: User
) -> Template | Redirect:
    """A rejected employer's corrected details; refused, its own page is shown again with why."""
    data = await form_data(request)
    try:
        form = parse_employer_form(data, with_password=False)
        await employer_service.resubmit(user.employer_id, form)
    except FormError as exc:
        employer = await employer_service.get(user.employer_id)
        jobs = await employer_service.vacancies(user.employer_id)
        context = _form_context(data, errors_for(request, exc), employer=employer, jobs=jobs)
        return Template("jobs/employer.html", context=context, status_code=400)
    return Redirect(path="/employer")


BLOCK_UNCONFIRMED = N_("Tick the box to confirm the block: all of its vacancies come down.")


async def _queue(employer_service: EmployerService, errors: dict) -> dict[str, Any]:
    return {"employers": await employer_service.queue(), "errors": errors}


@get("/staff/employers", opt=roles(*STAFF))
async def queue(employer_service: EmployerService) -> Template:
    return Template("employers/queue.html", context=await _queue(employer_service, {}))


@post("/staff/employers/{employer_id:int}", opt=roles(*STAFF))
async def decide(
    request: Request, employer_id: int, employer_service: EmployerService, user: User
) -> Template | Redirect:
    form = await request.form()
    raw = {"action": form.get("action"), "note": form.get("note")}
    decision = Decision.of({**raw, "methods": form.getall("methods", [])})
    if raw["action"] == "block" and form.get("confirm_block") != "yes":
        # Blocking takes every vacancy of the employer down: a second, deliberate tick first.
        refused = {"confirm_block": gettext(lang_of(request), BLOCK_UNCONFIRMED)}
        context = await _queue(employer_service, {employer_id: refused})
        return Template("employers/queue.html", context=context, status_code=400)
    try:
        await employer_service.decide(check_id(employer_id), user, decision)
    except FormError as exc:
        context = await _queue(employer_service, {employer_id: errors_for(request, exc)})
        return Template("employers/queue.html", context=context, status_code=400)
    return Redirect(path="/staff/employers")


@get("/employers/{employer_id:int}", opt=public())
async def show(employer_id: int, employer_service: EmployerService, user: User | None) -> Template:
    page = await employer_service.public_page(check_id(employer_id), user)
    context = {"employer": page.card.employer, "card": page.card, "jobs": page.jobs}
    return Template("employers/show.html", context=context)


ROUTES = [register_page, register, resubmit, queue, decide, show]
