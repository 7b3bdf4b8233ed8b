"""What the questionnaire's pages show: a question, the results in three groups, the staff list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Question:
    """One screen: the fact asked, how it is answered, and the years a date select offers."""

    name: str
    kind: str  # yes_no / date / number / choice
    text: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    maximum: int = 0


@dataclass(frozen=True)
class ResultCard:
    code: str
    title: str
    status: str
    amount: int | None
    amount_per: str | None
    reasons: list[str]
    questions: list[str]  # what is still to be asked, as questions
    manual_checks: list[str]
    apply: dict[str, Any]
    measure_id: int | None  # its full text is /policies/{measure_id}
    applies_on: dt.date | None = None  # when waiting alone makes it apply
    guess: bool = False


@dataclass(frozen=True)
class ResultGroups:
    eligible: list[ResultCard]  # 可以申请
    not_yet: list[ResultCard]  # 还差一点: the failed condition and its gap
    ask: list[ResultCard]  # 需要问清楚: the facts still missing

    @property
    def empty(self) -> bool:
        return not (self.eligible or self.not_yet or self.ask)


@dataclass(frozen=True)
class MatchRow:
    """One line of the staff list of people a measure newly applies to (ID number masked)."""

    worker_id: int
    name: str
    id_number: str
    station: str
    code: str
    title: str
    measure_id: int | None
    since: dt.datetime
    notified: bool
