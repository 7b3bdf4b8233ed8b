"""The questionnaire's answers as they travel in the form, read back and checked at every step.

No server state for a stranger: every screen carries what was answered so far in hidden fields
(``a_<fact>``, ``skipped``, ``asked``, ``aim``). Nothing in them is trusted: each value is read
again through ``policies.facts.read_facts``, so a forged field gets a message, not a wrong result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from policies.facts import FACTS, FactError, read_facts
from policies.ruleset import AIMS

from ..forms import FormError, Message
from ..i18n import N_

PREFIX = "a_"
EVERYTHING = "all"  # the aim of someone who wants to hear of every measure
EARLIEST = dt.date(1920, 1, 1)  # a birth date before this is a typing error
MAX_ANSWERS = 2 * len(FACTS)

TAMPERED = N_("The answers in this form cannot be read. Please start the questionnaire again.")
MESSAGES = {
    "yes_no": N_("Please choose yes or no."),
    "date": N_("Please choose a year and a month (not later than today)."),
    "number": N_("Please enter a whole number from 0 to %(maximum)s."),
    "choice": N_("Please choose one of the answers."),
}


@dataclass(frozen=True)
class Answers:
    aim: str = ""  # "" until chosen; a key of policies.ruleset.AIMS, or EVERYTHING
    facts: dict[str, Any] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()  # answered or skipped here, in order (what "back" undoes)

    @property
    def aim_filter(self) -> str | None:
        return None if self.aim in ("", EVERYTHING) else self.aim


def encode(name: str, value: Any) -> str:
    kind = FACTS[name].kind
    if kind == "yes_no":
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def hidden_fields(answers: Answers) -> list[tuple[str, str]]:
    """What the next screen's form carries back."""
    pairs = [("aim", answers.aim)]
    pairs += [(PREFIX + name, encode(name, value)) for name, value in answers.facts.items()]
    pairs += [("skipped", ",".join(answers.skipped)), ("asked", ",".join(answers.asked))]
    return pairs


def _tampered() -> FormError:
    return FormError({"answer": Message(TAMPERED)})


def _names(text: Any) -> tuple[str, ...]:
    if not isinstance(text, str):
        raise _tampered()
    names = tuple(n for n in text.split(",") if n)
    if len(names) > MAX_ANSWERS or any(n not in FACTS for n in names):
        raise _tampered()
    return names


def decode(name: str, raw: Any, today: dt.date) -> Any:
    """One answer as typed text, checked; FormError (at ``answer``) with the kind's message."""
    fact = FACTS[name]
    value: Any = raw.strip() if isinstance(raw, str) else None
    if fact.kind == "yes_no":
        value = {"yes": True, "no": False}.get(value)
    elif fact.kind == "number":
        value = int(value) if value and value.isascii() and value.isdigit() else None
    try:
        typed = read_facts({name: value})[name] if value is not None else None
    except FactError:
        typed = None
    if fact.kind == "date" and typed is not None and not EARLIEST <= typed <= today:
        typed = None
    if typed is None:
        params = {"maximum": fact.maximum} if fact.kind == "number" else {}
        raise FormError({"answer": Message(MESSAGES[fact.kind], params)})
    return typed


def read_answers(data: dict[str, Any], today: dt.date) -> Answers:
    """The answers a form carried, each checked again (FormError when one was tampered with)."""
    aim = data.get("aim") or ""
    if aim not in ("", EVERYTHING, *AIMS):
        raise _tampered()
    facts = {}
    for key, raw in data.items():
        if not key.startswith(PREFIX):
            continue
        name = key.removeprefix(PREFIX)
        if name not in FACTS or len(facts) >= MAX_ANSWERS:
            raise _tampered()
        try:
            facts[name] = decode(name, raw, today)
        except FormError:
            raise _tampered() from None
    skipped = _names(data.get("skipped", ""))
    return Answers(aim, facts, skipped, _names(data.get("asked", "")))


def read_date_parts(data: dict[str, Any]) -> str | None:
    """A date answer from a date input (``answer``) or year and month selects (the 1st when no day
    is chosen: people remember the month they came back, rarely the day)."""
    if data.get("answer"):
        return data["answer"]
    year, month, day = (str(data.get(f"answer_{p}") or "") for p in ("year", "month", "day"))
    if not (year.isdigit() and month.isdigit()) or (day and not day.isdigit()):
        return None
    return f"{int(year):04d}-{int(month):02d}-{int(day or 1):02d}"


def answered(answers: Answers, name: str, value: Any) -> Answers:
    facts = {**answers.facts, name: value}
    return replace(answers, facts=facts, asked=(*_without(answers.asked, name), name))


def skipped(answers: Answers, name: str) -> Answers:
    return replace(
        answers,
        skipped=(*_without(answers.skipped, name), name),
        asked=(*_without(answers.asked, name), name),
    )


def forgotten(answers: Answers, name: str) -> Answers:
    """The answer taken back, so the question is put again."""
    facts = {k: v for k, v in answers.facts.items() if k != name}
    return replace(
        answers,
        facts=facts,
        skipped=_without(answers.skipped, name),
        asked=_without(answers.asked, name),
    )


def back(answers: Answers) -> Answers:
    """Undo the last answer or skip; before the first, undo the choice of aim."""
    if not answers.asked:
        return replace(answers, aim="")
    return forgotten(answers, answers.asked[-1])


def _without(names: tuple[str, ...], name: str) -> tuple[str, ...]:
    return tuple(n for n in names if n != name)


CHOOSE_AIM = N_("Please choose what you would like help with.")


def _fact_named(value: Any) -> str:
    if not isinstance(value, str) or value not in FACTS:
        raise _tampered()
    return value


def step(answers: Answers, data: dict[str, Any], today: dt.date) -> Answers:
    """The answers after one screen's button: back, take an answer back, the aim, skip, or answer
    the question shown (``ask``). FormError at ``answer`` when the answer cannot be used."""
    if "back" in data:
        return back(answers)
    if "forget" in data:
        return forgotten(answers, _fact_named(data["forget"]))
    if not answers.aim:
        choice = data.get("aim_choice")
        if choice not in (*AIMS, EVERYTHING):
            raise FormError({"answer": Message(CHOOSE_AIM)})
        return replace(answers, aim=choice)
    name = _fact_named(data.get("ask"))
    if "skip" in data:
        return skipped(answers, name)
    raw = read_date_parts(data) if FACTS[name].kind == "date" else data.get("answer")
    return answered(answers, name, decode(name, raw, today))
