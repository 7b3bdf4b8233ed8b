"""Events: job fairs, hometown meetings, briefings, talks and trainings; the vacancies offered there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import matching

from ..contracts import states as contract_states
from ..contracts.service import ContractService
from ..employers.service import EmployerService
from ..errors import NotFound
from ..forms import FormError, Message, Reader, split_list
from ..i18n import N_
from ..matches.service import MatchService
from ..models import Contract, Event, EventAttendee, EventJob, Job, User, Worker
from ..reference import stations
from ..runtime import Runtime
from ..workers.service import WorkerService, birth_year_of, parse_worker_form
from . import export

# 招聘会 / 乡友座谈会 / 政策宣讲 / 创业座谈 / 培训
KIND_LABELS = {
    "job_fair": N_("Job fair"),
    "hometown": N_("Hometown meeting at a station"),
    "briefing": N_("Policy briefing"),
    "business": N_("Entrepreneurship talk"),
    "training": N_("Training"),
}
KINDS = tuple(KIND_LABELS)
# The forms' limits: read by the form readers, shown by the pages (maxlength).
LIMITS = {"title": 60, "place": 100, "query": 40, "desk_skills": 10}
DESK_MATCHES = 8  # the best vacancies of the fair shown at the table for one worker
DESK_FOUND = 10  # workers listed for one search at the table
MAX_ID = 2**31 - 1


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
    title = r.name("title", min_len=4, max_len=LIMITS["title"])
    held_on = r.date("held_on")
    if held_on and not today - dt.timedelta(days=366) <= held_on <= today + dt.timedelta(days=366):
        r.fail("held_on", N_("Please enter a date within a year of today."))
    station_id = r.integer("station_id", low=1, high=len(stations()), required=False)
    place = r.text("place", max_len=LIMITS["place"], required=station_id is None)
    r.done()
    if station_id and not place:
        place = stations()[station_id - 1]["address"]
    return EventForm(kind, title, held_on, place, station_id)


def rank_for_desk(
    scored: Sequence[tuple[Job, matching.MatchScore]], limit: int = DESK_MATCHES
) -> list[tuple[Job, matching.MatchScore]]:
    """The fair's vacancies for one worker: the eligible ones first, each group best score first."""
    ranked = sorted(scored, key=lambda pair: (not pair[1].is_eligible, -pair[1].total))
    return ranked[:limit]


def desk_archive_form(raw: dict[str, Any]) -> dict[str, Any]:
    """The table's minimal archive as the archive reader takes it: skills typed in one box, the
    birth year read from the ID number, consent given in person."""
    typed = raw.get("skills") if isinstance(raw.get("skills"), str) else ""
    skills = [{"name": name} for name in split_list(typed)][: LIMITS["desk_skills"]]
    born = birth_year_of(raw.get("id_number") if isinstance(raw.get("id_number"), str) else "")
    return {
        **raw,
        "skills": skills,
        "birth_year": born if born is not None else raw.get("birth_year"),
        "consent_method": "in_person",
    }


def query_of(raw: Any) -> str:
    """The table's search box, cut to its length."""
    return str(raw or "")[: LIMITS["query"]].strip()


@dataclass
class Desk:
    """The fair table's screen: the search, the workers found, the one chosen and their matches."""

    event: Event
    q: str = ""
    workers: list[Worker] = field(default_factory=list)
    worker: Worker | None = None
    matches: list[tuple[Job, matching.MatchScore]] = field(default_factory=list)


@dataclass
class EventPage:
    event: Event
    jobs: list[Job]
    contracts: list[Contract]
    attendees: int


async def provide_event_service(db_session: AsyncSession, runtime: Runtime) -> EventService:
    return EventService(db_session, runtime)


class EventService:
    def __init__(self, session: AsyncSession, runtime: Runtime | None = None) -> None:
        self.session = session
        self.runtime = runtime  # the matcher and the vocabulary, for the fair table

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

    async def page(self, event_id: int) -> EventPage:
        event = await self.get(event_id)
        jobs = await self.jobs(event.id)
        contracts = await ContractService(self.session).of_event(event.id)
        return EventPage(event, jobs, contracts, len(await self.attendees(event.id)))

    async def offer(
        self, event_id: int, job_ids: list[Any], employer: str | None
    ) -> tuple[int, list[int]]:
        """Vacancies by id and/or every published one of an employer (by credit code): how many
        were added, and every vacancy now offered. Ids out of range are passed over."""
        event = await self.get(event_id)
        ids = [i for i in job_ids if isinstance(i, int) and not isinstance(i, bool)]
        ids = [i for i in ids if 1 <= i <= MAX_ID]
        added = await self.add_jobs(event.id, ids) if ids else 0
        if isinstance(employer, str):
            added += await self.add_employer(event.id, employer)
        return added, [job.id for job in await self.jobs(event.id)]

    async def desk(self, event_id: int, q: str = "", worker_id: int | None = None) -> Desk:
        """Find the worker (by phone, name or ID number; one found is chosen), rank the fair's
        vacancies for the one chosen."""
        desk = Desk(await self.get(event_id), q)
        workers = WorkerService(self.session)
        desk.workers = await workers.find(q, limit=DESK_FOUND) if q else []
        if worker_id is not None:
            desk.worker = await workers.get(worker_id)
        elif len(desk.workers) == 1:
            desk.worker = desk.workers[0]
        if desk.worker is not None:
            matcher = MatchService(self.session, self.runtime.matches, self.runtime.vocabulary)
            scored = await matcher.scored_jobs(desk.worker, await self.jobs(desk.event.id))
            desk.matches = rank_for_desk(scored)
        return desk

    async def archive_at_desk(self, event_id: int, raw: dict[str, Any], staff: User) -> Worker:
        """A minimal archive on the spot (with the worker's consent), who attended the event."""
        event = await self.get(event_id)
        trades = await self.runtime.vocabulary.trades()
        form = parse_worker_form(desk_archive_form(raw), trades=trades)
        worker = await WorkerService(self.session).create(form, recorded_by=staff)
        await self.attend(event.id, worker.id)
        return worker

    async def printable(self, event_id: int) -> tuple[Event, list[Contract]]:
        """The event and the contracts its print run and PDF carry (not the cancelled ones)."""
        event = await self.get(event_id)
        contracts = await ContractService(self.session).of_event(event.id)
        keep = contract_states.is_printed_with_the_event
        return event, [c for c in contracts if keep(c.status)]

    async def export(self, event_id: int) -> tuple[Event, bytes]:
        """The event's contracts, cancelled ones too, as an Excel workbook."""
        event = await self.get(event_id)
        contracts = await ContractService(self.session).of_event(event.id)
        return event, export.contracts_xlsx(event, contracts)
