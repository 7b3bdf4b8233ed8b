"""The values scoring takes and gives: frozen, so a score can be cached and compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SkillItem:
    name: str
    level: str = ""  # 初级 / 中级 / 高级, or "" when unknown
    years: int = 0


@dataclass(frozen=True)
class WorkerProfile:
    skills: tuple[SkillItem, ...]
    home_township: str
    expected_wage: int
    work_area: str = "county"  # "township": home township only; "county" or "anywhere": no limit here
    certificates: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobProfile:
    id: int
    title: str
    skills: tuple[str, ...]
    township: str
    wage_min: int
    wage_max: int
    is_open: bool = True


@dataclass(frozen=True)
class Component:
    """One part of a score: 0-100, whether it counts as a plus, and a reason code with its values.

    The reason is a code (``skill_match``, ``wage_below`` ...) plus parameters rather than a sentence,
    so the portal can say it in the reader's language.
    """

    name: str
    score: int
    is_good: bool
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchScore:
    total: int
    components: tuple[Component, ...]
    is_eligible: bool = True
    excluded_because: str = ""
