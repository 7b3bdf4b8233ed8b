"""Staff's pages: the group registry with each group's and each station's funnel, and the share
kit of a page (text to copy with one tap, the link, the poster to download)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, roles
from ..forms import FormError
from ..i18n import lang_of
from ..models import User
from ..reference import stations
from ..runtime import Runtime
from ..web import errors_for, form_data
from .forms import LIMITS, parse_group
from .poster import poster_png
from .service import Funnel, GroupService
from .share import make_kit


async def _index(
    service: GroupService, values: dict, errors: dict, status_code: int = 200
) -> Template:
    groups = await service.all()
    context = {
        "groups": groups,
        "funnels": await service.funnels(),
        "by_station": await service.by_station(groups),
        "empty": Funnel(),
        "stations": stations(),
        "limits": LIMITS,
        "values": values,
        "errors": errors,
    }
    return Template("groups/index.html", context=context, status_code=status_code)


@get("/staff/groups", opt=roles(*STAFF))
async def index(group_service: GroupService) -> Template:
    return await _index(group_service, {}, {})


@post("/staff/groups", opt=roles(*STAFF))
async def create(request: Request, group_service: GroupService, user: User) -> Template | Redirect:
    data = await form_data(request)
    try:
        group = await group_service.create(parse_group(data), user)
    except FormError as exc:
        return await _index(group_service, data, errors_for(request, exc), 400)
    return Redirect(path=f"/staff/groups#group-{group.id}")


@get("/staff/share", opt=roles(*STAFF))
async def share(
    request: Request,
    db_session: AsyncSession,
    group_service: GroupService,
    runtime: Runtime,
    path: str = "",
    group: str = "",
) -> Template:
    """The kit for ``path`` in ``group``; without a path, the form alone."""
    context = {"path": path[:60], "group": group[:20], "groups": await group_service.all()}
    if not path:
        return Template("groups/share.html", context={**context, "kit": None, "errors": {}})
    base = runtime.settings.public_base_url
    try:
        kit = await make_kit(db_session, path, group, lang_of(request), base)
    except FormError as exc:
        context.update(kit=None, errors=errors_for(request, exc))
        return Template("groups/share.html", context=context, status_code=400)
    return Template("groups/share.html", context={**context, "kit": kit, "errors": {}})


@get("/share/poster.png", opt=roles(*STAFF))
async def poster(
    request: Request, db_session: AsyncSession, runtime: Runtime, path: str, group: str = ""
) -> Response:
    lang = lang_of(request)
    kit = await make_kit(db_session, path, group, lang, runtime.settings.public_base_url)
    png = await poster_png(kit.shared, kit.link, kit.call, lang)
    name = kit.shared.path.strip("/").replace("/", "-") + (
        f"-{kit.group.code}" if kit.group else ""
    )
    return Response(
        png,
        media_type="image/png",
        headers={"content-disposition": f'attachment; filename="poster-{name}.png"'},
    )


ROUTES = [index, create, share, poster]
