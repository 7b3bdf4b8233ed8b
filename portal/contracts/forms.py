"""What staff send about a contract, read into plain values: a new contract and a step of its life.

Both the page's form and the API's body are read here, so each refusal says the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound
from ..forms import Reader
from ..i18n import N_

MAX_ID = 2**31 - 1
# The form's limits: read by the form reader, shown by the page (maxlength, min, max).
LIMITS = {
    "position": 40,
    "workplace": 100,
    "wage_reason": 100,
    "probation_months": 6,
    "term_days_min": 7,
    "term_days_max": 180,
    "note": 200,
}
DRAFT_TERM_DAYS = 30  # how long a new intent holds after its start date, unless staff change it
DRAFT_LEAD_DAYS = 7  # a new contract starts a week ahead at the earliest


@dataclass(frozen=True)
class ContractForm:
    worker_id: int
    job_id: int
    wage: int
    start_date: dt.date
    position: str
    workplace: str
    event_id: int | None = None
    probation_months: int = 0
    term_days: int = DRAFT_TERM_DAYS
    wage_reason: str = ""
    has_housing: bool | None = None  # None: as the vacancy offers
    has_meals: bool | None = None


def parse_contract_form(raw: dict[str, Any], *, today: dt.date | None = None) -> ContractForm:
    today = today or dt.date.today()
    r = Reader(raw)
    worker_id = r.integer("worker_id", low=1, high=MAX_ID)
    job_id = r.integer("job_id", low=1, high=MAX_ID)
    event_id = r.integer("event_id", low=1, high=MAX_ID, required=False)
    wage = r.integer("wage", low=500, high=100_000)
    start_date = r.date("start_date")
    if start_date is not None and start_date < today:
        r.fail("start_date", N_("The start date cannot be in the past."))
    elif start_date is not None and start_date > today + dt.timedelta(days=366):
        r.fail("start_date", N_("The start date must be within a year."))
    position = r.name("position", max_len=LIMITS["position"], required=False)
    workplace = r.text("workplace", max_len=LIMITS["workplace"], required=False)
    high = LIMITS["probation_months"]
    probation = r.integer("probation_months", low=0, high=high, required=False) or 0
    low, high = LIMITS["term_days_min"], LIMITS["term_days_max"]
    term = r.integer("term_days", low=low, high=high, required=False) or DRAFT_TERM_DAYS
    reason = r.text("wage_reason", max_len=LIMITS["wage_reason"], required=False)
    boxes = "has_housing" in raw or "has_meals" in raw  # neither sent: as the vacancy offers
    housing = r.flag("has_housing") if boxes else None
    meals = r.flag("has_meals") if boxes else None
    r.done()
    return ContractForm(
        worker_id,
        job_id,
        wage,
        start_date,
        position,
        workplace,
        event_id,
        probation,
        term,
        reason,
        housing,
        meals,
    )


@dataclass(frozen=True)
class Step:
    """The next step of a contract's life as staff record it."""

    to: str
    note: str = ""
    on: dt.date | None = None  # the day the worker reported for duty (that step only)


def parse_step(raw: dict[str, Any]) -> Step:
    """``{to, note, on}`` from the page's form or the API's body; a date that cannot be read is
    refused here, one out of order by the service."""
    r = Reader(raw)
    to = raw.get("to")
    if not isinstance(to, str) or not to:
        r.fail("to", N_("Please choose one of the options."))
    note = r.text("note", max_len=10_000, required=False)[: LIMITS["note"]]
    on = r.date("on", required=False)
    r.done()
    return Step(to, note, on)


def record_id(value: Any) -> int:
    """An id from a query or a form: anything but a whole number in the database's range is not found."""
    text = str(value).strip() if isinstance(value, int | str) else ""
    if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        raise NotFound
    return int(text)
