"""The records behind each dashboard figure, one query per figure.

The figure is the sum of its records and the drill-down page lists the same records, so what a
figure says and what staff find behind it cannot drift apart. Each record carries the dimensions
it is counted under (station, home township, kind, stage...), as keys or names."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from ..models import (
    Business,
    BusinessEmployee,
    BusinessSupport,
    Contract,
    Event,
    EventAttendee,
    GroupVisit,
    HelpRequest,
    Job,
    PhoneGroup,
    Station,
    Township,
    User,
    Worker,
)
from .filters import COUNTY_TZ, Filters

NOT_POSTED = ("draft", "rejected")  # never shown to workers: not a vacancy the county offered
NO_STATION = "—"  # an archive no station keeps (the worker filled it in), or a deleted account


class Record(NamedTuple):
    on: dt.date
    text: str
    href: str
    dims: dict[str, str]
    amount: int = 1


def county_day(moment: dt.datetime) -> dt.date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(COUNTY_TZ).date()


def worker_clause(f: Filters, station: Any = Worker.station_id, township: Any = None) -> list:
    """The station and township filters on the archive a record belongs to."""
    township = Worker.home_township_code if township is None else township
    clauses = []
    if f.station_id is not None:
        clauses.append(station == f.station_id)
    if f.township_code:
        clauses.append(township == f.township_code)
    return clauses


def _archive_query(f: Filters, moment: Any):
    return (
        select(Worker.id, Worker.name, moment, Station.name, Township.name)
        .outerjoin(Station, Station.id == Worker.station_id)
        .join(Township, Township.code == Worker.home_township_code)
        .where(*f.moment_clause(moment), *worker_clause(f))
        .order_by(moment, Worker.id)
    )


async def _archives(session: AsyncSession, query) -> list[Record]:
    return [
        Record(
            county_day(at),
            name,
            f"/workers/{wid}",
            {"station": station or NO_STATION, "township": township},
        )
        for wid, name, at, station, township in await session.execute(query)
    ]


async def archives(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    return await _archives(session, _archive_query(f, Worker.created_at))


async def wants_local(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    query = _archive_query(f, Worker.created_at).where(Worker.intent == "local_job")
    return await _archives(session, query)


async def claimed(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    return await _archives(session, _archive_query(f, Worker.claimed_at))


async def accounts(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Workers' accounts made in the period; with a station or township chosen, only accounts whose
    archive is kept there or comes from there."""
    query = (
        select(User.created_at, User.display_name, Worker.id, Station.name, Township.name)
        .outerjoin(Worker, Worker.user_id == User.id)
        .outerjoin(Station, Station.id == Worker.station_id)
        .outerjoin(Township, Township.code == Worker.home_township_code)
        .where(User.role == "worker", *f.moment_clause(User.created_at), *worker_clause(f))
        .order_by(User.created_at, User.id)
    )
    return [
        Record(
            county_day(at),
            name,
            f"/workers/{wid}" if wid else "",
            {"station": station or NO_STATION, "township": township or NO_STATION},
        )
        for at, name, wid, station, township in await session.execute(query)
    ]


async def events(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Events held in the period; a station chosen keeps that station's events (an event has no
    home township, so the township filter does not apply)."""
    query = select(Event).where(*f.day_clause(Event.held_on)).order_by(Event.held_on, Event.id)
    if f.station_id is not None:
        query = query.where(Event.station_id == f.station_id)
    return [
        Record(e.held_on, e.title, f"/events/{e.id}", {"kind": e.kind})
        for e in await session.scalars(query)
    ]


async def attendance(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Workers recorded at the table of events held in the period, by the worker's station and
    home township."""
    query = (
        select(Event.held_on, Event.id, Event.title, Event.kind, Worker.name)
        .join(EventAttendee, EventAttendee.event_id == Event.id)
        .join(Worker, Worker.id == EventAttendee.worker_id)
        .where(*f.day_clause(Event.held_on), *worker_clause(f))
        .order_by(Event.held_on, Event.id, Worker.id)
    )
    return [
        Record(on, f"{title} · {name}", f"/events/{eid}", {"kind": kind})
        for on, eid, title, kind, name in await session.execute(query)
    ]


def _contract_dims(c: Contract, trades: dict[str, str]) -> dict[str, str]:
    w = c.worker
    return {
        "station": w.station.name if w is not None and w.station else NO_STATION,
        "township": w.home_township.name if w is not None else NO_STATION,
        "trade": trades.get(c.job.trade_code) or c.job.title,
        "event": c.event.title if c.event else NO_STATION,
        "worker": str(c.worker_id or ""),
    }


async def _contracts(session: AsyncSession, f: Filters, column: Any, trades: dict) -> list:
    query = select(Contract).order_by(column, Contract.id)
    if column is Contract.reported_at:
        query = query.where(*f.day_clause(column))
    else:
        query = query.where(*f.moment_clause(column))
    if f.station_id is not None or f.township_code:
        query = query.join(Worker, Worker.id == Contract.worker_id).where(*worker_clause(f))
    found = []
    for c in await session.scalars(query):
        at = getattr(c, column.key)
        on = at if column is Contract.reported_at else county_day(at)
        text = f"{c.number} · {c.party_name} · {c.position}"
        found.append(Record(on, text, f"/contracts/{c.id}", _contract_dims(c, trades)))
    return found


async def signed(session: AsyncSession, f: Filters, trades: dict) -> list[Record]:
    return await _contracts(session, f, Contract.signed_at, trades)


async def reported(session: AsyncSession, f: Filters, trades: dict) -> list[Record]:
    return await _contracts(session, f, Contract.reported_at, trades)


async def in_post_30(session: AsyncSession, f: Filters, trades: dict) -> list[Record]:
    return await _contracts(session, f, Contract.in_post_30_at, trades)


async def in_post_90(session: AsyncSession, f: Filters, trades: dict) -> list[Record]:
    return await _contracts(session, f, Contract.in_post_90_at, trades)


async def local_work(session: AsyncSession, f: Filters, trades: dict) -> list[Record]:
    """Each worker once, at their first contract reported for duty in the period (every vacancy
    on the portal is in the county: reporting for duty is choosing work near home). A deleted
    account's contracts cannot be told apart by person: each counts once."""
    first: dict[Any, Record] = {}
    for i, r in enumerate(await reported(session, f, trades)):
        worker = r.dims["worker"]
        if worker:
            first.setdefault(worker, r._replace(href=f"/workers/{worker}"))
        else:
            first[i] = r
    return list(first.values())


def _by_business(query: Any, f: Filters) -> Any:
    """The station and township filters on a business: its own township, its owner's station."""
    owner = aliased(Worker)
    return query.outerjoin(owner, owner.id == Business.owner_worker_id).where(
        *worker_clause(f, owner.station_id, Business.township_code)
    )


async def businesses(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Businesses entered in the registry in the period, at the stage they are at now; by the
    business's township and its owner's station."""
    query = _by_business(select(Business), f).where(*f.moment_clause(Business.created_at))
    return [
        Record(
            county_day(b.created_at),
            b.name,
            f"/businesses/{b.id}",
            {"stage": b.stage, "township": b.township.name, "industry": b.industry},
        )
        for b in await session.scalars(query.order_by(Business.created_at, Business.id))
    ]


async def jobs_created(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """People returnee businesses took on in the period (named employees, from their start day)."""
    query = select(BusinessEmployee, Business.id, Business.name, Business.stage).join(
        Business, Business.id == BusinessEmployee.business_id
    )
    query = _by_business(query, f)
    query = query.where(*f.day_clause(BusinessEmployee.since)).order_by(BusinessEmployee.since)
    return [
        Record(e.since, f"{name} · {e.worker.name}", f"/businesses/{bid}", {"stage": stage})
        for e, bid, name, stage in await session.execute(query)
    ]


async def support(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    query = select(BusinessSupport, Business.name).join(
        Business, Business.id == BusinessSupport.business_id
    )
    query = _by_business(query, f)
    query = query.where(*f.day_clause(BusinessSupport.received_on))
    return [
        Record(s.received_on, name, f"/businesses/{s.business_id}", {"kind": s.kind}, s.amount)
        for s, name in await session.execute(query.order_by(BusinessSupport.received_on))
    ]


def _job_query(f: Filters):
    query = select(Job).where(Job.status.not_in(NOT_POSTED))
    return query.where(Job.township_code == f.township_code) if f.township_code else query


def _job_record(job: Job, on: dt.date) -> Record:
    text = f"{job.title} · {job.employer.name}"
    return Record(on, text, f"/jobs/{job.id}", {"township": job.township.name})


async def vacancies_posted(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Vacancies posted in the period (not drafts, not rejected), by their township; stations
    keep no vacancies, so the station filter does not apply."""
    query = _job_query(f).where(*f.moment_clause(Job.created_at)).order_by(Job.created_at)
    return [_job_record(j, county_day(j.created_at)) for j in await session.scalars(query)]


async def vacancies_filled(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Vacancies whose every place was taken in the period: the day the last of its headcount
    reported for duty falls in it."""
    days: dict[int, list[dt.date]] = defaultdict(list)
    query = select(Contract.job_id, Contract.reported_at).where(
        Contract.reported_at.is_not(None), Contract.reported_at <= f.end
    )
    for job_id, on in await session.execute(query.order_by(Contract.reported_at)):
        days[job_id].append(on)
    jobs = await session.scalars(_job_query(f).where(Job.id.in_(list(days) or [0])))
    found = []
    for job in jobs:
        on = days[job.id][job.headcount - 1] if len(days[job.id]) >= job.headcount else None
        if on is not None and (f.start is None or on >= f.start):
            found.append(_job_record(job, on))
    return sorted(found, key=lambda r: r.on)


async def help_requests(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Requests for help made in the period (by the worker or recorded by staff from a call), by
    the station that took them and their kind; amount: one each."""
    query = (
        select(HelpRequest.id, HelpRequest.created_at, HelpRequest.kind, Station.name)
        .join(Worker, Worker.id == HelpRequest.worker_id)
        .outerjoin(Station, Station.id == HelpRequest.station_id)
        .where(
            *f.moment_clause(HelpRequest.created_at),
            *worker_clause(f, station=HelpRequest.station_id),
        )
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )
    return [
        Record(
            county_day(at),
            f"#{rid}",
            f"/staff/help#help-{rid}",
            {"station": station or NO_STATION, "kind": kind},
        )
        for rid, at, kind, station in await session.execute(query)
    ]


async def group_visits(session: AsyncSession, f: Filters, _trades: dict) -> list[Record]:
    """Visits through a phone group's tracked link in the period (each browser once a day), by the
    group's station; a group has no home township, so the township filter does not apply."""
    query = (
        select(GroupVisit.day, GroupVisit.visits, PhoneGroup.name, Station.name)
        .join(PhoneGroup, PhoneGroup.id == GroupVisit.group_id)
        .outerjoin(Station, Station.id == PhoneGroup.station_id)
        .where(*f.day_clause(GroupVisit.day))
        .order_by(GroupVisit.day, PhoneGroup.name)
    )
    if f.station_id is not None:
        query = query.where(PhoneGroup.station_id == f.station_id)
    return [
        Record(day, name, "/staff/groups", {"station": station or NO_STATION}, visits)
        for day, visits, name, station in await session.execute(query)
    ]
