"""Logging in and out, the language switch and the large-type switch."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from ..auth import ANY_USER, public, roles, start_session
from ..forms import FormError
from ..i18n import COOKIE, LANGUAGES
from ..runtime import Runtime
from ..web import client_ip, errors_for, form_data, safe_next
from .service import MAX_PASSWORD, AccountService

HOME_OF_ROLE = {"worker": "/me", "employer": "/employer", "staff": "/staff", "admin": "/staff"}
PHONE_KEPT = 20  # what a refused login form shows again of the typed phone
LIMITS = {"phone": PHONE_KEPT, "password": MAX_PASSWORD}


@get("/login", opt=public())
async def login_page(next: str | None = None) -> Template:
    context = {"next": safe_next(next, ""), "errors": {}, "phone": "", "limits": LIMITS}
    return Template("auth/login.html", context=context)


@post("/login", opt=public())
async def login(
    request: Request, account_service: AccountService, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    address = client_ip(request, runtime.settings.trusted_proxies)
    try:
        user = await account_service.login(
            data.get("phone") or "", data.get("password") or "", address
        )
    except FormError as exc:
        context = {
            "next": safe_next(data.get("next"), ""),
            "errors": errors_for(request, exc),
            "phone": str(data.get("phone") or "")[:PHONE_KEPT],
            "limits": LIMITS,
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


# Large type for older eyes: a cookie (no account needed), read by base.html into <html class>.
TYPE_COOKIE = "type"
TYPE_SIZES = ("large", "normal")


@get("/type/{size:str}", opt=public())
async def switch_type(size: str, next: str | None = None) -> Redirect:
    value = size if size in TYPE_SIZES else "normal"
    cookie = Cookie(
        key=TYPE_COOKIE, value=value, max_age=365 * 86400, samesite="lax", httponly=True
    )
    return Redirect(path=quote(safe_next(next), safe="/?&=%+:;,@!$'()*~"), cookies=[cookie])


ROUTES = [login_page, login, logout, switch_language, switch_type]
