"""The archive form: what staff and the worker send (a page's fields or a JSON body), read into a
``WorkerForm`` with a message per wrong field, and an archive turned back into the form's fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from matching.trades import TradeVocabulary

from ..forms import Reader
from ..i18n import N_
from ..jobs.service import WAGE_HIGH, WAGE_LOW
from ..models import Worker
from ..reference import find_township, stations
from ..security import clean_id_number, clean_phone

LEVELS = ("", "初级", "中级", "高级")
WORK_AREAS = ("township", "county", "anywhere")
INTENTS = ("local_job", "business", "stay_away")
EDUCATION = ("", "小学", "初中", "高中", "中专", "大专", "本科及以上")
CONSENT_METHODS = ("in_person", "phone", "self")
# What the form's choices say, in the order it offers them.
WORK_AREA_LABELS = {
    "county": N_("Anywhere in the county"),
    "township": N_("Home township only"),
    "anywhere": N_("Anywhere, also away"),
}
INTENT_LABELS = {
    "local_job": N_("Come home for a local job"),
    "business": N_("Come home to start a business"),
    "stay_away": N_("Stay away for now"),
}
CONSENT_LABELS = {"in_person": N_("In person, signed"), "phone": N_("By phone")}
MAX_SKILLS = 10
MAX_CERTIFICATES = 10
SKILL_SURE = 0.5  # a skill name read at least this surely is stored with its trade
NONE_OF_THESE = "-"  # picked in the form: none of the suggested trades is the skill
# Longest text per field (and most years), read here and shown as the form's maxlength / max.
LIMITS = {
    "name": 20,
    "phone": 20,  # as typed: +86, spaces and dashes are taken out
    "id_number": 18,
    "skill": 20,
    "certificate": 20,
    "years": 60,
    "current_city": 20,
    "current_employer": 60,
    "occupation": 30,
    "family_notes": 200,
}


@dataclass(frozen=True)
class WorkerForm:
    name: str
    phone: str
    id_number: str
    gender: str
    home_township_code: str
    birth_year: int
    skills: list[dict[str, Any]]
    certificates: list[dict[str, Any]]
    expected_wage: int
    work_area: str
    available_from: dt.date | None
    station_id: int | None
    current_city: str = ""
    current_employer: str = ""
    occupation: str = ""
    years_away: int = 0
    education: str = ""
    intent: str = "local_job"
    daily_commute: bool = False
    wants_housing: bool = False
    wants_meals: bool = False
    family_notes: str = ""
    consent_method: str = ""


def _skills(r: Reader, raw: Any, trades: TradeVocabulary | None) -> list[dict[str, Any]]:
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        r.fail("skills", N_("Please list skills with a name, a level and years."))
        return []
    skills = []
    for item in raw:
        sub = Reader(item)
        name = sub.name("name", max_len=LIMITS["skill"], required=False)
        if not name:
            if sub.errors:
                r.fail("skills", next(iter(sub.errors.values())).msgid)
            continue
        level = sub.choice("level", LEVELS, default="")
        years = sub.integer("years", low=0, high=LIMITS["years"], required=False) or 0
        # "code" is the trade picked in the form; "trade_code" as an archive read answers it.
        code = _skill_code(sub, item.get("code", item.get("trade_code")), name, trades)
        if sub.errors:
            r.fail("skills", next(iter(sub.errors.values())).msgid)
        skills.append({"name": name, "level": level, "years": years, "trade_code": code})
    if len(skills) > MAX_SKILLS:
        r.fail("skills", N_("Too many: at most %(max)s."), max=MAX_SKILLS)
    return skills


def _skill_code(r: Reader, picked: Any, name: str, trades: TradeVocabulary | None) -> str:
    """The trade picked from the suggestions, else the vocabulary's reading of the name if sure enough."""
    if trades is None or picked == NONE_OF_THESE:
        return ""
    if picked not in (None, ""):
        if not isinstance(picked, str) or picked not in trades.by_code:
            r.fail("code", N_("Please choose a trade from the list."))
            return ""
        return picked
    best = trades.classify(name, limit=1)
    return best[0].code if best and best[0].confidence >= SKILL_SURE else ""


def _certificates(r: Reader, raw: Any, today: dt.date) -> list[dict[str, Any]]:
    """[{name, expires}] from text separated by commas, a list of names, or a list of {name, expires}."""
    if isinstance(raw, str):
        raw = Reader({"c": raw}).words("c", max_items=99, max_len=99)
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(c, (dict, str)) for c in raw):
        r.fail(
            "certificates",
            N_("Please list certificates with a name and, if it has one, an expiry date."),
        )
        return []
    out = []
    for item in raw:
        sub = Reader(item if isinstance(item, dict) else {"name": item})
        name = sub.name("name", max_len=LIMITS["certificate"], required=False)
        if not name:
            if sub.errors:
                r.fail("certificates", next(iter(sub.errors.values())).msgid)
            continue
        expires = sub.date("expires", required=False)
        if expires and not dt.date(1990, 1, 1) <= expires <= today + dt.timedelta(days=366 * 30):
            sub.fail("expires", N_("Please enter a real expiry date."))
        if sub.errors:
            r.fail("certificates", next(iter(sub.errors.values())).msgid)
        out.append({"name": name, "expires": expires.isoformat() if expires else None})
    if len(out) > MAX_CERTIFICATES:
        r.fail("certificates", N_("Too many: at most %(max)s."), max=MAX_CERTIFICATES)
    return out


# What a worker may change in their own archive; who they are (name, ID number, birth year, phone)
# stays as the station recorded it.
SELF_FIELDS = (
    "home_township",
    "skills",
    "certificates",
    "expected_wage",
    "work_area",
    "available_from",
    "intent",
    "daily_commute",
    "wants_housing",
    "wants_meals",
    "family_notes",
    "current_city",
    "current_employer",
    "occupation",
    "years_away",
    "education",
)


def archive_values(worker: Worker) -> dict[str, Any]:
    """The archive as the edit form's fields (the ID number is never sent back to a page)."""
    values: dict[str, Any] = {
        "name": worker.name,
        "phone": worker.phone,
        "birth_year": worker.birth_year,
        "home_township": worker.home_township_code,
        "expected_wage": worker.expected_wage,
        "work_area": worker.work_area,
        "available_from": worker.available_from.isoformat() if worker.available_from else "",
        "intent": worker.intent,
        "daily_commute": worker.daily_commute,
        "wants_housing": worker.wants_housing,
        "wants_meals": worker.wants_meals,
        "family_notes": worker.family_notes,
        "current_city": worker.current_city,
        "current_employer": worker.current_employer,
        "occupation": worker.occupation,
        "years_away": worker.years_away or "",
        "education": worker.education,
        "station_id": worker.station_id or "",
    }
    for i, skill in enumerate(worker.skills):
        values |= {
            f"skill_name_{i}": skill.name,
            f"skill_level_{i}": skill.level,
            f"skill_years_{i}": skill.years or "",
            f"skill_code_{i}": skill.trade_code or NONE_OF_THESE,
        }
    for i, cert in enumerate(worker.certificates):
        values |= {
            f"cert_name_{i}": cert.get("name", ""),
            f"cert_expires_{i}": cert.get("expires") or "",
        }
    return values


def edit_input(worker: Worker, raw: dict[str, Any], *, self_service: bool) -> dict[str, Any]:
    """What an edit submits, with who the worker is filled in from the archive: the ID number always
    (pages never show it), and for a worker's own edit everything outside SELF_FIELDS."""
    kept: dict[str, Any] = {"id_number": worker.id_number}
    if worker.consent_at is not None:
        kept |= {
            "consent": True,
            "consent_method": worker.consent_method
            if worker.consent_method != "self"
            else "in_person",
        }
    if self_service:
        kept |= {
            "name": worker.name,
            "phone": worker.phone,
            "birth_year": worker.birth_year,
            "station_id": worker.station_id,
        }
        raw = {k: v for k, v in raw.items() if k in SELF_FIELDS}
    return {**raw, **kept}


def birth_year_of(id_number: Any) -> int | None:
    """The birth year a valid resident ID number carries (its 7th to 10th digits), else None."""
    cleaned = clean_id_number(id_number) if isinstance(id_number, str) else None
    return int(cleaned[6:10]) if cleaned else None


def gender_of(id_number: str) -> str:
    """The 17th digit of a resident ID number is odd for men and even for women."""
    return "男" if int(id_number[16]) % 2 else "女"


def parse_worker_form(
    raw: dict[str, Any],
    *,
    today: dt.date | None = None,
    trades: TradeVocabulary | None = None,
    self_service: bool = False,
) -> WorkerForm:
    """An archive from a form or JSON. Staff must record how the worker consented; a worker filling in
    their own archive consents by doing so."""
    today = today or dt.date.today()
    if raw.get("birth_year") in (None, "") and (born := birth_year_of(raw.get("id_number"))):
        raw = {**raw, "birth_year": born}  # left out: the ID number says it
    r = Reader(raw)
    who = _identity(r, raw, today)
    wishes = _wishes(r, today)
    extra = _background(r)
    skills = _skills(r, raw.get("skills"), trades)
    certificates = _certificates(r, raw.get("certificates"), today)
    consent = _consent(r, self_service)
    r.done()
    return WorkerForm(
        **who, **wishes, **extra, skills=skills, certificates=certificates, consent_method=consent
    )


def _identity(r: Reader, raw: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Who the worker is: name, phone, ID number (and the gender and birth year it carries), home."""
    name = r.name("name", min_len=2, max_len=LIMITS["name"])
    phone = clean_phone(raw.get("phone") if isinstance(raw.get("phone"), str) else "")
    if phone is None:
        r.fail("phone", N_("Please enter an 11-digit mobile number."))
    id_number = clean_id_number(
        raw.get("id_number") if isinstance(raw.get("id_number"), str) else ""
    )
    if id_number is None:
        r.fail("id_number", N_("This ID number is not valid: please check it digit by digit."))
    township = find_township(raw.get("home_township"))
    if township is None:
        r.fail("home_township", N_("Please choose a township of the county."))
    birth_year = r.integer("birth_year", low=today.year - 80, high=today.year - 16)
    if id_number and birth_year and birth_year_of(id_number) != birth_year:
        r.fail("birth_year", N_("The birth year does not match the ID number."))
    return {
        "name": name,
        "phone": phone,
        "id_number": id_number,
        "gender": gender_of(id_number) if id_number else "",
        "home_township_code": township.code if township else "",
        "birth_year": birth_year,
        "station_id": r.integer("station_id", low=1, high=len(stations()), required=False),
    }


def _wishes(r: Reader, today: dt.date) -> dict[str, Any]:
    """What work the worker looks for, where and from when."""
    available_from = r.date("available_from", required=False)
    soonest, latest = today - dt.timedelta(days=366), today + dt.timedelta(days=731)
    if available_from and not soonest <= available_from <= latest:
        r.fail("available_from", N_("Please enter a date within the next two years."))
    return {
        "expected_wage": r.integer("expected_wage", low=WAGE_LOW, high=WAGE_HIGH),
        "work_area": r.choice("work_area", WORK_AREAS, default="county"),
        "available_from": available_from,
        "intent": r.choice("intent", INTENTS, default="local_job"),
        "daily_commute": r.flag("daily_commute"),
        "wants_housing": r.flag("wants_housing"),
        "wants_meals": r.flag("wants_meals"),
    }


def _background(r: Reader) -> dict[str, Any]:
    """Work away from home, schooling and family notes."""
    return {
        "current_city": r.text("current_city", max_len=LIMITS["current_city"], required=False),
        "current_employer": r.name(
            "current_employer", max_len=LIMITS["current_employer"], required=False
        ),
        "occupation": r.text("occupation", max_len=LIMITS["occupation"], required=False),
        "years_away": r.integer("years_away", low=0, high=LIMITS["years"], required=False) or 0,
        "education": r.choice("education", EDUCATION, default=""),
        "family_notes": r.text("family_notes", max_len=LIMITS["family_notes"], required=False),
    }


def _consent(r: Reader, self_service: bool) -> str:
    """How the worker agreed: a worker filling in their own archive agrees by doing so."""
    if self_service:
        return "self"
    method = r.choice("consent_method", CONSENT_METHODS[:2], default="in_person")
    if not r.flag("consent"):
        r.fail(
            "consent",
            N_("Please ask the worker first: the archive is kept only with their consent."),
        )
    return method


def rows_from_form(data: dict[str, Any]) -> dict[str, Any]:
    """A page's numbered fields (skill_name_0, cert_name_0, ...) as the lists the reader takes."""
    skills, certificates = [], []
    for i in range(MAX_SKILLS):
        if (name := data.get(f"skill_name_{i}")) is not None:
            skills.append(
                {
                    "name": name,
                    "level": data.get(f"skill_level_{i}") or "",
                    "years": data.get(f"skill_years_{i}") or None,
                    "code": data.get(f"skill_code_{i}") or None,
                }
            )
        if (cert := data.get(f"cert_name_{i}")) is not None:
            certificates.append({"name": cert, "expires": data.get(f"cert_expires_{i}") or None})
    return {**data, "skills": skills, "certificates": certificates}
