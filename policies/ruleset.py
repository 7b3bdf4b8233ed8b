"""Reading the rule files (``policies/rules/<CODE>.yaml``) and refusing a bad one loudly.

The file shape is documented in ``policies/rules/README.md``. Every check here names the file and the
place in it, so a typo in a rule stops the portal at start-up (and the suite) instead of quietly
making a measure say "not eligible" to everyone.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .facts import FACTS, FactError, read_date, read_facts
from .services import read_catalogue

RULES_DIR = Path(__file__).resolve().parent / "rules"
SUBJECTS = ("fact", "since", "age", "ratio")
COMPARISONS = ("eq", "ne", "in", "gte", "lte", "gt", "lt")
GROUPS = ("all", "any")
SPAN_UNITS = ("years", "months", "days")
# The names a why_not template may use; anything else (an attribute, an index) is refused at load.
TEMPLATE_FIELDS = {"have", "need", "short", "gap", "date", "age", "ratio"}
TOP_KEYS = {
    "code",
    "title",
    "source",
    "guess",
    "conditions",
    "amount",
    "values",
    "manual_checks",
    "apply",
    "cases",
    "aims",
}
APPLY_KEYS = {"window", "documents", "time_limit", "department", "one_trip"}
PERIODS = ("once", "year", "month", "loan")
# What a person may say they want help with; the questionnaire asks this first and then asks only
# what decides the measures of that aim (a measure lists every aim it serves).
AIMS = {
    "business": "自己创业、办企业",
    "job": "在本县找工作、稳定就业",
    "training": "学技术、考证书",
    "school": "孩子在本县上学",
}


class RuleLoader(yaml.SafeLoader):
    """YAML 1.1 reads ``on``, ``yes`` and ``no`` as booleans; here only true/false are (a case's
    ``on:`` date must stay a key named "on")."""


RuleLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    source: str
    conditions: list[dict[str, Any]]
    amount: dict[str, Any] | None
    values: dict[str, list[tuple[dt.date, int | float]]]
    manual_checks: list[str]
    apply: dict[str, Any]
    cases: list[dict[str, Any]] = field(default_factory=list)
    guess: bool = False
    aims: tuple[str, ...] = ()

    def value(self, name: str, on: dt.date) -> int | float | None:
        """The named value in force on ``on`` (None before the first one took effect)."""
        found = None
        for since, value in self.values[name]:
            if since <= on:
                found = value
        return found


def _fail(where: str, problem: str) -> RuleError:
    return RuleError(f"{where}: {problem}")


def check_template(text: Any, where: str) -> None:
    if not isinstance(text, str) or not text:
        raise _fail(where, "a message must be non-empty text")
    for _literal, name, spec, conv in string.Formatter().parse(text):
        if name is not None and (name not in TEMPLATE_FIELDS or spec or conv):
            raise _fail(where, f"{{{name}}} is not one of {sorted(TEMPLATE_FIELDS)}")


def check_span(span: Any, where: str) -> None:
    if not isinstance(span, dict) or not span or set(span) - set(SPAN_UNITS):
        raise _fail(where, f"a span is a mapping of {SPAN_UNITS}, e.g. {{months: 6}}")
    if not all(isinstance(v, int) and v >= 0 for v in span.values()):
        raise _fail(where, "span lengths are whole numbers")


def check_fact(name: Any, where: str, kinds: tuple[str, ...] = ()) -> None:
    if name not in FACTS:
        raise _fail(where, f"unknown fact {name!r}")
    if kinds and FACTS[name].kind not in kinds:
        raise _fail(where, f"{name} is a {FACTS[name].kind}, wanted {kinds}")


def check_node(node: Any, where: str, values: dict, leaf_message: bool = True) -> None:
    """A condition: ``all``/``any`` of conditions, ``when``/``then``, or one subject compared."""
    if not isinstance(node, dict):
        raise _fail(where, "a condition is a mapping")
    if "why_not" in node:
        check_template(node["why_not"], f"{where}.why_not")
    group = [k for k in GROUPS if k in node]
    if group:
        children = node[group[0]]
        if len(group) > 1 or not isinstance(children, list) or not children:
            raise _fail(where, "all/any takes one non-empty list")
        inner = leaf_message and "why_not" not in node
        for i, child in enumerate(children):
            check_node(child, f"{where}.{group[0]}[{i}]", values, inner)
        return _no_extra(node, {group[0], "why_not", "guess"}, where)
    if "when" in node:
        check_node(node["when"], f"{where}.when", values, leaf_message=False)
        check_node(node.get("then"), f"{where}.then", values, leaf_message)
        return _no_extra(node, {"when", "then", "guess"}, where)
    _check_leaf(node, where, values)
    if leaf_message and "why_not" not in node:
        raise _fail(where, "every condition a person can fail says why_not")


def _check_leaf(node: dict, where: str, values: dict) -> None:
    subjects = [k for k in SUBJECTS if k in node]
    comparisons = [k for k in COMPARISONS if k in node]
    if len(subjects) != 1 or not comparisons:
        raise _fail(where, f"one of {SUBJECTS} and at least one of {COMPARISONS}")
    subject = subjects[0]
    if subject == "ratio":
        pair = node["ratio"]
        if not (isinstance(pair, list) and len(pair) == 2):
            raise _fail(where, "ratio: [numerator fact, denominator fact]")
        for name in pair:
            check_fact(name, where, ("number",))
    elif subject == "since":
        check_fact(node["since"], where, ("date",))
    elif subject == "age":
        if node["age"] != "birth_date":
            raise _fail(where, "age: birth_date (the age fact is read when no birth date is given)")
    else:
        check_fact(node["fact"], where)
    for op in comparisons:
        _check_operand(subject, node, op, f"{where}.{op}", values)
    _no_extra(node, {subject, *comparisons, "why_not", "guess"}, where)


def _check_operand(subject: str, node: dict, op: str, where: str, values: dict) -> None:
    operand = node[op]
    if subject == "since":
        return check_span(operand, where)
    if op == "in":
        if not isinstance(operand, list) or not operand:
            raise _fail(where, "in: takes a non-empty list")
        operands = operand
    else:
        operands = [operand]
    for item in operands:
        if isinstance(item, str) and item.startswith("$"):
            if item[1:] not in values:
                raise _fail(where, f"no value named {item[1:]!r} under values")
        elif subject == "fact" and FACTS[node["fact"]].kind == "choice":
            if item not in FACTS[node["fact"]].choices:
                raise _fail(where, f"{item!r} is not a choice of {node['fact']}")
        elif not isinstance(item, bool | int | float):
            raise _fail(where, f"{item!r} cannot be compared")


def _no_extra(node: dict, allowed: set[str], where: str) -> None:
    extra = set(node) - allowed
    if extra:
        raise _fail(where, f"unknown keys {sorted(extra)}")


def read_values(raw: Any, where: str) -> dict[str, list[tuple[dt.date, int | float]]]:
    """``{cap: [{from: 2024-01-01, value: 10000}, ...]}`` in date order, each from its own day on."""
    if not isinstance(raw, dict):
        raise _fail(where, "values is a mapping of name to a dated list")
    out = {}
    for name, entries in raw.items():
        dated = []
        for i, entry in enumerate(entries or []):
            since = read_date(entry.get("from")) if isinstance(entry, dict) else None
            value = entry.get("value") if isinstance(entry, dict) else None
            if since is None or not isinstance(value, int | float) or isinstance(value, bool):
                raise _fail(f"{where}.{name}[{i}]", "each entry is {from: YYYY-MM-DD, value: N}")
            dated.append((since, value))
        if not dated or dated != sorted(dated, key=lambda d: d[0]):
            raise _fail(f"{where}.{name}", "at least one entry, in date order")
        out[name] = dated
    return out


def check_amount(amount: Any, where: str, values: dict) -> None:
    """``{per, tiers: [{when?, value | share, why}]}``; the last tier has no ``when`` if any does not."""
    if not isinstance(amount, dict) or amount.get("per") not in PERIODS:
        raise _fail(where, f"amount needs per: one of {PERIODS}")
    tiers = amount.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        raise _fail(where, "amount needs a non-empty tiers list")
    for i, tier in enumerate(tiers):
        at = f"{where}.tiers[{i}]"
        if "when" in tier:
            check_node(tier["when"], f"{at}.when", values, leaf_message=False)
        check_template(tier.get("why"), f"{at}.why")
        if ("value" in tier) == ("share" in tier):
            raise _fail(at, "a tier has either value or share")
        if "share" in tier:
            share = tier["share"]
            check_fact(share.get("fact"), f"{at}.share", ("number",))
            if not isinstance(share.get("times"), int | float):
                raise _fail(f"{at}.share", "share needs times: a number")
        for ref in (tier.get("value"), tier.get("share", {}).get("max")):
            if isinstance(ref, str) and not (ref.startswith("$") and ref[1:] in values):
                raise _fail(at, f"no value named {ref[1:]!r} under values")
        _no_extra(tier, {"when", "value", "share", "why", "guess"}, at)
    _no_extra(amount, {"per", "tiers"}, where)


def check_cases(cases: Any, where: str) -> list[dict[str, Any]]:
    """A rule file's own test cases: ``{name, on, facts, expect: {status, amount?, reasons?, missing?}}``."""
    if not isinstance(cases, list) or not cases:
        raise _fail(where, "every rule file carries its own cases")
    out = []
    for i, case in enumerate(cases):
        at = f"{where}[{i}]"
        expect = case.get("expect") if isinstance(case, dict) else None
        if not isinstance(expect, dict) or expect.get("status") not in STATUSES:
            raise _fail(at, f"expect.status is one of {STATUSES}")
        if not isinstance(case.get("name"), str) or read_date(case.get("on")) is None:
            raise _fail(at, "a case has a name and an on date")
        try:
            facts = read_facts(case.get("facts") or {})
        except FactError as e:
            raise _fail(f"{at}.facts", str(e)) from None
        _no_extra(expect, {"status", "amount", "reasons", "missing"}, f"{at}.expect")
        out.append({**case, "on": read_date(case["on"]), "facts": facts})
    return out


STATUSES = ("eligible", "not_eligible", "need_info")


def read_rule(path: Path, titles: dict[str, str]) -> Rule:
    where = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=RuleLoader)
    except yaml.YAMLError as e:
        raise _fail(where, f"not YAML: {e}") from None
    if not isinstance(raw, dict):
        raise _fail(where, "a rule file is a mapping")
    _no_extra(raw, TOP_KEYS, where)
    code = raw.get("code")
    if code != path.stem or code not in titles:
        raise _fail(where, f"code {code!r} must be the file's name and a measure of the catalogue")
    if raw.get("title") != titles[code]:
        raise _fail(where, f"title must be the catalogue's: {titles[code]}")
    values = read_values(raw.get("values") or {}, f"{where}: values")
    conditions = raw.get("conditions")
    if not isinstance(conditions, list) or not conditions:
        raise _fail(where, "conditions: a non-empty list")
    for i, node in enumerate(conditions):
        check_node(node, f"{where}: conditions[{i}]", values)
    if raw.get("amount") is not None:
        check_amount(raw["amount"], f"{where}: amount", values)
    apply = raw.get("apply") or {}
    _no_extra(apply, APPLY_KEYS, f"{where}: apply")
    checks = raw.get("manual_checks") or []
    if not all(isinstance(c, str) and c for c in checks):
        raise _fail(where, "manual_checks is a list of sentences")
    aims = raw.get("aims")
    if not isinstance(aims, list) or not aims or set(aims) - set(AIMS):
        raise _fail(where, f"aims: a non-empty list of {sorted(AIMS)}")
    if not isinstance(raw.get("source"), str):
        raise _fail(where, "source: the clause the rule encodes")
    return Rule(
        code=code,
        title=raw["title"],
        source=raw["source"],
        conditions=conditions,
        amount=raw.get("amount"),
        values=values,
        manual_checks=checks,
        apply=apply,
        cases=check_cases(raw.get("cases"), f"{where}: cases"),
        guess=bool(raw.get("guess", False)),
        aims=tuple(aims),
    )


def read_rules(directory: Path) -> dict[str, Rule]:
    """Every ``<CODE>.yaml`` in ``directory``, by code; documents default to the catalogue's."""
    measures = {m["code"]: m for m in read_catalogue()["measures"]}
    titles = {code: m["title"] for code, m in measures.items()}
    rules = {}
    for path in sorted(directory.glob("*.yaml")):
        rule = read_rule(path, titles)
        rule.apply.setdefault("documents", measures[rule.code]["documents"])
        rule.apply.setdefault("department", measures[rule.code]["department"])
        rule.apply.setdefault("one_trip", measures[rule.code]["one_trip"])
        rules[rule.code] = rule
    if not rules:
        raise RuleError(f"{directory}: no rule files")
    return rules


@functools.cache
def load_rules(directory: Path | None = None) -> dict[str, Rule]:
    """The rules, read and checked once per process (the portal calls this at start-up)."""
    return read_rules(directory or RULES_DIR)
