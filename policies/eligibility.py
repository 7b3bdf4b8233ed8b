"""Which measures apply to a person, as of a day: the rule files evaluated over their facts.

Three-valued: a condition holds (True), fails (False) or cannot be decided yet (None, with the facts
that would decide it). A measure is ``not_eligible`` as soon as one condition fails, even when others
are still unknown (answering them would change nothing); ``need_info`` when none fails but some are
unknown; ``eligible`` when all hold. A failed condition says why in its own words, with the gap
("还差1个月3天", "还差2人").
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .facts import FACTS, add_span, age_on, gap_words, read_date
from .ruleset import Rule, load_rules


@dataclass
class Outcome:
    value: bool | None
    reasons: list[str] = field(default_factory=list)  # why it failed (value False)
    missing: list[str] = field(default_factory=list)  # what would decide it (value None)


@dataclass
class Result:
    code: str
    title: str
    status: str
    amount: int | None
    amount_per: str | None
    reasons: list[str]
    missing: list[str]
    manual_checks: list[str]
    apply: dict[str, Any]
    source: str
    guess: bool


@dataclass(frozen=True)
class Context:
    rule: Rule
    facts: dict[str, Any]
    on: dt.date

    def operand(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("$"):
            return self.rule.value(value[1:], self.on)
        return value


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def percent(value: Fraction) -> str:
    return f"{float(value * 100):.1f}".removesuffix(".0") + "%"


def _compare(have: Any, op: str, need: Any) -> bool:
    if need is None:  # a $value not yet in force on that day: the clause did not exist then
        return False
    if op == "in":
        return have in need
    return {
        "eq": have == need,
        "ne": have != need,
        "gte": have >= need,
        "lte": have <= need,
        "gt": have > need,
        "lt": have < need,
    }[op]


def _since(node: dict, ctx: Context, op: str, start: dt.date) -> tuple[bool, dict[str, str]]:
    """Spans compare by calendar: "at least 6 months" holds from the day 6 months after ``start``."""
    target = add_span(start, node[op])
    holds = {
        "gte": target <= ctx.on,
        "gt": target < ctx.on,
        "lte": target >= ctx.on,
        "lt": target > ctx.on,
    }[op]
    early, late = sorted((ctx.on, target))
    return holds, {"date": target.isoformat(), "gap": gap_words(early, late)}


def _subject(node: dict, facts: dict[str, Any], on: dt.date) -> tuple[Any, list[str]]:
    """The value a leaf compares, or the facts that are missing for it."""
    if "age" in node:
        if "birth_date" in facts:
            return age_on(facts["birth_date"], on), []
        return (facts["age"], []) if "age" in facts else (None, ["birth_date"])
    if "ratio" in node:
        num, den = node["ratio"]
        absent = [n for n in (num, den) if n not in facts]
        if absent:
            return None, absent
        return (Fraction(facts[num], facts[den]) if facts[den] else Fraction(0)), []
    name = node.get("fact") or node["since"]
    return (facts[name], []) if name in facts else (None, [name])


def _leaf(node: dict, ctx: Context) -> Outcome:
    have, missing = _subject(node, ctx.facts, ctx.on)
    if missing:
        return Outcome(None, missing=missing)
    for op in ("eq", "ne", "in", "gte", "lte", "gt", "lt"):
        if op not in node:
            continue
        if "since" in node:
            holds, params = _since(node, ctx, op, have)
        else:
            need = ctx.operand(node[op])
            if "ratio" in node and need is not None:
                need = Fraction(str(need))
            holds, params = _compare(have, op, need), _params(node, ctx, have, need)
        if not holds:
            return Outcome(False, reasons=[_render(node.get("why_not", ""), params)])
    return Outcome(True)


def _params(node: dict, ctx: Context, have: Any, need: Any) -> dict[str, str]:
    if "ratio" in node:
        staff = ctx.facts[node["ratio"][1]]
        short = max(0, math.ceil(need * staff) - ctx.facts[node["ratio"][0]]) if need else 0
        return {"ratio": percent(have), "need": percent(need or 0), "short": str(short)}
    params = {"have": str(have), "need": str(need), "age": str(have)}
    if isinstance(have, int | float) and isinstance(need, int | float):
        params["short"] = str(abs(need - have))
    return params


def _render(template: str, params: dict[str, str]) -> str:
    # Templates were checked at load to use only these simple names.
    return template.format(**{name: params.get(name, "") for name in _names(template)})


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def check(node: dict, ctx: Context) -> Outcome:
    """One condition of any form, in three values."""
    if "all" in node or "any" in node:
        outcome = _group(node, ctx)
    elif "when" in node:
        outcome = _implies(node, ctx)
    else:
        return _leaf(node, ctx)
    if outcome.value is False and node.get("why_not"):
        outcome.reasons = [node["why_not"]]
    return outcome


def _group(node: dict, ctx: Context) -> Outcome:
    outcomes = [check(child, ctx) for child in node.get("all") or node["any"]]
    decisive = "any" in node  # all: one False decides it; any: one True does
    if any(o.value is decisive for o in outcomes):
        reasons = [r for o in outcomes if o.value is False for r in o.reasons]
        return Outcome(decisive, reasons=reasons if decisive is False else [])
    unknown = [o for o in outcomes if o.value is None]
    if unknown:
        return Outcome(None, missing=_unique(f for o in unknown for f in o.missing))
    return Outcome(not decisive, reasons=[r for o in outcomes for r in o.reasons])


def _implies(node: dict, ctx: Context) -> Outcome:
    """``when``/``then``: the ``then`` condition applies only to people the ``when`` describes."""
    when = check(node["when"], ctx)
    if when.value is False:
        return Outcome(True)
    then = check(node["then"], ctx)
    if when.value is True or then.value is True:
        return then
    return Outcome(None, missing=_unique([*when.missing, *then.missing]))


def question(name: str) -> str:
    return FACTS[name].question


def _amount(rule: Rule, ctx: Context) -> tuple[int | None, list[str], list[str]]:
    """The first tier that holds: its amount, the reasons, and the facts that might raise it."""
    reasons: list[str] = []
    higher: list[str] = []
    for tier in rule.amount["tiers"]:
        when = check(tier["when"], ctx) if "when" in tier else Outcome(True)
        if when.value is False:
            continue
        if when.value is None:
            value = _tier_value(tier, ctx)[0]
            asked = "；".join(question(f) for f in when.missing)
            reasons.append(f"若{tier['why']}，可得{value}元；还需回答：{asked}")
            higher += when.missing
            continue
        value, missing = _tier_value(tier, ctx)
        if value is None:
            return None, reasons, _unique([*higher, *missing])
        return value, [f"{tier['why']}：{value}元", *reasons], _unique(higher)
    return None, reasons, _unique(higher)


def _tier_value(tier: dict, ctx: Context) -> tuple[int | None, list[str]]:
    if "value" in tier:
        value = ctx.operand(tier["value"])
        return (None if value is None else int(value)), []
    share = tier["share"]
    if share["fact"] not in ctx.facts:
        return None, [share["fact"]]
    value = math.floor(Fraction(ctx.facts[share["fact"]]) * Fraction(str(share["times"])))
    cap = ctx.operand(share.get("max"))
    return (value if cap is None else min(value, int(cap))), []


def evaluate(rule: Rule, facts: dict[str, Any], on: dt.date | None = None) -> Result:
    """One measure for one person's facts (already read by ``facts.read_facts``) as of ``on``."""
    ctx = Context(rule, facts, on or dt.date.today())
    outcomes = [check(node, ctx) for node in rule.conditions]
    amount, reasons, missing = None, [], []
    if any(o.value is False for o in outcomes):
        status = "not_eligible"
        reasons = _unique(r for o in outcomes if o.value is False for r in o.reasons)
    elif any(o.value is None for o in outcomes):
        status = "need_info"
        missing = _unique(f for o in outcomes if o.value is None for f in o.missing)
        reasons = ["还需回答：" + question(f) for f in missing]
    else:
        status = "eligible"
        if rule.amount:
            amount, reasons, missing = _amount(rule, ctx)
    return Result(
        code=rule.code,
        title=rule.title,
        status=status,
        amount=amount,
        amount_per=rule.amount["per"] if rule.amount else None,
        reasons=reasons,
        missing=missing,
        manual_checks=list(rule.manual_checks),
        apply=dict(rule.apply),
        source=rule.source,
        guess=rule.guess,
    )


def evaluate_all(
    facts: dict[str, Any], on: dt.date | None = None, rules: dict[str, Rule] | None = None
) -> list[Result]:
    """Every measure that has rules, in code order."""
    rules = load_rules() if rules is None else rules
    return [evaluate(rule, facts, on) for _code, rule in sorted(rules.items())]


def for_aim(aim: str | None, rules: dict[str, Rule] | None = None) -> dict[str, Rule]:
    """The measures serving what the person wants help with (all of them when they did not say)."""
    rules = load_rules() if rules is None else rules
    if aim is None:
        return rules
    return {code: rule for code, rule in rules.items() if aim in rule.aims}


def next_question(
    facts: dict[str, Any],
    on: dt.date | None = None,
    skipped: Iterable[str] = (),
    rules: dict[str, Rule] | None = None,
    aim: str | None = None,
) -> str | None:
    """The fact to ask next: of those whose answer could still change a result, the one that
    decides the most measures (ties in the question catalogue's order); None when no answer could
    change any result. ``skipped``: facts the person chose not to answer (not asked again);
    ``aim``: only the measures serving it count (``for_aim``)."""
    skipped = set(skipped)
    on = on or dt.date.today()
    votes: Counter[str] = Counter()
    for rule in for_aim(aim, rules).values():
        missing = _still_open(rule, facts, on)
        # One vote per measure: a business's four questions all lead to "registered?" first.
        votes.update({_askable(name, facts, skipped) for name in missing} - {None})
    if not votes:
        return None
    order = list(FACTS)
    return max(votes, key=lambda name: (votes[name], -order.index(name)))


def _still_open(rule: Rule, facts: dict[str, Any], on: dt.date) -> list[str]:
    """The facts that could still change this measure's result. A measure that fails today only
    because time has not passed yet (a business at 5 months of 6) is asked about as it will stand
    then: 政策找人 can tell the person on the day it applies only if the rest is known."""
    result = evaluate(rule, facts, on)
    if result.status != "not_eligible":
        return list(result.missing)
    days = [
        add_span(start, node.get("gte") or node["gt"])
        for node in _waits(rule.conditions)
        if (start := read_date(facts.get(node["since"]))) is not None
    ]
    later = [day for day in days if day > on]
    if not later:
        return []
    then = evaluate(rule, facts, max(later) + dt.timedelta(days=1))
    return list(then.missing) if then.status == "need_info" else []


def _askable(name: str, facts: dict[str, Any], skipped: set[str]) -> str | None:
    """The question to put for a missing fact: the fact itself, or first the answer it depends on
    (whether you came back, before when); None when it cannot be asked."""
    if name == "birth_date" and name in skipped:
        name = "age"
    if name in skipped or name in facts:
        return None
    gate = FACTS[name].ask_if
    if gate is None:
        return name
    gate_name, relevant = gate
    if gate_name not in facts:
        return _askable(gate_name, facts, skipped)
    return name if facts[gate_name] in relevant else None


def _waits(node: Any) -> Iterable[dict]:
    """Every ``since`` leaf with a lower bound under ``node``: the conditions time alone meets."""
    if isinstance(node, list):
        for child in node:
            yield from _waits(child)
    elif isinstance(node, dict):
        if "since" in node and ("gte" in node or "gt" in node):
            yield node
        for key in ("all", "any", "when", "then"):
            yield from _waits(node.get(key))


def applies_from(rule: Rule, facts: dict[str, Any], on: dt.date) -> dt.date | None:
    """The first day after ``on`` on which the measure applies with these same facts (a business
    reaching 6 months), or None when waiting alone will not make it apply."""
    days = set()
    for node in _waits(rule.conditions):
        if (start := read_date(facts.get(node["since"]))) is not None:
            day = add_span(start, node.get("gte") or node["gt"])
            days.add(day if "gte" in node else day + dt.timedelta(days=1))
    for day in sorted(d for d in days if d > on):
        if evaluate(rule, facts, day).status == "eligible":
            return day
    return None
