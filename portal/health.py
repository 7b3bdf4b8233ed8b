"""The home page and the health check."""

from __future__ import annotations

import anyio
from litestar import Request, get
from litestar.datastructures import CacheControlHeader
from litestar.response import File, Response, Template
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .auth import public
from .events.service import KIND_LABELS
from .home import front_door
from .i18n import N_
from .runtime import Runtime
from .settings import ROOT

# What the home page says after an action that ends on it (the account is gone: no page of its own).
HOME_FLASH = {"deleted": N_("Your account and archive have been deleted.")}


@get("/", opt=public())
async def home(request: Request, db_session: AsyncSession) -> Template:
    """Search, trade shortcuts, the newest vacancies, the coming fairs and meetings, hometown news,
    the ways into entrepreneurship and policies, the stations: all of it without JavaScript."""
    flash = HOME_FLASH.get(str(request.query_params.get("done") or ""))
    context = {"flash": flash, "kind_labels": KIND_LABELS, **await front_door(db_session)}
    return Template("home.html", context=context)


@get("/healthz", opt=public())
async def healthz(db_session: AsyncSession, runtime: Runtime) -> Response:
    try:
        await db_session.execute(text("SELECT 1"))
        database = "up"
    except Exception:  # any failure to answer means down, whatever the driver calls it
        database = "down"
    search = "up" if await anyio.to_thread.run_sync(runtime.search.is_healthy) else "down"
    status = 200 if database == "up" else 503
    return Response({"database": database, "search": search}, status_code=status)


DAY = CacheControlHeader(public=True, max_age=86400)


@get("/favicon.ico", opt=public(), include_in_schema=False, cache_control=DAY)
async def favicon() -> File:
    """Browsers ask for it on every site whatever the page links; an answer spares a 404 per visit."""
    return File(
        ROOT / "static" / "favicon.ico",
        media_type="image/x-icon",
        content_disposition_type="inline",
    )


ROUTES = [home, healthz, favicon]
