"""Logging in and out, and the language switch."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException
from litestar.middleware.csrf import generate_csrf_token
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import ANY_USER, public, roles, start_session
from ..forms import FormError
from ..i18n import COOKIE, LANGUAGES
from ..runtime import Runtime
from ..web import client_ip, errors_for, form_data, safe_next
from .service import AccountService

HOME_OF_ROLE = {"worker": "/me", "employer": "/employer", "staff": "/staff", "admin": "/staff"}


def _accounts(db_session: AsyncSession, runtime: Runtime) -> AccountService:
    s = runtime.settings
    return AccountService(
        db_session,
        max_failures=s.login_max_failures,
        max_failures_per_address=s.login_max_failures_per_address,
        window_seconds=s.login_window_seconds,
    )


def _ip(request: Request, runtime: Runtime) -> str:
    return client_ip(request, runtime.settings.trusted_proxies)


@get("/login", opt=public())
async def login_page(request: Request, next: str | None = None) -> Template:
    return Template(
        "auth/login.html", context={"next": safe_next(next, ""), "errors": {}, "phone": ""}
    )


@post("/login", opt=public())
async def login(
    request: Request, db_session: AsyncSession, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        user = await _accounts(db_session, runtime).login(
            data.get("phone") or "", data.get("password") or "", _ip(request, runtime)
        )
    except FormError as exc:
        context = {
            "next": safe_next(data.get("next"), ""),
            "errors": errors_for(request, exc),
            "phone": str(data.get("phone") or "")[:20],
        }
        return Template("auth/login.html", context=context, status_code=400)
    await start_session(request, user)
    return Redirect(path=safe_next(data.get("next"), HOME_OF_ROLE[user.role]))


@post("/logout", opt=roles(*ANY_USER))
async def logout(request: Request) -> Redirect:
    request.clear_session()
    return Redirect(path="/")


@get("/lang/{code:str}", opt=public())
async def switch_language(code: str, next: str | None = None) -> Redirect:
    lang = code if code in LANGUAGES else "zh"
    cookie = Cookie(key=COOKIE, value=lang, max_age=365 * 86400, samesite="lax", httponly=True)
    # Back to the page as it was, search words included; typed non-ASCII is escaped for the header.
    return Redirect(path=quote(safe_next(next), safe="/?&=%+:;,@!$'()*~"), cookies=[cookie])


@post("/api/v1/auth/login", opt={**public(), "exclude_from_csrf": True})
async def api_login(
    request: Request, data: dict[str, Any], db_session: AsyncSession, runtime: Runtime
) -> Response:
    """Log in with ``{phone, password}``; later writes send the ``csrftoken`` cookie's value as ``x-csrftoken``."""
    if request.content_type[0] != "application/json":
        # A cross-site form can send text/plain but not JSON: refusing it stops login CSRF here.
        raise HTTPException(status_code=415, detail="JSON only")
    user = await _accounts(db_session, runtime).login(
        data.get("phone") or "", data.get("password") or "", _ip(request, runtime)
    )
    await start_session(request, user)
    token = generate_csrf_token(runtime.settings.secret_key)
    body = {
        "id": user.id,
        "role": user.role,
        "display_name": user.display_name,
        "csrf_token": token,
    }
    cookie = Cookie(
        key="csrftoken", value=token, samesite="lax", secure=runtime.settings.secure_cookies
    )
    return Response(body, cookies=[cookie])


@post("/api/v1/auth/logout", opt=roles(*ANY_USER))
async def api_logout(request: Request) -> dict[str, bool]:
    request.clear_session()
    return {"ok": True}


ROUTES = [login_page, login, logout, switch_language, api_login, api_logout]
