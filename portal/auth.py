"""Who is asking: the session's user, and the one guard every route goes through.

Every handler declares ``opt={"roles": (...)}`` or ``opt={"public": True}``. A handler that declares
neither is refused: a forgotten guard fails closed, and a test checks that each route declares one.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
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
    role = connection.session.get("role") if connection.scope.get("session") else None
    if not role:
        raise NotAuthorizedException("login required")
    if role not in allowed:
        raise PermissionDeniedException("role not allowed")


async def provide_user(request: Request, db_session: AsyncSession) -> User | None:
    """The logged-in user, or None. A session whose user was disabled is ended."""
    uid = request.session.get("uid") if request.scope.get("session") else None
    if not uid:
        return None
    user = await db_session.get(User, uid)
    if user is None or not user.is_active or user.role != request.session.get("role"):
        request.clear_session()
        return None
    return user


def start_session(request, user: User) -> None:
    request.clear_session()
    request.set_session({"uid": user.id, "role": user.role, "name": user.display_name})
