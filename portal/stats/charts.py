"""The dashboard's charts as SVG written on the server: no chart script, no request elsewhere.

One kind of chart does for all of them, horizontal bars with the label on the left and the
number at the bar's end, since Chinese station and township names read badly on a slanted axis.
Each chart carries <title> and <desc>, and the page shows the same rows as a table (its text
equivalent) and offers them as CSV; the three are made from the same ``Chart.rows``."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..i18n import N_, gettext
from ..sheets import csv_row
from .overview import DIMENSIONS, Overview, Row, breakdown

WIDTH = 640
LABEL_WIDTH = 210  # about 16 Chinese characters at 13 px: a station's full name fits
VALUE_WIDTH = 70
ROW_HEIGHT = 26
TOP = 34
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"
BAR_COLOUR = "#2f6f9f"
MAX_MONTHS = 36  # a longer period is shown as its last three years
# What a chart's label column holds, as its table heads it.
COLUMNS = {"station": N_("Station"), "township": N_("Home township"), "trade": N_("Trade")}


@dataclass
class Chart:
    key: str
    title: str
    desc: str
    column: str  # what the label column is (month, station...)
    rows: list[Row]

    def svg(self) -> str:
        return bars_svg(self)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(csv_row([self.column, self.title]))
        for row in self.rows:
            writer.writerow(csv_row([row.name, row.value]))
        return out.getvalue()


def _text(x: float, y: float, body: str, anchor: str = "start", size: int = 13) -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="{FONT}" fill="#222">{escape(body)}</text>'
    )


def bars_svg(chart: Chart) -> str:
    """Horizontal bars, one a row, scaled to the largest value (all zeros: no bars, just zeros)."""
    height = TOP + ROW_HEIGHT * max(len(chart.rows), 1) + 8
    top = max([row.value for row in chart.rows] + [0])
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    ids = f"chart-{chart.key}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ids}-t {ids}-d">',
        f'<title id="{ids}-t">{escape(chart.title)}</title>',
        f'<desc id="{ids}-d">{escape(chart.desc)}</desc>',
        _text(0, 20, chart.title, size=15),
    ]
    for i, row in enumerate(chart.rows):
        y = TOP + i * ROW_HEIGHT
        width = span * row.value / top if top else 0
        parts += [
            _text(LABEL_WIDTH - 8, y + 17, row.name, anchor="end"),
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="{ROW_HEIGHT - 8}" '
            f'fill="{BAR_COLOUR}" data-label={quoteattr(row.name)} data-value="{row.value}"/>',
            _text(LABEL_WIDTH + width + 6, y + 17, str(row.value)),
        ]
    if not chart.rows:
        parts.append(_text(LABEL_WIDTH, TOP + 17, chart.desc))
    parts.append("</svg>")
    return "".join(parts)


def months(first: dt.date, last: dt.date) -> list[str]:
    """``YYYY-MM`` for every month from ``first`` to ``last``, at most the last MAX_MONTHS."""
    found, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        found.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return found[-MAX_MONTHS:]


def by_month(key: str, o: Overview, figure: str, lang: str, first: dt.date) -> Chart:
    """A figure's records counted by the month of their date, every month shown (zeros too)."""
    label = o.figure(figure).label
    counts = Counter(r.on.strftime("%Y-%m") for r in o.records[figure])
    rows = [Row(month, counts.get(month, 0)) for month in months(first, o.filters.end)]
    span = {"first": rows[0].name, "last": rows[-1].name} if rows else {"first": "", "last": ""}
    desc = gettext(lang, N_("%(figure)s by month, %(first)s to %(last)s"), figure=label, **span)
    title = f"{label} · {gettext(lang, N_('By month'))}"
    return Chart(key, title, desc, gettext(lang, N_("Month")), rows)


def by_dimension(key: str, o: Overview, figure: str, dim: str, lang: str) -> Chart:
    f = o.figure(figure)
    dim_title = gettext(lang, DIMENSIONS[dim][0])
    title = f"{f.label} · {dim_title}"
    desc = gettext(lang, N_("%(figure)s, %(by)s, largest first"), figure=f.label, by=dim_title)
    column = gettext(lang, COLUMNS.get(dim, DIMENSIONS[dim][0]))
    return Chart(key, title, desc, column, breakdown(o.records[figure], dim, lang))


def charts(o: Overview, lang: str, first_month: dt.date | None = None) -> list[Chart]:
    """The dashboard's four charts: by month, station, township and trade. ``first_month``: where
    the month chart starts (default the period's start, or 11 months before its end)."""
    end = o.filters.end
    default = dt.date(end.year - (end.month <= 11), (end.month - 12) % 12 + 1, 1)
    first = first_month or o.filters.start or default
    return [
        by_month("signed-by-month", o, "signed", lang, first),
        by_dimension("archives-by-station", o, "archives", "station", lang),
        by_dimension("archives-by-township", o, "archives", "township", lang),
        by_dimension("signed-by-trade", o, "signed", "trade", lang),
    ]
