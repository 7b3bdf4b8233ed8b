"""The county's service stations: who works at each, how many archives each keeps, the events held
there, and which station a worker should ask (the one keeping their archive, else the one in the city
they work in)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF
from ..errors import NotFound
from ..models import ArchiveMove, Event, Station, User, Worker

EVENTS_SHOWN = 10


@dataclass(frozen=True)
class StationRow:
    station: Station
    staff_count: int
    archives: int


def nearest(worker: Worker | None, stations: Sequence[Station]) -> Station | None:
    """The station a worker should ask: the one keeping their archive, else the one in the city they
    work in (广州 in 广州市白云区), else none (the page then links the list of stations)."""
    if worker is None:
        return None
    if worker.station_id is not None:
        return next((s for s in stations if s.id == worker.station_id), None)
    city = worker.current_city or ""
    return next((s for s in stations if city and s.city in city), None)


class StationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def stations(self) -> list[Station]:
        return list(await self.session.scalars(select(Station).order_by(Station.id)))

    async def rows(self) -> list[StationRow]:
        """Every station with its active staff and the archives it keeps."""
        staff = dict(
            (
                await self.session.execute(
                    select(User.station_id, func.count(User.id))
                    .where(User.role.in_(STAFF), User.is_active, User.station_id.is_not(None))
                    .group_by(User.station_id)
                )
            ).all()
        )
        archives = dict(
            (
                await self.session.execute(
                    select(Worker.station_id, func.count(Worker.id))
                    .where(Worker.station_id.is_not(None))
                    .group_by(Worker.station_id)
                )
            ).all()
        )
        return [
            StationRow(s, staff.get(s.id, 0), archives.get(s.id, 0)) for s in await self.stations()
        ]

    async def row(self, station_id: int) -> StationRow:
        found = next((r for r in await self.rows() if r.station.id == station_id), None)
        if found is None:
            raise NotFound
        return found

    async def staff(self, station_id: int) -> list[User]:
        query = select(User).where(
            User.station_id == station_id, User.role.in_(STAFF), User.is_active
        )
        return list(await self.session.scalars(query.order_by(User.id)))

    async def events(self, station_id: int, today: dt.date | None = None) -> list[Event]:
        """Events held at the station: the coming ones first, then the latest past ones."""
        today = today or dt.date.today()
        query = select(Event).where(Event.station_id == station_id)
        coming = await self.session.scalars(
            query.where(Event.held_on >= today).order_by(Event.held_on).limit(EVENTS_SHOWN)
        )
        past = await self.session.scalars(
            query.where(Event.held_on < today).order_by(Event.held_on.desc()).limit(EVENTS_SHOWN)
        )
        return [*coming, *past]

    async def for_user(self, user: User | None) -> Station | None:
        """The station a logged-in worker should ask (None for anyone else: they get the list)."""
        if user is None or user.role != "worker":
            return None
        worker = await self.session.scalar(select(Worker).where(Worker.user_id == user.id))
        return nearest(worker, await self.stations())

    async def moves(self, worker_id: int) -> list[ArchiveMove]:
        """Where the archive has been handed, oldest first."""
        query = select(ArchiveMove).where(ArchiveMove.worker_id == worker_id)
        return list(await self.session.scalars(query.order_by(ArchiveMove.at, ArchiveMove.id)))


async def provide_station_service(db_session: AsyncSession) -> StationService:
    return StationService(db_session)
