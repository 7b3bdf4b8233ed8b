"""The staff list of people a measure began to apply to (政策找人), ID numbers masked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure

from ..models import MeasureMatch, Station, Worker
from ..security import mask_id_number
from .schemas import MatchRow

SHOWN = 200  # the newest; a station calls these people, so older ones have been called


async def new_matches(session: AsyncSession, limit: int = SHOWN) -> list[MatchRow]:
    rows = await session.execute(
        select(MeasureMatch, Worker.name, Worker.id_number, Station.name, Measure.title, Measure.id)
        .join(Worker, Worker.id == MeasureMatch.worker_id)
        .outerjoin(Station, Station.id == Worker.station_id)
        .outerjoin(Measure, Measure.code == MeasureMatch.code)
        .order_by(MeasureMatch.first_at.desc(), MeasureMatch.id.desc())
        .limit(limit)
    )
    return [
        MatchRow(
            worker_id=match.worker_id,
            name=name,
            id_number=mask_id_number(id_number),
            station=station or "",
            code=match.code,
            title=title or match.code,
            measure_id=measure_id,
            since=match.first_at,
            notified=match.notified_at is not None,
        )
        for match, name, id_number, station, title, measure_id in rows
    ]
