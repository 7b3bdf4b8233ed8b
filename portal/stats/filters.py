"""The dashboard's query: a period and, optionally, one station or one home township.

Read from ``?from=&to=&station=&township=`` strictly: a bad date, a period that ends before it
starts, or a station or township the county does not have is a FormError with a Chinese message
(400), never a guess and never a 500."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..forms import FormError, Message
from ..i18n import N_
from ..models import Station
from ..reference import townships

# The county counts days as its staff live them (China Standard Time, no summer time): a contract
# signed at 07:00 in Peng'an is that day's, although it is the evening before in UTC.
COUNTY_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
EARLIEST = dt.date(2000, 1, 1)  # no program record is older; guards against year 1 arithmetic
BAD_DATE = N_("Enter a date as YYYY-MM-DD (for example 2026-11-01).")
OUT_OF_RANGE = N_("The date must lie between 2000-01-01 and one year from today.")
BACKWARDS = N_("The start date is after the end date.")
NO_STATION = N_("There is no such station.")
NO_TOWNSHIP = N_("There is no such township in the county.")


def county_today() -> dt.date:
    return dt.datetime.now(COUNTY_TZ).date()


def day_start(day: dt.date) -> dt.datetime:
    """The UTC moment the county's day begins (timestamps are stored in UTC)."""
    return dt.datetime.combine(day, dt.time(), COUNTY_TZ).astimezone(dt.UTC)


@dataclass(frozen=True)
class Filters:
    start: dt.date | None  # None: since the first record
    end: dt.date  # inclusive
    station_id: int | None = None
    township_code: str | None = None

    def moment_clause(self, column: Any) -> list[ColumnElement[bool]]:
        """``column`` (a UTC timestamp) within the period's county days."""
        clauses = [column < day_start(self.end + dt.timedelta(days=1))]
        if self.start is not None:
            clauses.append(column >= day_start(self.start))
        return clauses

    def day_clause(self, column: Any) -> list[ColumnElement[bool]]:
        """``column`` (a calendar date) within the period."""
        clauses = [column <= self.end]
        if self.start is not None:
            clauses.append(column >= self.start)
        return clauses

    def params(self) -> dict[str, str]:
        """The query string that reproduces this selection (drill-down links, CSV links)."""
        out = {"from": self.start.isoformat() if self.start else "", "to": self.end.isoformat()}
        if self.station_id is not None:
            out["station"] = str(self.station_id)
        if self.township_code:
            out["township"] = self.township_code
        return {k: v for k, v in out.items() if v}

    def query(self) -> str:
        return urlencode(self.params())


def _date(raw: Any, field: str, errors: dict[str, Message]) -> dt.date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        errors[field] = Message(BAD_DATE)
    elif not EARLIEST <= day <= county_today() + dt.timedelta(days=366):
        errors[field] = Message(OUT_OF_RANGE)
        return None
    return day


async def parse_filters(session: AsyncSession, raw: dict[str, Any]) -> Filters:
    """``raw``: the query string's values (from, to, station, township), any of them missing."""
    errors: dict[str, Message] = {}
    start = _date(raw.get("from"), "from", errors)
    end = _date(raw.get("to"), "to", errors) or county_today()
    if start and "to" not in errors and start > end:
        errors["from"] = Message(BACKWARDS)
    station_id = await _station(session, raw.get("station"), errors)
    township = str(raw.get("township") or "").strip()
    if township and township not in {t.code for t in townships()}:
        errors["township"] = Message(NO_TOWNSHIP)
    if errors:
        raise FormError(errors, {k: str(v)[:40] for k, v in raw.items()})
    return Filters(start, end, station_id, township or None)


async def _station(session: AsyncSession, raw: Any, errors: dict[str, Message]) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9 or not await session.get(Station, int(text)):
        errors["station"] = Message(NO_STATION)
        return None
    return int(text)


async def station_names(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(Station.id, Station.name).order_by(Station.id))
    return {station_id: name for station_id, name in rows}
