"""Visits through a group's link (``?g=CODE``), counted once per browser per day.

The first page a browser opens with a valid code on a day counts one visit for that group and
leaves a cookie holding only the code and the day (``via=K7MX3Q.20270115``): the same browser is
not counted again that day, and the sign-up form reads the code from it (the account came through
that group). No address, no browser fingerprint, nothing about the person is kept for a visit.
"""

from __future__ import annotations

import datetime as dt
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from .service import GroupService, clean_code

COOKIE = "via"
# How long a visit through a group still names it at sign-up: a worker sees a post, comes back to
# sign up some days later; after a month the post is not why.
KEEP = dt.timedelta(days=30)
SKIPPED = ("/static/", "/api/", "/schema", "/healthz", "/favicon.ico")


def today() -> dt.date:
    return dt.date.today()


def cookie_value(code: str, day: dt.date) -> str:
    return f"{code}.{day:%Y%m%d}"


def code_of_cookie(value: str | None) -> str | None:
    """The group code a ``via`` cookie names, or None for anything else."""
    return clean_code((value or "").split(".", 1)[0]) if value else None


def _linked_code(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(SKIPPED):
        return None
    query = scope.get("query_string", b"")
    if b"g=" not in query:
        return None
    values = parse_qs(query.decode("latin-1")).get("g") or []
    return clean_code(values[-1]) if values else None


def _sent_cookie(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed header: as if no cookie was sent
                return ""
            return jar[COOKIE].value if COOKIE in jar else ""
    return ""


def track_visits(secure: bool):
    """The middleware: count the visit, then answer the page with the cookie set."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            code = _linked_code(scope)
            day = today()
            if code is None or _sent_cookie(scope) == cookie_value(code, day):
                await app(scope, receive, send)
                return
            if not await _count(scope, code, day):
                await app(scope, receive, send)
                return
            cookie = Cookie(
                key=COOKIE,
                value=cookie_value(code, day),
                max_age=int(KEEP.total_seconds()),
                httponly=True,
                samesite="lax",
                secure=secure,
            )

            async def send_with_cookie(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableScopeHeaders.from_message(message)
                    headers.add("set-cookie", cookie.to_header(header=""))
                await send(message)

            await app(scope, receive, send_with_cookie)

        return middleware

    return wrap


async def _count(scope: Scope, code: str, day: dt.date) -> bool:
    """Count a visit for the group with this code; False when no group has it."""
    runtime = scope["litestar_app"].state.runtime
    async with runtime.sessions() as session:
        service = GroupService(session)
        group = await service.by_code(code)
        if group is None:
            return False
        await service.count_visit(group.id, day)
    return True
