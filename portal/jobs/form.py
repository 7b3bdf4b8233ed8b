"""The posting form: what an employer (a page, the API, a spreadsheet row) may send, and the reader
that turns it into a ``JobForm`` or a message per field in the reader's language.

Only the title, the description, the township, the wages and the headcount must be given; the
trade is read from the title, and the industry and the skills follow from the trade (``derive``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from matching.trades import TradeVocabulary

from ..forms import Reader
from ..i18n import N_
from ..reference import find_industry, find_township
from .derive import FALLBACK_INDUSTRY, SKILL_MAX, default_skills, industry_of
from .screening import compact

WAGE_LOW, WAGE_HIGH = 500, 100_000  # CNY per month; below or above is a typing slip, not a wage
# A wage is stated per month, per day (日薪), or as the monthly estimate of piece-rate pay (计件).
WAGE_UNITS = ("month", "day", "piece")
DAY_LOW, DAY_HIGH = 50, 5_000
SOCIAL_INSURANCE = ("", "none", "injury", "five", "five_one")  # 不缴 / 工伤险 / 五险 / 五险一金
INSURANCE_LABELS = {
    "": N_("Not stated"),
    "none": N_("none"),
    "injury": N_("work-injury insurance"),
    "five": N_("five insurances"),
    "five_one": N_("five insurances and housing fund"),
}
DESCRIPTION_MAX = 2000
HEADCOUNT_HIGH = 1_000
TITLE_MAX = 40
ADDRESS_MAX, HOURS_MAX = 120, 60
AGE_LOW, AGE_HIGH = 16, 70
SKILLS_MAX, CERTIFICATES_MAX = 10, 5  # items in each list
WORD_MAX = SKILL_MAX  # characters in one skill or licence
WAGE_UNIT_LABELS = {
    "month": N_("per month"),
    "day": N_("per day"),
    "piece": N_("piece rate: the usual monthly earnings"),
}


@dataclass(frozen=True)
class JobForm:
    title: str
    description: str
    township_code: str
    wage_min: int
    wage_max: int
    headcount: int
    skills: list[str]
    has_housing: bool
    has_meals: bool
    industry: str
    accepts_over_50: bool
    trade_code: str = ""
    certificates: list[str] = field(default_factory=list)
    level: str = ""
    takes_beginners: bool = False
    start_date: dt.date | None = None
    wage_unit: str = "month"
    hours: str = ""
    social_insurance: str = ""
    age_min: int = 0
    age_max: int = 0
    address: str = ""
    closes_on: dt.date | None = None


LEVELS = ("", "初级", "中级", "高级")
# Words employers use for "no experience needed"; a title or description with one takes beginners.
BEGINNER_WORDS = re.compile(
    r"可带学徒|招学徒|带学徒|无经验|零基础|新手可|可学|包教|免费培训上岗|不要求经验|经验不限"
)


def takes_beginners(ticked: bool, *texts: str) -> bool:
    return ticked or any(BEGINNER_WORDS.search(compact(t)) for t in texts)


SURE_READING = 0.8  # a title read this surely names its trade when the employer picked none


def _trade_code(r: Reader, raw: dict[str, Any], title: str, trades: TradeVocabulary | None) -> str:
    """The trade the employer picked from the suggestions, or the sure reading of the title."""
    if trades is None:
        return ""
    picked = raw.get("trade_code")
    if picked not in (None, ""):
        if not isinstance(picked, str) or picked not in trades.by_code:
            r.fail("trade_code", N_("Please choose a trade from the list."))
            return ""
        return picked
    best = trades.classify(title, limit=1) if title else []
    return best[0].code if best and best[0].confidence >= SURE_READING else ""


def _industry(r: Reader, raw: dict[str, Any], trade_code: str) -> str:
    """The industry chosen, or when none is, the one its trade belongs to (``derive.industry_of``)."""
    given = raw.get("industry")
    if given in (None, ""):
        return industry_of(trade_code)
    industry = find_industry(given if isinstance(given, str) else None)
    if industry is None:
        r.fail("industry", N_("Please choose an industry."))
        return FALLBACK_INDUSTRY
    return industry.key


def _township(r: Reader, raw: dict[str, Any]) -> str:
    township = find_township(raw.get("township") if isinstance(raw.get("township"), str) else None)
    if township is None:
        r.fail("township", N_("Please choose a township of the county."))
        return ""
    return township.code


def _wages(r: Reader) -> dict[str, Any]:
    """The wage range, in the bounds of its unit (a day rate is checked as one)."""
    unit = r.choice("wage_unit", WAGE_UNITS, default="month")
    low, high = (DAY_LOW, DAY_HIGH) if unit == "day" else (WAGE_LOW, WAGE_HIGH)
    wage_min = r.integer("wage_min", low=low, high=high)
    wage_max = r.integer("wage_max", low=low, high=high)
    if wage_min is not None and wage_max is not None and wage_min > wage_max:
        r.fail("wage_max", N_("The highest wage cannot be below the lowest wage."))
    return {"wage_unit": unit, "wage_min": wage_min, "wage_max": wage_max}


def _dates(r: Reader, today: dt.date) -> dict[str, Any]:
    year = dt.timedelta(days=366)
    start_date = r.date("start_date", required=False)
    if start_date and not today - dt.timedelta(days=30) <= start_date <= today + year:
        r.fail("start_date", N_("Please enter a date within the next year."))
    closes_on = r.date("closes_on", required=False)
    if closes_on and not today <= closes_on <= today + year:
        r.fail("closes_on", N_("The closing date must be from today to a year ahead."))
    return {"start_date": start_date, "closes_on": closes_on}


def _ages(r: Reader) -> dict[str, Any]:
    age_min = r.integer("age_min", low=AGE_LOW, high=AGE_HIGH, required=False) or 0
    age_max = r.integer("age_max", low=AGE_LOW, high=AGE_HIGH, required=False) or 0
    if age_min and age_max and age_min > age_max:
        r.fail("age_max", N_("The highest age cannot be below the lowest age."))
    over_50 = r.flag("accepts_over_50")
    if over_50 and age_max and age_max < 50:
        r.fail(
            "accepts_over_50",
            N_("The age range ends below 50 but the vacancy says it accepts workers over 50."),
        )
    return {"age_min": age_min, "age_max": age_max, "accepts_over_50": over_50}


def parse_job_form(
    raw: dict[str, Any], trades: TradeVocabulary | None = None, *, today: dt.date | None = None
) -> JobForm:
    """A posting from a form, an API body or a spreadsheet row. Only the title, the description,
    the township, the wages and the headcount must be given: the trade is read from the title, and
    the industry and the skills follow from the trade when absent (``derive``)."""
    r = Reader(raw)
    title = r.name("title", min_len=2, max_len=TITLE_MAX)
    description = r.text("description", min_len=10, max_len=DESCRIPTION_MAX)
    trade_code = _trade_code(r, raw, title, trades)
    values = {
        "title": title,
        "description": description,
        "township_code": _township(r, raw),
        **_wages(r),
        "headcount": r.integer("headcount", low=1, high=HEADCOUNT_HIGH),
        "trade_code": trade_code,
        "industry": _industry(r, raw, trade_code),
        "skills": r.words("skills", max_items=SKILLS_MAX, max_len=WORD_MAX)
        or default_skills(title, trade_code, trades),
        "certificates": r.words("certificates", max_items=CERTIFICATES_MAX, max_len=WORD_MAX),
        "level": r.choice("level", LEVELS, default=""),
        **_dates(r, today or dt.date.today()),
        "hours": r.text("hours", max_len=HOURS_MAX, required=False),
        "social_insurance": r.choice("social_insurance", SOCIAL_INSURANCE, default=""),
        **_ages(r),
        "address": r.text("address", max_len=ADDRESS_MAX, required=False),
        "has_housing": r.flag("has_housing"),
        "has_meals": r.flag("has_meals"),
        "takes_beginners": takes_beginners(r.flag("takes_beginners"), title, description),
    }
    r.done()
    return JobForm(**values)


# What the posting form's inputs say of their limits (the reader above enforces them).
FORM_LIMITS = {
    "title": TITLE_MAX,
    "description": DESCRIPTION_MAX,
    "address": ADDRESS_MAX,
    "hours": HOURS_MAX,
    "wage_low": DAY_LOW,
    "wage_high": WAGE_HIGH,
    "headcount": HEADCOUNT_HIGH,
    "age_low": AGE_LOW,
    "age_high": AGE_HIGH,
    "skills": SKILLS_MAX * (WORD_MAX + 2),  # characters typed, separators included
    "certificates": CERTIFICATES_MAX * (WORD_MAX + 2),
}
