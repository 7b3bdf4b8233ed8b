"""Events: job fairs, hometown meetings, briefings, talks and trainings; the vacancies offered there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..employers.service import EmployerService
from ..errors import NotFound
from ..forms import FormError, Message, Reader
from ..i18n import N_
from ..models import Event, EventAttendee, EventJob, Job, User, Worker
from ..reference import stations

KINDS = (
    "job_fair",
    "hometown",
    "briefing",
    "business",
    "training",
)  # 招聘会 / 乡友座谈会 / 政策宣讲 / 创业座谈 / 培训


@dataclass(frozen=True)
class EventForm:
    kind: str
    title: str
    held_on: dt.date
    place: str
    station_id: int | None


def parse_event_form(raw: dict, *, today: dt.date | None = None) -> EventForm:
    today = today or dt.date.today()
    r = Reader(raw)
    kind = r.choice("kind", KINDS)
    title = r.name("title", min_len=4, max_len=60)
    held_on = r.date("held_on")
    if held_on and not today - dt.timedelta(days=366) <= held_on <= today + dt.timedelta(days=366):
        r.fail("held_on", N_("Please enter a date within a year of today."))
    station_id = r.integer("station_id", low=1, high=len(stations()), required=False)
    place = r.text("place", max_len=100, required=station_id is None)
    r.done()
    if station_id and not place:
        place = stations()[station_id - 1]["address"]
    return EventForm(kind, title, held_on, place, station_id)


class EventService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, form: EventForm, staff: User) -> Event:
        event = Event(**form.__dict__, created_by_id=staff.id)
        self.session.add(event)
        await self.session.commit()
        return await self.get(event.id)

    async def get(self, event_id: int) -> Event:
        event = await self.session.get(Event, event_id, populate_existing=True)
        if event is None:
            raise NotFound
        return event

    async def recent(self, limit: int = 50) -> list[Event]:
        return list(
            await self.session.scalars(
                select(Event).order_by(Event.held_on.desc(), Event.id.desc()).limit(limit)
            )
        )

    async def add_employer(self, event_id: int, code: str) -> int:
        """Offer every published vacancy of this employer (by credit code) at the event; returns how many were added."""
        event = await self.get(event_id)
        employer = await EmployerService(self.session).by_code(code)
        if employer is None:
            raise FormError(
                {"employer": Message(N_("No employer with this credit code is registered."))}
            )
        jobs = list(
            await self.session.scalars(
                select(Job.id).where(Job.employer_id == employer.id, Job.status == "published")
            )
        )
        if not jobs:
            raise FormError({"employer": Message(N_("This employer has no published vacancy."))})
        have = set(
            await self.session.scalars(select(EventJob.job_id).where(EventJob.event_id == event.id))
        )
        new = [j for j in jobs if j not in have]
        self.session.add_all(EventJob(event_id=event.id, job_id=j) for j in new)
        await self.session.commit()
        return len(new)

    async def add_jobs(self, event_id: int, job_ids: list[int]) -> int:
        event = await self.get(event_id)
        have = set(
            await self.session.scalars(select(EventJob.job_id).where(EventJob.event_id == event.id))
        )
        open_ids = set(
            await self.session.scalars(
                select(Job.id).where(Job.id.in_(job_ids), Job.status == "published")
            )
        )
        new = [j for j in dict.fromkeys(job_ids) if j in open_ids and j not in have]
        self.session.add_all(EventJob(event_id=event.id, job_id=j) for j in new)
        await self.session.commit()
        return len(new)

    async def jobs(self, event_id: int) -> list[Job]:
        query = (
            select(Job)
            .join(EventJob, EventJob.job_id == Job.id)
            .where(EventJob.event_id == event_id)
            .order_by(Job.id)
        )
        return list(await self.session.scalars(query))

    async def attendees(self, event_id: int) -> list[Worker]:
        query = (
            select(Worker)
            .join(EventAttendee, EventAttendee.worker_id == Worker.id)
            .where(EventAttendee.event_id == event_id)
            .order_by(EventAttendee.at)
        )
        return list(await self.session.scalars(query))

    async def attend(self, event_id: int, worker_id: int) -> None:
        if await self.session.get(EventAttendee, (event_id, worker_id)) is None:
            self.session.add(EventAttendee(event_id=event_id, worker_id=worker_id))
            await self.session.commit()
