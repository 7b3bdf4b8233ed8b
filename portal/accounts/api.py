"""Logging in and out from a client of the JSON API."""

from __future__ import annotations

from litestar import Request, post
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException
from litestar.middleware.csrf import generate_csrf_token
from litestar.response import Response

from ..auth import ANY_USER, public, roles, start_session
from ..runtime import Runtime
from ..web import client_ip
from .schemas import LoggedOut, LoginCard, LoginForm
from .service import AccountService


@post("/api/v1/auth/login", opt={**public(), "exclude_from_csrf": True})
async def api_login(
    request: Request, data: LoginForm, account_service: AccountService, runtime: Runtime
) -> Response[LoginCard]:
    """Log in with ``{phone, password}``; later writes send the ``csrftoken`` cookie's value as ``x-csrftoken``."""
    if request.content_type[0] != "application/json":
        # A cross-site form can send text/plain but not JSON: refusing it stops login CSRF here.
        raise HTTPException(status_code=415, detail="JSON only")
    address = client_ip(request, runtime.settings.trusted_proxies)
    user = await account_service.login(data.phone, data.password, address)
    await start_session(request, user)
    token = generate_csrf_token(runtime.settings.secret_key)
    card = LoginCard(id=user.id, role=user.role, display_name=user.display_name, csrf_token=token)
    cookie = Cookie(
        key="csrftoken", value=token, samesite="lax", secure=runtime.settings.secure_cookies
    )
    return Response(card, cookies=[cookie])


@post("/api/v1/auth/logout", opt=roles(*ANY_USER))
async def api_logout(request: Request) -> LoggedOut:
    request.clear_session()
    return LoggedOut()


ROUTES = [api_login, api_logout]
