"""The facts a person can tell about themselves, the question that asks each, and calendar arithmetic.

Fact names are the API's (fixed by issue 15). Each fact has a kind (``yes_no``, ``date``, ``number``,
``choice``), the question a one-question-per-screen questionnaire shows, and optionally ``ask_if``:
another fact's answer without which the question makes no sense (the date of return is asked only of
someone who came back). Dates are compared as calendar dates: "6 months" from 31 August is 28 or 29
February, and 5 months 29 days is not 6 months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Span = dict[str, int]  # {"years": 5} / {"months": 6} / {"days": 10}, as rule files write them


@dataclass(frozen=True)
class Fact:
    kind: str
    question: str
    choices: dict[str, str] = field(default_factory=dict)  # value -> the words shown for it
    ask_if: tuple[str, tuple[Any, ...]] | None = None  # (fact, the answers that make it relevant)
    maximum: int = 100_000_000


CERTIFICATES = {
    "special_operation": "特种作业操作证或专项职业能力证书",
    "level5": "五级/初级工",
    "level4": "四级/中级工",
    "level3": "三级/高级工及以上",
    "none": "没有",
}
BUSINESS_KINDS = {
    "individual": "个体工商户",
    "company": "公司（小微企业）",
    "coop": "农民专业合作社",
}
BUSINESS = ("business_registered", (True,))
LOCAL_JOB = ("local_job", (True,))
HAS_CERTIFICATE = ("certificate", ("special_operation", "level5", "level4", "level3"))
COMPANY = ("business_kind", ("company",))

# In the order a questionnaire asks them when several would settle as much: who you are, then your
# business, then work, then family.
FACTS: dict[str, Fact] = {
    "hukou_in_county": Fact("yes_no", "您的户口在本县吗？"),
    "is_returnee": Fact("yes_no", "您是从县外打工回来的吗？"),
    "returned_on": Fact("date", "您是哪一天回到本县的？", ask_if=("is_returnee", (True,))),
    "works_in_county": Fact("yes_no", "您现在在本县工作或做生意吗？"),
    "business_registered": Fact("yes_no", "您办了营业执照（登记了个体户、公司或合作社）吗？"),
    "business_in_county": Fact("yes_no", "营业执照是在本县登记的吗？", ask_if=BUSINESS),
    "business_kind": Fact("choice", "您登记的是哪一种？", choices=BUSINESS_KINDS, ask_if=BUSINESS),
    "business_registered_on": Fact("date", "营业执照上的成立日期是哪一天？", ask_if=BUSINESS),
    "received_startup_subsidy": Fact("yes_no", "您以前领过一次性创业补贴吗？", ask_if=BUSINESS),
    "employees": Fact("number", "除您本人外，您雇了几个人？", ask_if=BUSINESS, maximum=100_000),
    "birth_date": Fact("date", "您的出生日期是？"),
    "age": Fact("number", "您今年多大（周岁）？", maximum=130),
    "staff_total": Fact("number", "企业现在一共有多少职工？", ask_if=COMPANY, maximum=100_000),
    "new_hires_12m": Fact(
        "number",
        "最近12个月企业新招了多少人？",
        ask_if=COMPANY,
        maximum=100_000,
    ),
    "in_incubator": Fact("yes_no", "您的企业入驻了县返乡创业园吗？", ask_if=BUSINESS),
    "incubator_since": Fact("date", "哪一天入驻创业园的？", ask_if=("in_incubator", (True,))),
    "annual_rent": Fact("number", "场地一年的租金是多少元？", ask_if=("in_incubator", (True,))),
    "poverty_alleviated_household": Fact("yes_no", "您家是脱贫户（或防止返贫监测对象）吗？"),
    "minimum_living_household": Fact("yes_no", "您家是低保户（或农村低收入人口）吗？"),
    "local_job": Fact("yes_no", "您现在在本县打工上班吗？"),
    "has_labour_contract": Fact("yes_no", "您和单位签了劳动合同吗？", ask_if=LOCAL_JOB),
    "local_job_since": Fact("date", "这份工作是哪一天开始的？", ask_if=LOCAL_JOB),
    "certificate": Fact("choice", "您有哪种技能证书？（选最高的）", choices=CERTIFICATES),
    "certificate_on": Fact("date", "证书是哪一天发的？", ask_if=HAS_CERTIFICATE),
    "trained_at_designated": Fact(
        "yes_no", "您是在县里指定的培训机构参加培训的吗？", ask_if=HAS_CERTIFICATE
    ),
    "social_insurance_months_in_county": Fact(
        "number", "您在本县参加失业保险（社保）一共缴了几个月？", maximum=1200
    ),
    "has_child": Fact("yes_no", "您有孩子要在本县上学吗？"),
    "child_age": Fact(
        "number", "孩子今年几岁（周岁）？", ask_if=("has_child", (True,)), maximum=30
    ),
}


class FactError(ValueError):
    """A fact the API cannot take: ``name`` says which, ``problem`` one of unknown/yes_no/date/
    number/choice (what it should have been)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name, self.problem = name, problem


def read_facts(raw: dict[str, Any]) -> dict[str, Any]:
    """Facts as sent (JSON) checked and typed: dates become ``date``; null means "not known"."""
    out: dict[str, Any] = {}
    for name, value in raw.items():
        fact = FACTS.get(name)
        if fact is None:
            raise FactError(name, "unknown")
        if value is not None:
            out[name] = _read(name, fact, value)
    return out


def _read(name: str, fact: Fact, value: Any) -> Any:
    if fact.kind == "yes_no" and isinstance(value, bool):
        return value
    if fact.kind == "number" and type(value) is int and 0 <= value <= fact.maximum:
        return value
    if fact.kind == "choice" and value in fact.choices:
        return value
    if fact.kind == "date":
        day = read_date(value)
        if day is not None:
            return day
    raise FactError(name, fact.kind)


def read_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Aug + 6 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def add_span(day: dt.date, span: Span) -> dt.date:
    moved = add_months(day, 12 * span.get("years", 0) + span.get("months", 0))
    return moved + dt.timedelta(days=span.get("days", 0))


def age_on(birth: dt.date, on: dt.date) -> int:
    """Full years: someone is 60 until the day before their 61st birthday."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def whole_months(start: dt.date, end: dt.date) -> int:
    """Full calendar months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = max(0, (end.year - start.year) * 12 + end.month - start.month)
    while months and add_months(start, months) > end:
        months -= 1
    return months


def gap_words(start: dt.date, end: dt.date) -> str:
    """How long from ``start`` to ``end`` in words: "1个月3天", "29天", "2年1个月"."""
    months = whole_months(start, end)
    days = (end - add_months(start, months)).days
    years, months = divmod(months, 12)
    parts = [
        f"{years}年" if years else "",
        f"{months}个月" if months else "",
        f"{days}天" if days else "",
    ]
    return "".join(parts) or "0天"
