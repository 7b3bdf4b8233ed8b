"""Reading a plan to come home, as a worker or staff send it (a page's fields or a JSON body)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ..forms import Reader
from ..i18n import N_
from ..reference import find_township

WORK_MAX = 30
# Plans further off than two years are wishes, not plans: the spring fairs look a season ahead.
MONTHS_AHEAD = 24
LIMITS = {"work": WORK_MAX, "months_ahead": MONTHS_AHEAD}
_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?")


def month_of(today: dt.date, ahead: int) -> dt.date:
    """The first day of the month ``ahead`` months after today's."""
    months = today.year * 12 + today.month - 1 + ahead
    return dt.date(months // 12, months % 12 + 1, 1)


def _month(r: Reader, value: Any, today: dt.date) -> dt.date | None:
    """A month typed as 2027-02 (a month picker's value) or 2027-02-10; this month to two years on."""
    if value is None or (isinstance(value, str) and not value.strip()):
        r.fail("month", N_("This field is required."))
        return None
    found = (
        _MONTH.fullmatch(unicodedata.normalize("NFKC", value).strip())
        if isinstance(value, str)
        else None
    )
    if found is None or not 1 <= int(found[2]) <= 12:
        r.fail("month", N_("Please enter a month like 2027-02."))
        return None
    month = dt.date(int(found[1]), int(found[2]), 1)
    if not month_of(today, 0) <= month <= month_of(today, MONTHS_AHEAD):
        r.fail("month", N_("Please choose a month from now to two years ahead."))
        return None
    return month


def parse_plan(raw: dict[str, Any], today: dt.date, home_township: str) -> dict[str, Any]:
    """Around which month, where (the home township unless another is named) and what work."""
    r = Reader(raw)
    month = _month(r, raw.get("month"), today)
    work = r.text("work", max_len=WORK_MAX)
    township = find_township(raw.get("township")) if raw.get("township") else None
    if raw.get("township") and township is None:
        r.fail("township", N_("Please choose a township of the county."))
    r.done()
    return {
        "month": month,
        "work": work,
        "township_code": township.code if township else home_township,
    }
