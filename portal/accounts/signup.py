"""Workers' own way in: sign up (with the station's claim code, or without), claim the archive once
logged in, and set a new password with a code from the station. Pages and JSON alike."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException
from litestar.middleware.csrf import generate_csrf_token
from litestar.response import Redirect, Response, Template

from ..auth import WORKER, public, roles, start_session
from ..forms import FormError
from ..groups.tracking import COOKIE as VIA_COOKIE
from ..groups.tracking import code_of_cookie
from ..models import User
from ..runtime import Runtime
from ..web import body, client_ip, errors_for, form_data
from .codes import LENGTH
from .schemas import Claimed, ClaimForm, ResetDone, ResetForm, SignUpCard, SignUpForm
from .service import MAX_PASSWORD, NAME, AccountService, parse_signup

LIMITS = {"phone": 20, "password": MAX_PASSWORD, "name": NAME[1], "code": LENGTH + 4}
_NOT_KEPT = ("password", "_csrf_token")


def _kept(data: dict[str, Any]) -> dict[str, Any]:
    """What a refused form shows again: never the password."""
    return {k: str(v)[:40] for k, v in data.items() if k not in _NOT_KEPT and v is not None}


def _json_only(request: Request) -> None:
    # Exempt from CSRF like the login: a cross-site form cannot send JSON.
    if request.content_type[0] != "application/json":
        raise HTTPException(status_code=415, detail="JSON only")


async def _log_in_json(request: Request, user: User, runtime: Runtime) -> Cookie:
    await start_session(request, user)
    token = generate_csrf_token(runtime.settings.secret_key)
    return Cookie(
        key="csrftoken", value=token, samesite="lax", secure=runtime.settings.secure_cookies
    )


@get("/register", opt=public())
async def register_page(code: str | None = None) -> Template:
    values = {"code": (code or "")[: LIMITS["code"]]}
    return Template(
        "auth/register.html", context={"values": values, "errors": {}, "limits": LIMITS}
    )


@post("/register", opt=public())
async def register(
    request: Request, account_service: AccountService, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        user = await account_service.sign_up(
            parse_signup(data),
            client_ip(request, runtime.settings.trusted_proxies),
            per_address=runtime.settings.signup_max_per_address,
            via_code=code_of_cookie(request.cookies.get(VIA_COOKIE)),
        )
    except FormError as exc:
        context = {"values": _kept(data), "errors": errors_for(request, exc), "limits": LIMITS}
        return Template("auth/register.html", context=context, status_code=400)
    await start_session(request, user)
    return Redirect(path="/me")


@post("/api/v1/auth/register", opt={**public(), "exclude_from_csrf": True}, status_code=201)
async def api_register(
    request: Request, data: SignUpForm, account_service: AccountService, runtime: Runtime
) -> Response[SignUpCard]:
    """Sign up as a worker and be logged in. With ``claim_code`` (a station's code for this phone)
    the station's archive becomes the account's. A phone already registered gets the same 400 as
    any other refusal of the phone."""
    _json_only(request)
    user = await account_service.sign_up(
        parse_signup(body(data)),
        client_ip(request, runtime.settings.trusted_proxies),
        per_address=runtime.settings.signup_max_per_address,
        via_code=code_of_cookie(request.cookies.get(VIA_COOKIE)),
    )
    worker = await account_service.archive_of(user)
    card = SignUpCard(id=user.id, role="worker", worker_id=worker.id if worker else None)
    return Response(card, status_code=201, cookies=[await _log_in_json(request, user, runtime)])


@get("/reset", opt=public())
async def reset_page() -> Template:
    return Template("auth/reset.html", context={"values": {}, "errors": {}, "limits": LIMITS})


@post("/reset", opt=public())
async def reset(
    request: Request, account_service: AccountService, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        user = await account_service.reset(
            data, client_ip(request, runtime.settings.trusted_proxies)
        )
    except FormError as exc:
        context = {"values": _kept(data), "errors": errors_for(request, exc), "limits": LIMITS}
        return Template("auth/reset.html", context=context, status_code=400)
    await start_session(request, user)
    return Redirect(path="/me")


@post("/api/v1/auth/reset", opt={**public(), "exclude_from_csrf": True})
async def api_reset(
    request: Request, data: ResetForm, account_service: AccountService, runtime: Runtime
) -> ResetDone:
    """Set a new password with a reset code from the station; every session of the account ends.
    Log in afterwards through /api/v1/auth/login."""
    _json_only(request)
    await account_service.reset(body(data), client_ip(request, runtime.settings.trusted_proxies))
    return ResetDone()


@post("/me/claim", opt=roles(*WORKER))
async def claim(
    request: Request, user: User, account_service: AccountService, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    ip = client_ip(request, runtime.settings.trusted_proxies)
    try:
        await account_service.claim(user, data.get("code") or "", ip)
    except FormError as exc:
        context = {"values": _kept(data), "errors": errors_for(request, exc), "limits": LIMITS}
        return Template("auth/claim.html", context=context, status_code=400)
    return Redirect(path="/me")


@post("/api/v1/me/claim", opt=roles(*WORKER))
async def api_claim(
    request: Request, data: ClaimForm, user: User, account_service: AccountService, runtime: Runtime
) -> Claimed:
    """Link the station's archive to this account with a claim code for the account's phone."""
    ip = client_ip(request, runtime.settings.trusted_proxies)
    worker = await account_service.claim(user, data.code, ip)
    return Claimed(worker_id=worker.id)


ROUTES = [register_page, register, api_register, reset_page, reset, api_reset, claim, api_claim]
