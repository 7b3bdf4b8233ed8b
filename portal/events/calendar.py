"""Events as the public sees them: the coming fairs and hometown meetings, and one event's page
(when, where, who to call, the vacancies offered there). The desk and the lists stay staff's."""

from __future__ import annotations

import datetime as dt

from litestar import get
from litestar.response import Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import public
from ..jobs import states as job_states
from ..models import Event
from ..reference import stations
from ..web import check_id
from .service import KIND_LABELS, EventService

UPCOMING = 30


async def upcoming(session: AsyncSession, limit: int = UPCOMING) -> list[Event]:
    """Events from today on, the soonest first."""
    query = (
        select(Event)
        .where(Event.held_on >= dt.date.today())
        .order_by(Event.held_on, Event.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


@get("/calendar", opt=public())
async def index(db_session: AsyncSession) -> Template:
    context = {"events": await upcoming(db_session), "kind_labels": KIND_LABELS}
    return Template("calendar/index.html", context=context)


@get("/calendar/{event_id:int}", opt=public())
async def show(event_id: int, event_service: EventService) -> Template:
    event = await event_service.get(check_id(event_id))
    jobs = [j for j in await event_service.jobs(event.id) if job_states.is_public(j.status)]
    station = stations()[event.station_id - 1] if event.station_id else None
    context = {"event": event, "jobs": jobs, "station": station, "kind_labels": KIND_LABELS}
    return Template("calendar/show.html", context=context)


ROUTES = [index, show]
