"""The stations' pages and their JSON: where each is, its phone, hours, staff and events."""

from __future__ import annotations

import msgspec
from litestar import get
from litestar.response import Template

from ..auth import public
from ..events.service import KIND_LABELS
from ..web import check_id
from .schemas import StationCard, StationEvent, StationPage, station_card
from .service import StationService


@get("/stations", opt=public())
async def index(station_service: StationService) -> Template:
    return Template("stations/index.html", context={"rows": await station_service.rows()})


@get("/stations/{station_id:int}", opt=public())
async def show(station_id: int, station_service: StationService) -> Template:
    row = await station_service.row(check_id(station_id))
    context = {
        "row": row,
        "s": row.station,
        "staff": await station_service.staff(row.station.id),
        "events": await station_service.events(row.station.id),
        "kind_labels": KIND_LABELS,
    }
    return Template("stations/show.html", context=context)


@get("/api/v1/stations", opt=public())
async def api_index(station_service: StationService) -> list[StationCard]:
    return [station_card(row) for row in await station_service.rows()]


@get("/api/v1/stations/{station_id:int}", opt=public())
async def api_show(station_id: int, station_service: StationService) -> StationPage:
    row = await station_service.row(check_id(station_id))
    staff = await station_service.staff(row.station.id)
    events = await station_service.events(row.station.id)
    return StationPage(
        **msgspec.structs.asdict(station_card(row)),
        staff=[u.display_name for u in staff],
        events=[
            StationEvent(id=e.id, kind=e.kind, title=e.title, held_on=e.held_on) for e in events
        ],
    )


ROUTES = [index, show, api_index, api_show]
