"""Who is asking: the session's user, and the one guard every route goes through.

Every handler declares ``opt={"roles": (...)}`` or ``opt={"public": True}``. A handler that declares
neither is refused: a forgotten guard fails closed, and a test checks that each route declares one.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.utils.scope.state import ScopeState
from sqlalchemy.ext.asyncio import AsyncSession

from .models import User

STAFF = ("staff", "admin")
EMPLOYER = ("employer",)
WORKER = ("worker",)
ANY_USER = ("worker", "employer", "staff", "admin")


def public() -> dict[str, Any]:
    return {"public": True}


def roles(*names: str) -> dict[str, Any]:
    return {"roles": tuple(names)}


async def role_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if handler.opt.get("public"):
        return
    allowed = handler.opt.get("roles")
    if not allowed:
        raise PermissionDeniedException("route declares no access rule")
    session = connection.session if connection.scope.get("session") else {}
    if not session.get("uid"):
        raise NotAuthorizedException("login required")
    # The database, not the session, says who may act: a disabled account or a changed role ends
    # its sessions' rights at once.
    async with connection.app.state.runtime.sessions() as db:
        user = await db.get(User, session["uid"])
    if not _still_valid(user, session):
        raise NotAuthorizedException("session no longer valid")
    if user.role not in allowed:
        raise PermissionDeniedException("role not allowed")


async def provide_user(request: Request, db_session: AsyncSession) -> User | None:
    """The logged-in user, or None. A session whose user was disabled is ended."""
    uid = request.session.get("uid") if request.scope.get("session") else None
    if not uid:
        return None
    user = await db_session.get(User, uid)
    if not _still_valid(user, request.session):
        request.clear_session()
        return None
    return user


def _still_valid(user: User | None, session: dict[str, Any]) -> bool:
    """The user still exists, may log in, has the role the session began with, and has not set a new
    password since (which ends every other session)."""
    return (
        user is not None
        and user.is_active
        and user.role == session.get("role")
        and user.session_version == session.get("v", 0)
    )


async def start_session(request: Request, user: User, cookie: str = "session") -> None:
    """Log ``user`` in under a new session id.

    Litestar keeps whatever session id the browser sent, even one it never issued, so a planted id
    would become a logged-in session (fixation). The old entry is deleted and a fresh id is set in
    the scope, where the session backend takes it from when the cookie is cleared.
    """
    old = request.cookies.get(cookie)
    if old and old != "null":
        await request.app.stores.get("sessions").delete(old)
    request.cookies[cookie] = "null"
    ScopeState.from_scope(request.scope).session_id = secrets.token_hex(32)
    request.clear_session()
    request.set_session(
        {"uid": user.id, "role": user.role, "name": user.display_name, "v": user.session_version}
    )
