"""The values scoring takes and gives: frozen, so a score can be cached and compared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SkillItem:
    name: str  # as the worker wrote it: 电焊, 電焊, 挖机
    level: str = ""  # 初级 / 中级 / 高级, or "" when unknown
    years: int = 0
    code: str = ""  # the occupation (2022 classification) the name was read as; "" when unread


@dataclass(frozen=True)
class Certificate:
    name: str  # canonical name: the portal folds 电焊证 and 焊工证 into one before scoring
    expires: dt.date | None = None


@dataclass(frozen=True)
class WorkerProfile:
    skills: tuple[SkillItem, ...]
    home_township: str
    expected_wage: int
    work_area: str = (
        "county"  # "township": home township only; "county" or "anywhere": no limit here
    )
    certificates: tuple[Certificate, ...] = ()
    id: int = 0
    daily_commute: bool = False  # cares for children or parents: must be home every evening
    wants_housing: bool = False
    wants_meals: bool = False
    available_from: dt.date | None = None  # None: now
    birth_year: int = 0  # 0: unknown


@dataclass(frozen=True)
class JobProfile:
    id: int
    title: str
    trades: tuple[str, ...]  # occupation codes, the vacancy's own trade first
    township: str
    wage_min: int  # CNY a month; 0 and 0: not stated (面议)
    wage_max: int
    is_open: bool = True  # published, with places left
    certificates: tuple[str, ...] = ()  # canonical names of licences the work legally requires
    level: str = ""  # the level asked: 初级 / 中级 / 高级 or ""
    takes_beginners: bool = False  # 可带学徒, 无经验可: anyone may apply
    start_date: dt.date | None = None  # None: now
    has_housing: bool = False
    has_meals: bool = False
    accepts_over_50: bool = False
    max_age: int = 0  # an upper age limit the posting states (限45岁以下); 0: none


@dataclass(frozen=True)
class Component:
    """One part of a score: 0-100, whether it counts as a plus, and a reason code with its values.

    The reason is a code (``skill_same``, ``wage_below`` ...) plus parameters rather than a sentence,
    so the portal can say it in the reader's language.
    """

    name: str
    score: int
    is_good: bool
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Gap:
    """What alone keeps a worker from a job they could otherwise do: a licence, or a skill level."""

    kind: str  # certificate / level
    names: tuple[str, ...]  # the certificates missing, or the level asked


@dataclass(frozen=True)
class MatchScore:
    total: int
    components: tuple[Component, ...]
    is_eligible: bool = True
    excluded_because: str = ""
    gap: Gap | None = None
