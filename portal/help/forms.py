"""Reading a request for help and a step of it: one parser each, pages and API alike."""

from __future__ import annotations

from typing import Any

from ..forms import Reader
from ..i18n import N_
from . import states
from .states import HelpStatus

STORY_MAX = 500
EMPLOYER_MAX = 60
NOTE_MAX = 200
# Owed or recovered, in 元: a crew's unpaid year on a site runs to a few hundred thousand; ten
# million is a typing slip.
AMOUNT_MAX = 10_000_000
LIMITS = {"story": STORY_MAX, "employer": EMPLOYER_MAX, "note": NOTE_MAX, "amount": AMOUNT_MAX}


def parse_request(raw: dict[str, Any]) -> dict[str, Any]:
    """What kind of help, what happened, the employer (if any) and the amount owed (if any)."""
    r = Reader(raw)
    kind = r.choice("kind", tuple(states.KINDS))
    story = r.text("story", min_len=5, max_len=STORY_MAX)
    employer = r.name("employer", max_len=EMPLOYER_MAX, required=False)
    owed = r.integer("amount_owed", low=0, high=AMOUNT_MAX, required=False) or 0
    if kind == "unpaid_wages" and not owed and "amount_owed" not in r.errors:
        r.fail("amount_owed", N_("How much is owed? An estimate is fine."))
    r.done()
    return {"kind": kind, "story": story, "employer": employer, "amount_owed": owed}


def parse_step(raw: dict[str, Any]) -> dict[str, Any]:
    """A move: the new status, a note, where it was referred (a referral says where), and the amount
    recovered at the outcome."""
    r = Reader(raw)
    status = r.choice("status", tuple(HelpStatus)[1:])
    note = r.text("note", max_len=NOTE_MAX, required=False)
    referred_to, measure = "", ""
    if states.needs_referral(status):
        referred_to = r.choice("referred_to", tuple(states.REFERRALS))
        if referred_to == "measure":
            measure = r.text("measure", max_len=10).upper()
    recovered = None
    if states.records_recovery(status):
        recovered = r.integer("amount_recovered", low=0, high=AMOUNT_MAX, required=False) or 0
    r.done()
    return {
        "status": status,
        "note": note,
        "referred_to": referred_to,
        "measure_code": measure,
        "amount_recovered": recovered,
    }
