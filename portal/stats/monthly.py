"""The monthly report for the bureau's meeting: one month's figures and charts as a PDF (Typst,
``documents/templates/monthly.typ``, the charts embedded as the same SVG the dashboard shows) and
as an XLSX with the same tables. Staff only; ``/reports/monthly/2026-11.pdf`` or ``.xlsx``."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from typing import Any

from litestar import Request, get
from litestar.response import Response

from ..auth import STAFF, roles
from ..documents.render import RenderFailed, render_async
from ..errors import NotFound
from ..events.export import XLSX_TYPE
from ..forms import FormError, Message
from ..i18n import N_, gettext, lang_of
from ..runtime import Runtime
from ..sheets import append_row
from ..templating import yuan
from .charts import Chart, charts
from .dashboard import refused
from .filters import COUNTY_TZ, EARLIEST, Filters, county_today
from .overview import Overview
from .service import StatsService

NOT_YET = N_("That month has not begun yet.")
TOO_EARLY = N_("The portal keeps no records from before 2000.")
MEDIA = {"pdf": "application/pdf", "xlsx": XLSX_TYPE}


def month_of(text: str) -> dt.date | None:
    """``2026-11`` -> 2026-11-01; anything else None."""
    try:
        return dt.date.fromisoformat(f"{text}-01") if len(text) == 7 else None
    except ValueError:
        return None


def month_filters(first: dt.date) -> Filters:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Filters(first, last)


def _year_before(first: dt.date) -> dt.date:
    """The first day of the month eleven months before: the month chart shows a year."""
    year, month = divmod(first.year * 12 + first.month - 1 - 11, 12)
    return dt.date(year, month + 1, 1)


def value_text(fig: Any) -> str:
    if fig.value is None:
        return fig.note
    return yuan(fig.value) if fig.unit == "yuan" else str(fig.value)


def report_data(o: Overview, shown: list[Chart], lang: str) -> dict[str, Any]:
    first = o.filters.start
    computed = o.computed_at.astimezone(COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
    return {
        "title": gettext(
            lang,
            N_("Monthly report, %(year)s-%(month)s"),
            year=first.year,
            month=f"{first.month:02d}",
        ),
        "period": f"{o.filters.start.isoformat()} — {o.filters.end.isoformat()}",
        "computed": gettext(lang, N_("Computed at %(when)s (China time)."), when=computed),
        "headings": headings(lang),
        "figures": [
            {"label": f.label, "value": value_text(f), "definition": f.definition}
            for f in o.figures
        ],
        "charts": [
            {
                "title": c.title,
                "column": c.column,
                "svg": c.svg(),
                "rows": [[r.name, r.value] for r in c.rows],
            }
            for c in shown
        ],
    }


def headings(lang: str) -> dict[str, str]:
    return {
        "figure": gettext(lang, N_("Figure")),
        "value": gettext(lang, N_("Value")),
        "definition": gettext(lang, N_("Definition")),
    }


def report_xlsx(o: Overview, shown: list[Chart], lang: str) -> bytes:
    """The figures (value and definition), their breakdowns, and one sheet per chart."""
    from openpyxl import Workbook  # loaded only when a workbook is written

    book = Workbook()
    sheet = book.active
    sheet.title = gettext(lang, N_("Figures"))
    append_row(sheet, list(headings(lang).values()))
    for f in o.figures:
        append_row(sheet, [f.label, f.value if f.value is not None else f.note, f.definition])
    parts = book.create_sheet(gettext(lang, N_("Breakdowns")))
    append_row(parts, [headings(lang)["figure"], gettext(lang, N_("Dimension")), "", ""])
    for f in o.figures:
        for title, rows in f.breakdowns.items():
            for row in rows:
                append_row(parts, [f.label, title, row.name, row.value])
    for c in shown:
        chart_sheet = book.create_sheet(c.key[:31])
        append_row(chart_sheet, [c.column, c.title])
        for row in c.rows:
            append_row(chart_sheet, [row.name, row.value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _month(text: str) -> tuple[dt.date, str]:
    """``2026-11.pdf`` -> (2026-11-01, "pdf"); NotFound for another shape, FormError (400) for a
    month the portal cannot report on."""
    stem, _, kind = text.rpartition(".")
    first = month_of(stem)
    if kind not in MEDIA or first is None:
        raise NotFound(text)
    if first > county_today():
        raise FormError({"month": Message(NOT_YET)})
    if first < EARLIEST:
        raise FormError({"month": Message(TOO_EARLY)})
    return first, kind


@get("/reports/monthly/{name:str}", opt=roles(*STAFF))
async def monthly(
    request: Request, name: str, stats_service: StatsService, runtime: Runtime
) -> Response:
    try:
        first, kind = _month(name)
    except FormError as exc:
        return refused(request, exc)
    lang = lang_of(request)
    o = await stats_service.overview(month_filters(first), runtime.vocabulary, lang)
    shown = charts(o, lang, first_month=_year_before(first))
    if kind == "xlsx":
        body = report_xlsx(o, shown, lang)
    else:
        try:
            body = await render_async("monthly", report_data(o, shown, lang))
        except RenderFailed as failed:
            why = gettext(lang, N_("The PDF could not be made (%(why)s)."), why=str(failed)[:120])
            return Response(why, status_code=503, media_type="text/plain; charset=utf-8")
    disposition = f'attachment; filename="monthly-{first.strftime("%Y-%m")}.{kind}"'
    headers = {"content-disposition": disposition}
    return Response(body, media_type=MEDIA[kind], headers=headers)


ROUTES = [monthly]
