"""Help requests: asked by a worker or recorded by staff from a call, taken by a station, referred,
followed to an outcome. Each step is written with the worker's inbox line in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure

from ..errors import NotFound
from ..forms import FormError, Message
from ..i18n import N_
from ..inbox.service import HELP
from ..models import HelpRequest, HelpStep, Notice, Station, User, Worker
from ..stations.service import nearest
from . import states
from .states import HelpStatus

PAGE_SIZE = 100


def _refuse(field: str, msgid: str) -> FormError:
    return FormError({field: Message(msgid)})


@dataclass
class HelpCase:
    request: HelpRequest
    steps: list[HelpStep]


class HelpService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _station_for(self, worker: Worker, staff: User | None) -> int | None:
        """The station that handles it: the one taking the call, else the worker's nearest."""
        if staff is not None and staff.station_id is not None:
            return staff.station_id
        stations = list(await self.session.scalars(select(Station)))
        found = nearest(worker, stations)
        return found.id if found else None

    async def ask(self, worker: Worker, fields: dict[str, Any], by: User) -> HelpRequest:
        """A new request: from the worker's phone (``by`` is the worker) or a call staff record."""
        is_staff = by.id != worker.user_id
        request = HelpRequest(
            worker_id=worker.id,
            station_id=await self._station_for(worker, by if is_staff else None),
            status=HelpStatus.OPEN,
            source="call" if is_staff else "self",
            created_by_id=by.id,
            **fields,
        )
        self.session.add(request)
        await self.session.flush()
        self._step(request, worker, {"status": HelpStatus.OPEN, "note": ""}, by)
        await self.session.commit()
        return await self.get(request.id)

    def _step(self, request: HelpRequest, worker: Worker, fields: dict[str, Any], by: User) -> None:
        step = HelpStep(
            request_id=request.id,
            status=fields["status"],
            note=fields.get("note", ""),
            referred_to=fields.get("referred_to", ""),
            measure_code=fields.get("measure_code", ""),
            by_id=by.id,
        )
        self.session.add(step)
        if worker.user_id is not None:  # an archive without an account has no inbox
            self.session.add(
                Notice(user_id=worker.user_id, kind=HELP, subject_id=request.id, detail=step.status)
            )

    async def move(self, request_id: int, fields: dict[str, Any], by: User) -> HelpRequest:
        """Staff move the request along ``states.NEXT``; taking it gives it the taker's station."""
        request = await self.get(request_id)
        to = fields["status"]
        if not states.can_move(request.status, to):
            raise _refuse("status", N_("A help request cannot move from this state to that one."))
        if fields["measure_code"] and not await self._measure_exists(fields["measure_code"]):
            raise _refuse("measure", N_("There is no measure with this code."))
        if to == HelpStatus.TAKEN and by.station_id is not None:
            request.station_id = by.station_id
        if fields["amount_recovered"] is not None:
            request.amount_recovered = fields["amount_recovered"]
        request.status = to
        self._step(request, request.worker, fields, by)
        await self.session.commit()
        return await self.get(request.id)

    async def _measure_exists(self, code: str) -> bool:
        return await self.session.scalar(select(Measure.id).where(Measure.code == code)) is not None

    async def get(self, request_id: int) -> HelpRequest:
        request = await self.session.get(HelpRequest, request_id, populate_existing=True)
        if request is None:
            raise NotFound
        return request

    async def case(self, request_id: int, user: User | None = None) -> HelpCase:
        """The request with its steps; a worker sees only their own (others are told it is not there)."""
        request = await self.get(request_id)
        if user is not None and user.role == "worker" and request.worker.user_id != user.id:
            raise NotFound
        steps = await self.session.scalars(
            select(HelpStep)
            .where(HelpStep.request_id == request.id)
            .order_by(HelpStep.at, HelpStep.id)
        )
        return HelpCase(request, list(steps))

    async def of_worker(self, worker: Worker) -> list[HelpCase]:
        ids = await self.session.scalars(
            select(HelpRequest.id)
            .where(HelpRequest.worker_id == worker.id)
            .order_by(HelpRequest.id.desc())
        )
        return [await self.case(i) for i in ids]

    async def search(
        self, station_id: int | None = None, status: str = "", first: int | None = None
    ) -> list[HelpRequest]:
        """Staff's list: requests still moving before finished ones, the reader's station first."""
        done = case((HelpRequest.status.in_(states.OUTCOMES), 1), else_=0)
        order = [done, HelpRequest.id.desc()]
        if first is not None:
            order.insert(0, case((HelpRequest.station_id == first, 0), else_=1))
        query = select(HelpRequest).order_by(*order).limit(PAGE_SIZE)
        if station_id is not None:
            query = query.where(HelpRequest.station_id == station_id)
        if status:
            query = query.where(HelpRequest.status == status)
        return list(await self.session.scalars(query))


async def provide_help_service(db_session: AsyncSession) -> HelpService:
    return HelpService(db_session)
