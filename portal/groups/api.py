"""Phone groups and share kits as JSON under /api/v1: the same service calls as the pages."""

from __future__ import annotations

from litestar import Request, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, roles
from ..i18n import lang_of
from ..models import PhoneGroup, User
from ..runtime import Runtime
from ..web import body, check_id
from .forms import parse_group
from .schemas import FunnelCard, GroupCard, GroupForm, ShareKit
from .service import Funnel, GroupService
from .share import make_kit


def funnel_card(group_id: int, funnel: Funnel) -> FunnelCard:
    return FunnelCard(group_id=group_id, **funnel.__dict__)


def group_card(group: PhoneGroup, funnel: Funnel | None = None) -> GroupCard:
    return GroupCard(
        id=group.id,
        code=group.code,
        name=group.name,
        station_id=group.station_id,
        admin_name=group.admin_name,
        member_estimate=group.member_estimate,
        funnel=funnel_card(group.id, funnel) if funnel is not None else None,
    )


@post("/api/v1/groups", opt=roles(*STAFF), status_code=201)
async def create(data: GroupForm, group_service: GroupService, user: User) -> GroupCard:
    """Register a phone group; the answer carries its new tracking ``code``."""
    return group_card(await group_service.create(parse_group(body(data)), user))


@get("/api/v1/groups", opt=roles(*STAFF))
async def index(group_service: GroupService) -> list[GroupCard]:
    funnels = await group_service.funnels()
    return [group_card(g, funnels.get(g.id, Funnel())) for g in await group_service.all()]


@get("/api/v1/groups/{group_id:int}/funnel", opt=roles(*STAFF))
async def funnel(group_id: int, group_service: GroupService) -> FunnelCard:
    """Visits through the code → accounts created → their interests → contracts signed."""
    return funnel_card(group_id, await group_service.funnel(check_id(group_id)))


@get("/api/v1/share", opt=roles(*STAFF))
async def share(
    request: Request, db_session: AsyncSession, runtime: Runtime, path: str, group: str = ""
) -> ShareKit:
    """A share kit for a public vacancy, event, measure or news item (``path`` like /jobs/7):
    400 for any other path, 404 when it does not exist or is not public."""
    kit = await make_kit(
        db_session, path, group, lang_of(request), runtime.settings.public_base_url
    )
    return ShareKit(text=kit.text, link=kit.link, poster_url=kit.poster_url)


ROUTES = [create, index, funnel, share]
