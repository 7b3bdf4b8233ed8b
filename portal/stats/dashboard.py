"""The county dashboard: /dashboard for staff (every figure with its records), /dashboard/public
(the same figures and charts, no records and no names), the charts' CSV, the records behind a
figure, and GET /api/v1/stats/overview. Handlers read the query, call the stats service, lay out."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.params import Parameter
from litestar.response import Response, Template

from ..auth import STAFF, public, roles
from ..errors import NotFound
from ..forms import FormError
from ..i18n import lang_of
from ..reference import townships
from ..runtime import Runtime
from .charts import Chart, charts
from .filters import COUNTY_TZ, Filters, station_names
from .overview import BY_KEY, Overview
from .schemas import OverviewOut
from .service import StatsService

RECORDS_SHOWN = 500  # a drill-down page lists this many; the figure says how many there are


def records_url(key: str, f: Filters) -> str | None:
    return f"/dashboard/records/{key}?{f.query()}" if BY_KEY[key].source else None


def csv_url(chart: Chart, f: Filters) -> str:
    return f"/dashboard/charts/{chart.key}.csv?{f.query()}"


def overview_dict(o: Overview, shown: list[Chart]) -> dict[str, Any]:
    """The overview as the API answers it (and as the monthly report's XLSX reads it)."""
    f = o.filters
    figures = [
        {
            **{k: getattr(fig, k) for k in ("key", "label", "definition", "unit", "value", "note")},
            "computed_at": o.computed_at,
            "records_url": records_url(fig.key, f),
            "breakdowns": [
                {"title": t, "rows": [{"name": r.name, "value": r.value} for r in rows]}
                for t, rows in fig.breakdowns.items()
            ],
        }
        for fig in o.figures
    ]
    chart_rows = [
        {
            **{k: getattr(c, k) for k in ("key", "title", "desc", "column")},
            "rows": [{"name": r.name, "value": r.value} for r in c.rows],
            "csv_url": csv_url(c, f),
        }
        for c in shown
    ]
    return {
        "from": f.start,
        "to": f.end,
        "station": f.station_id,
        "township": f.township_code,
        "computed_at": o.computed_at,
        "figures": figures,
        "charts": chart_rows,
    }


async def _selected(request: Request, stats_service: StatsService) -> Filters:
    return await stats_service.filters(request.query_params)


def refused(request: Request, exc: FormError) -> Template:
    lang = lang_of(request)
    message = "；".join(m.render(lang) for m in exc.errors.values())
    return Template("error.html", context={"message": message, "status": 400}, status_code=400)


async def _page(
    request: Request, stats_service: StatsService, runtime: Runtime, *, staff: bool
) -> Template:
    try:
        f = await _selected(request, stats_service)
    except FormError as exc:
        return refused(request, exc)
    lang = lang_of(request)
    o = await stats_service.overview(f, runtime.vocabulary, lang)
    context = {
        "o": o,
        "f": f,
        "charts": charts(o, lang),
        "staff": staff,
        "computed": o.computed_at.astimezone(COUNTY_TZ).strftime("%Y-%m-%d %H:%M"),
        "records_url": records_url,
        "csv_url": csv_url,
        "stations": await station_names(stats_service.session),
        "townships": townships(),
    }
    return Template("dashboard/index.html", context=context)


@get("/dashboard", opt=roles(*STAFF))
async def dashboard(request: Request, stats_service: StatsService, runtime: Runtime) -> Template:
    return await _page(request, stats_service, runtime, staff=True)


@get("/dashboard/public", opt=public())
async def public_dashboard(
    request: Request, stats_service: StatsService, runtime: Runtime
) -> Template:
    """The same counts and charts, without the records behind them (no names, no links)."""
    return await _page(request, stats_service, runtime, staff=False)


@get("/dashboard/records/{key:str}", opt=roles(*STAFF))
async def records(
    request: Request, key: str, stats_service: StatsService, runtime: Runtime
) -> Template:
    if key not in BY_KEY:
        raise NotFound(key)
    try:
        f = await _selected(request, stats_service)
    except FormError as exc:
        return refused(request, exc)
    found = await stats_service.records(key, f, runtime.vocabulary)
    context = {"spec": BY_KEY[key], "f": f, "records": found, "shown": RECORDS_SHOWN}
    return Template("dashboard/records.html", context=context)


@get("/dashboard/charts/{name:str}", opt=roles(*STAFF))
async def chart_csv(
    request: Request, name: str, stats_service: StatsService, runtime: Runtime
) -> Response:
    """``/dashboard/charts/<chart>.csv``: the chart's rows, as its table shows them."""
    try:
        f = await _selected(request, stats_service)
    except FormError as exc:
        return refused(request, exc)
    lang = lang_of(request)
    o = await stats_service.overview(f, runtime.vocabulary, lang)
    chart = next((c for c in charts(o, lang) if f"{c.key}.csv" == name), None)
    if chart is None:
        raise NotFound(name)
    body = "\ufeff" + chart.csv()  # the BOM tells Excel and WPS the file is UTF-8
    disposition = f'attachment; filename="{chart.key}-{f.end.isoformat()}.csv"'
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": disposition},
    )


@get("/api/v1/stats/overview", opt=roles(*STAFF))
async def api_overview(
    request: Request,
    stats_service: StatsService,
    runtime: Runtime,
    start: Annotated[str | None, Parameter(query="from", description="YYYY-MM-DD")] = None,
    to: Annotated[str | None, Parameter(description="YYYY-MM-DD, default today")] = None,
    station: Annotated[str | None, Parameter(description="a station's id")] = None,
    township: Annotated[str | None, Parameter(description="a township's code")] = None,
) -> OverviewOut:
    """Every figure with its definition and breakdowns, and the four charts' rows. Bad dates, a
    start after the end, or an unknown station or township: 400 with the reason in Chinese."""
    raw = {"from": start, "to": to, "station": station, "township": township}
    f = await stats_service.filters(raw)
    lang = lang_of(request)
    o = await stats_service.overview(f, runtime.vocabulary, lang)
    return msgspec.convert(overview_dict(o, charts(o, lang)), OverviewOut)


ROUTES = [dashboard, public_dashboard, records, chart_csv, api_overview]
