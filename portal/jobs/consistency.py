"""A posting's words against its own form: a wage, an age or a township stated differently.

Bait postings put an honest range in the form (which search and matching read) and the real lure in
the description (月薪2万, 日结800); careless ones contradict themselves. Either way staff should look
before workers do. Each finding names both values, so staff see the contradiction at once.

Only wages said to be wages count: an amount with a wage word (月薪, 日薪, 时薪, 工资 ...) or with a
unit of time (元/天, 元/小时). Piece rates (每件0.8元), allowances (餐补, 补贴), bonuses and rent
(押一付一, 房租500元/月) are not wages, and so are not compared; nor is a base pay (底薪3000+提成),
which is not the whole wage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..i18n import N_
from ..reference import townships
from .numerals import figures
from .screening import Finding, _fold

WORK_DAYS = (
    26  # a day rate times 26 is its month, here and in jobs.service.monthly (matching, search)
)
WORK_HOURS = 8  # an hourly rate times 8 a day
FAR = 1.4  # stated beyond 1.4x the form's top or under its bottom / 1.4: a day rate read at 26 days
# but paid at 30 is 15% off, an hourly rate read at 8 hours but worked at 10 is 20% off; 40% is no rounding
AGE_SLACK = 3  # years: 18-45 on the form and 18-46 in the text is rounding, 45 and 60 is not
_MONTHLY = {"month": 1, "day": WORK_DAYS, "hour": WORK_DAYS * WORK_HOURS, "year": 1 / 12}
_LOWEST = {"month": 500, "day": 50, "hour": 10, "year": 6000}  # below: a date, a count, not a wage

_WAGE = re.compile(
    r"(?P<word>日薪|日结|每天|一天|时薪|每小时|月薪|月入|月综合|综合工资|每个?月|工资|薪资|工价|年薪|收入)?"
    r"\s*[:：为是约]?\s*"
    r"(?P<a>\d+(?:\.\d+)?)\s*(?P<sa>万|w|千|k)?"
    r"(?:\s*[-~～至到]\s*(?P<b>\d+(?:\.\d+)?)\s*(?P<sb>万|w|千|k)?)?"
    r"\s*(?P<yuan>元|块)?\s*(?P<per>/|每|一)?\s*(?P<unit>个?小时|天|日|个?月|年|件|个|平方|米|台|吨|单|人|次|晚|号|岁|周岁|%)?"
)
_WORD_UNIT = {"日薪": "day", "日结": "day", "每天": "day", "一天": "day", "时薪": "hour"}
_WORD_UNIT |= {"每小时": "hour", "年薪": "year"}
_AFTER_UNIT = {"小时": "hour", "个小时": "hour", "天": "day", "日": "day", "月": "month"}
_AFTER_UNIT |= {"个月": "month", "年": "year"}
_NOT_A_WAGE = re.compile(
    r"底薪|补贴|补助|餐补|奖|押|房租|租金|费|提成|报销|扣|罚|单价|售价|每件|每人|一单"
)
_PART_TIME = re.compile(r"兼职|周末|周六|周日|每周")
# 每天4小时 / 一天干8个钟 / 每天只做3小时: the day an hourly rate is paid for, when the text says it.
_HOURS_A_DAY = re.compile(
    r"(?:每天|一天|每日|每晚|日)[^，,。；;0-9]{0,4}?(\d{1,2}(?:\.\d)?)\s*个?(?:小时|钟头|钟|h)"
)
_AGE_RANGE = re.compile(r"(\d{2})\s*周?岁?\s*[-~～至到]\s*(\d{2})\s*周?岁")
_AGE_MAX = re.compile(
    r"(\d{2})\s*周?岁\s*(?:以下|以内|之内)|限\s*(\d{2})\s*周?岁|(\d{2})\s*周?岁以上(?:的)?(?:不要|勿|免谈)"
)
_AGE_MIN = re.compile(r"(\d{2})\s*周?岁\s*以上(?!的?(?:不要|勿|免谈))|年满\s*(\d{2})\s*周?岁")


@dataclass(frozen=True)
class FormFacts:
    """What the form says: wages in ``wage_unit`` (month, day, or piece = usual monthly earnings),
    ages (0 = none given) and the township's name."""

    wage_min: int
    wage_max: int
    wage_unit: str
    age_min: int = 0
    age_max: int = 0
    township: str = ""


def form_facts(vacancy: Any) -> FormFacts:
    """A vacancy's (or its form's) fields as the check reads them."""
    town = next((t.name for t in townships() if t.code == vacancy.township_code), "")
    return FormFacts(
        vacancy.wage_min,
        vacancy.wage_max,
        vacancy.wage_unit,
        vacancy.age_min or 0,
        vacancy.age_max or 0,
        town,
    )


def _yuan(number: str, scale: str | None) -> float:
    return float(number) * {"万": 10_000, "w": 10_000, "千": 1_000, "k": 1_000}.get(scale or "", 1)


def stated_wages(text: str) -> list[int]:
    """Monthly wages the text states (day and hourly rates turned monthly), in the order written."""
    found = []
    folded = figures(_fold(text))
    part_time = bool(_PART_TIME.search(folded))
    hours = _HOURS_A_DAY.search(folded)
    per_hour = WORK_DAYS * (float(hours.group(1)) if hours else WORK_HOURS)
    for m in _WAGE.finditer(folded):
        word, unit_after = m.group("word"), m.group("unit") or ""
        unit = _WORD_UNIT.get(word or "") or _AFTER_UNIT.get(unit_after)
        if unit_after and unit_after not in _AFTER_UNIT:
            continue  # per piece, per person, an age, a date: not a wage
        money = m.group("yuan") or m.group("sa") or m.group("sb") or m.group("per") == "/"
        if not word and not (unit and money):
            continue  # 1000元 alone is as often a fee as a wage; 10小时 is no money at all
        if unit in ("day", "hour") and part_time:
            continue  # 周末兼职 每天150元 is not 26 days of it
        before = m.string[max(0, m.start() - 8) : m.start() + len(word or "")]
        if _NOT_A_WAGE.search(before.split("，")[-1].split(",")[-1]):
            continue
        scale_a = m.group("sa") or m.group("sb")  # 1.5-2万: the first figure is in 万 too
        unit = unit or "month"
        for number, scale in ((m.group("a"), scale_a), (m.group("b"), m.group("sb"))):
            if unit and number and (amount := _yuan(number, scale)) >= _LOWEST[unit]:
                found.append(round(amount * (per_hour if unit == "hour" else _MONTHLY[unit])))
    return found


def _wage_finding(text: str, form: FormFacts) -> Finding | None:
    factor = WORK_DAYS if form.wage_unit == "day" else 1
    low, high = form.wage_min * factor, form.wage_max * factor
    for stated in stated_wages(text):
        if stated >= high * FAR or stated * FAR <= low:
            return Finding(
                "mismatch",
                N_(
                    "The description states a wage of about %(stated)s yuan a month; "
                    "the form says %(low)s-%(high)s."
                ),
                {"stated": stated, "low": low, "high": high},
            )
    return None


def _ages(text: str) -> tuple[int, int]:
    """The lowest and highest age the text states (0 where none)."""
    folded = figures(_fold(text))
    lows = [int(a) for a, _ in _AGE_RANGE.findall(folded)]
    highs = [int(b) for _, b in _AGE_RANGE.findall(folded)]
    highs += [int(next(g for g in groups if g)) for groups in _AGE_MAX.findall(folded)]
    lows += [int(next(g for g in groups if g)) for groups in _AGE_MIN.findall(folded)]
    return (min(lows) if lows else 0), (min(highs) if highs else 0)


def _age_finding(text: str, form: FormFacts) -> Finding | None:
    low, high = _ages(text)
    if form.age_max and high and abs(high - form.age_max) >= AGE_SLACK:
        return Finding(
            "mismatch",
            N_("The description gives an upper age of %(stated)s; the form says %(form)s."),
            {"stated": high, "form": form.age_max},
        )
    if form.age_min and low and abs(low - form.age_min) >= AGE_SLACK:
        return Finding(
            "mismatch",
            N_("The description gives a lowest age of %(stated)s; the form says %(form)s."),
            {"stated": low, "form": form.age_min},
        )
    return None


@cache
def _township_names() -> tuple[str, ...]:
    return tuple(t.name for t in townships())


def _place_finding(text: str, form: FormFacts) -> Finding | None:
    """Another township named, and the form's not named at all: the work is somewhere else."""
    folded = _fold(text)
    named = [name for name in _township_names() if name in folded]
    if form.township and named and form.township not in named:
        return Finding(
            "mismatch",
            N_("The description names %(stated)s as the place; the form says %(form)s."),
            {"stated": "、".join(named), "form": form.township},
        )
    return None


def against_form(text: str, form: FormFacts) -> list[Finding]:
    """Where the posting's own words contradict its form: wage, age, township; one finding each."""
    checks = (_wage_finding, _age_finding, _place_finding)
    return [finding for check in checks if (finding := check(text, form))]
