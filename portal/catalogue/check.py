"""Reading a ``POST /api/v1/policies/check`` body: the facts typed, the day, each error naming its fact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policies.eligibility import Result, evaluate_all
from policies.facts import FACTS, FactError, read_date, read_facts

from ..forms import FormError, Message
from ..i18n import N_

# One message per way a fact can be wrong; each names the fact, as the client sent it.
FACT_MESSAGES = {
    "unknown": N_("%(name)s is not a fact this check knows."),
    "yes_no": N_("%(name)s must be true or false."),
    "date": N_("%(name)s must be a date written as YYYY-MM-DD."),
    "number": N_("%(name)s must be a whole number, not negative and not too large."),
    "choice": N_("%(name)s must be one of: %(choices)s."),
}
# A date far outside any measure's life is a typing error, not a question.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def read_check(facts: Any, on: Any) -> tuple[dict[str, Any], dt.date]:
    """The facts and the day, or FormError with a message at ``facts.<name>`` or ``on``."""
    if not isinstance(facts, dict):
        raise FormError(
            {"facts": Message(N_("facts must be an object of fact names and answers."))}
        )
    try:
        typed = read_facts(facts)
    except FactError as e:
        raise FormError({f"facts.{e.name}": _message(e)}) from None
    day = dt.date.today() if on is None else read_date(on)
    if day is None or not EARLIEST <= day <= LATEST:
        raise FormError({"on": Message(N_("on must be a date written as YYYY-MM-DD."))})
    return typed, day


def _message(e: FactError) -> Message:
    params: dict[str, Any] = {"name": e.name[:60]}
    if e.problem == "choice":
        params["choices"] = ", ".join(FACTS[e.name].choices)
    return Message(FACT_MESSAGES[e.problem], params)


def check(facts: Any, on: Any) -> tuple[list[Result], dt.date]:
    typed, day = read_check(facts, on)
    return evaluate_all(typed, day), day
