"""Reading what staff and owners send about a business: one parser per form, pages and API alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..forms import Reader
from ..i18n import N_
from ..reference import find_industry, find_township
from ..security import clean_credit_code
from ..web import MAX_ID
from . import states
from .states import Stage

NAME_MAX = 100
NOTE_MAX = 200
# The largest single payment the county records: the start-up loan for a small company is capped at
# 3,000,000 元 (M12); ten times that is a typing slip, not support.
AMOUNT_MAX = 30_000_000
LIMITS = {"name": NAME_MAX, "note": NOTE_MAX, "amount": AMOUNT_MAX}


def _past_date(r: Reader, name: str, today: dt.date, *, required: bool = False) -> dt.date | None:
    """A date that has happened: a licence, a hire or a payment dated tomorrow is a typing slip."""
    day = r.date(name, required=required)
    if day is not None and day > today:
        r.fail(name, N_("This date is in the future."))
    return day


def _registration(r: Reader, stage: str, today: dt.date) -> dt.date | None:
    day = _past_date(r, "registered_on", today)
    if day is None and states.needs_registration_date(stage) and "registered_on" not in r.errors:
        r.fail("registered_on", N_("A registered business needs the date on its licence."))
    return day


def parse_business(raw: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A new business: who owns it, where, what, how far it has got; the licence's facts if any."""
    r = Reader(raw)
    name = r.name("name", max_len=NAME_MAX)
    owner = r.integer("owner_worker_id", low=1, high=MAX_ID)
    township = find_township(raw.get("township"))
    if township is None:
        r.fail("township", N_("Please choose a township."))
    industry = find_industry(raw.get("industry"))
    if industry is None:
        r.fail("industry", N_("Please choose an industry."))
    kind = r.choice("kind", tuple(states.KINDS))
    stage = r.choice("stage", tuple(states.START), default=Stage.IDEA)
    registered_on = _registration(r, stage, today)
    code = _credit_code(r, raw.get("credit_code"))
    in_incubator = r.flag("in_incubator")
    incubator_since = _past_date(r, "incubator_since", today) if in_incubator else None
    r.done()
    return {
        "name": name,
        "owner_worker_id": owner,
        "township_code": township.code if township else "",
        "industry": industry.key if industry else "",
        "kind": kind,
        "stage": stage,
        "registered_on": registered_on if states.is_licensed(stage) else None,
        "credit_code": code,
        "in_incubator": in_incubator,
        "incubator_since": incubator_since,
    }


def _credit_code(r: Reader, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = clean_credit_code(value) if isinstance(value, str) else None
    if code is None:
        r.fail("credit_code", N_("This is not a valid unified social credit code."))
    return code


def parse_stage(raw: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A move to another stage; registering needs the licence date, closing the day it closed."""
    r = Reader(raw)
    stage = r.choice("stage", tuple(Stage))
    registered_on = _past_date(r, "registered_on", today)
    closed_on = _past_date(r, "closed_on", today) if stage == Stage.CLOSED else None
    code = _credit_code(r, raw.get("credit_code"))
    r.done()
    return {
        "stage": stage,
        "registered_on": registered_on,
        "closed_on": closed_on or (today if stage == Stage.CLOSED else None),
        "credit_code": code,
    }


def parse_support(raw: dict[str, Any], today: dt.date) -> dict[str, Any]:
    r = Reader(raw)
    kind = r.choice("kind", tuple(states.SUPPORT_KINDS))
    amount = r.integer("amount", low=1, high=AMOUNT_MAX)
    on = _past_date(r, "on", today, required=True)
    measure = r.text("measure", max_len=10, required=False).upper()
    note = r.text("note", max_len=NOTE_MAX, required=False)
    r.done()
    return {
        "kind": kind,
        "amount": amount,
        "received_on": on,
        "measure_code": measure,
        "note": note,
    }


def parse_employee(raw: dict[str, Any], today: dt.date) -> tuple[int, dt.date]:
    r = Reader(raw)
    worker_id = r.integer("worker_id", low=1, high=MAX_ID)
    since = _past_date(r, "since", today) or today
    r.done()
    return worker_id or 0, since
