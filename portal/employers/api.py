"""Employers as JSON under /api/v1: register with a one-time check, staff review, the public card."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import HTTPException

from ..auth import STAFF, public, roles
from ..i18n import N_, gettext, lang_of
from ..models import User
from ..runtime import Runtime
from ..security import new_challenge
from ..web import body, check_id, client_ip
from .forms import Decision, Registration
from .schemas import (
    Challenge,
    EmployerCard,
    Received,
    RegistrationForm,
    ReviewForm,
    employer_card,
)
from .service import RECEIVED, EmployerService


@get("/api/v1/challenge", opt=public())
async def challenge(request: Request, runtime: Runtime) -> Challenge:
    """A one-time check for ``POST /api/v1/employers``: send ``token`` back as ``challenge`` and the sum
    asked in ``question`` as ``challenge_answer``; it expires in 30 minutes."""
    token, a, b = new_challenge(runtime.settings.secret_key)
    question = gettext(lang_of(request), N_("What is %(a)s plus %(b)s?"), a=a, b=b)
    return Challenge(token=token, question=question)


@post("/api/v1/employers", opt={**public(), "exclude_from_csrf": True}, status_code=202)
async def register(
    request: Request, data: RegistrationForm, employer_service: EmployerService, runtime: Runtime
) -> Received:
    """Register as JSON with a check from ``GET /api/v1/challenge``. The answer is the same whether or
    not the code or mobile is already known; log in afterwards through /api/v1/auth/login."""
    if request.content_type[0] != "application/json":
        # Exempt from CSRF like the login: a cross-site form cannot send JSON, so it cannot register anyone.
        raise HTTPException(status_code=415, detail="JSON only")
    ip = client_ip(request, runtime.settings.trusted_proxies)
    await employer_service.receive(Registration.of(body(data), ip))
    return Received(status="received", detail=gettext(lang_of(request), RECEIVED))


@post("/api/v1/employers/{employer_id:int}/review", opt=roles(*STAFF))
async def review(
    employer_id: int, data: ReviewForm, employer_service: EmployerService, user: User
) -> EmployerCard:
    """Verify (saying how), reject or block (saying why); answers the employer as staff see it."""
    decision = Decision.of(body(data))
    return employer_card(await employer_service.decide(check_id(employer_id), user, decision), user)


@get("/api/v1/employers/{employer_id:int}", opt=public())
async def show(
    employer_id: int, employer_service: EmployerService, user: User | None
) -> EmployerCard:
    """A verified employer with its trust card; others only for themselves and staff (else 404)."""
    card = await employer_service.public(check_id(employer_id), user)
    return employer_card(card.employer, user, card)


ROUTES = [challenge, register, review, show]
