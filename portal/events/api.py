"""The event API: the same service calls as the pages, typed bodies in and out (see /schema)."""

from __future__ import annotations

from litestar import post

from ..auth import STAFF, roles
from ..models import Event, User
from ..web import body, check_id
from .schemas import EventCard, EventJobs, EventJobsCard, NewEvent
from .service import EventService, parse_event_form


def card(e: Event) -> EventCard:
    return EventCard(
        id=e.id,
        kind=e.kind,
        title=e.title,
        held_on=e.held_on,
        place=e.place,
        station_id=e.station_id,
        contracts=e.last_seq,
        url=f"/events/{e.id}",
    )


@post("/api/v1/events", opt=roles(*STAFF), status_code=201)
async def create(data: NewEvent, event_service: EventService, user: User) -> EventCard:
    return card(await event_service.create(parse_event_form(body(data)), user))


@post("/api/v1/events/{event_id:int}/jobs", opt=roles(*STAFF))
async def add_jobs(event_id: int, data: EventJobs, event_service: EventService) -> EventJobsCard:
    """``{job_ids: [..]}`` and/or ``{employer: credit code}``: vacancies offered at the event."""
    employer = data.employer if isinstance(data.employer, str) else None
    added, jobs = await event_service.offer(check_id(event_id), data.job_ids or [], employer)
    return EventJobsCard(event_id=event_id, added=added, jobs=jobs)


ROUTES = [create, add_jobs]
