"""A person's results in the three groups the results page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policies.eligibility import Result, applies_from, evaluate_all, for_aim, question
from policies.ruleset import load_rules

from .schemas import ResultCard, ResultGroups


def card(result: Result, facts: dict[str, Any], on: dt.date, ids: dict[str, int]) -> ResultCard:
    applies_on = None
    if result.status == "not_eligible":
        applies_on = applies_from(load_rules()[result.code], facts, on)
    return ResultCard(
        code=result.code,
        title=result.title,
        status=result.status,
        amount=result.amount,
        amount_per=result.amount_per,
        reasons=[r for r in result.reasons if not r.startswith("还需回答")],
        questions=[question(name) for name in result.missing],
        manual_checks=result.manual_checks,
        apply=result.apply,
        measure_id=ids.get(result.code),
        applies_on=applies_on,
        guess=result.guess,
    )


def group_results(
    facts: dict[str, Any], on: dt.date, aim: str | None, ids: dict[str, int]
) -> ResultGroups:
    """Applies now; not yet (soonest to apply first, then the rest); still to be asked about."""
    cards = [card(r, facts, on, ids) for r in evaluate_all(facts, on, for_aim(aim))]
    not_yet = [c for c in cards if c.status == "not_eligible"]
    not_yet.sort(key=lambda c: (c.applies_on is None, c.applies_on or on, c.code))
    return ResultGroups(
        eligible=[c for c in cards if c.status == "eligible"],
        not_yet=not_yet,
        ask=[c for c in cards if c.status == "need_info"],
    )
