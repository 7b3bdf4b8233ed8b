"""Worker archives (档案) and the jobs that fit them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import TradeVocabulary
from search.normalize import to_simplified

from ..errors import NotFound
from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..jobs.service import WAGE_HIGH, WAGE_LOW
from ..models import AuditLog, User, Worker, WorkerSkill, utcnow
from ..reference import find_township, stations
from ..security import clean_id_number, clean_phone
from ..sql import contains

LEVELS = ("", "初级", "中级", "高级")
WORK_AREAS = ("township", "county", "anywhere")
INTENTS = ("local_job", "business", "stay_away")
EDUCATION = ("", "小学", "初中", "高中", "中专", "大专", "本科及以上")
CONSENT_METHODS = ("in_person", "phone", "self")
MAX_SKILLS = 10
MAX_CERTIFICATES = 10
SKILL_SURE = 0.5  # a skill name read at least this surely is stored with its trade
NONE_OF_THESE = "-"  # picked in the form: none of the suggested trades is the skill


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
        name = sub.name("name", max_len=20, required=False)
        if not name:
            if sub.errors:
                r.fail("skills", next(iter(sub.errors.values())).msgid)
            continue
        level = sub.choice("level", LEVELS, default="")
        years = sub.integer("years", low=0, high=60, required=False) or 0
        code = _skill_code(sub, item.get("code"), name, trades)
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
        name = sub.name("name", max_len=20, required=False)
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


def birth_year_of(id_number: str) -> int | None:
    """The birth year an ID number carries (its digits 7-10); None for a number that is not valid."""
    valid = clean_id_number(id_number if isinstance(id_number, str) else "")
    return int(valid[6:10]) if valid else None


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
    r = Reader(raw)
    name = r.name("name", min_len=2, max_len=20)
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
    if id_number and birth_year and int(id_number[6:10]) != birth_year:
        r.fail("birth_year", N_("The birth year does not match the ID number."))
    skills = _skills(r, raw.get("skills"), trades)
    certificates = _certificates(r, raw.get("certificates"), today)
    expected_wage = r.integer("expected_wage", low=WAGE_LOW, high=WAGE_HIGH)
    work_area = r.choice("work_area", WORK_AREAS, default="county")
    available_from = r.date("available_from", required=False)
    if available_from and not today - dt.timedelta(
        days=366
    ) <= available_from <= today + dt.timedelta(days=731):
        r.fail("available_from", N_("Please enter a date within the next two years."))
    station_id = r.integer("station_id", low=1, high=len(stations()), required=False)
    extra = {
        "current_city": r.text("current_city", max_len=20, required=False),
        "current_employer": r.name("current_employer", max_len=60, required=False),
        "occupation": r.text("occupation", max_len=30, required=False),
        "years_away": r.integer("years_away", low=0, high=60, required=False) or 0,
        "education": r.choice("education", EDUCATION, default=""),
        "intent": r.choice("intent", INTENTS, default="local_job"),
        "daily_commute": r.flag("daily_commute"),
        "wants_housing": r.flag("wants_housing"),
        "wants_meals": r.flag("wants_meals"),
        "family_notes": r.text("family_notes", max_len=200, required=False),
    }
    consent = (
        "self"
        if self_service
        else r.choice("consent_method", CONSENT_METHODS[:2], default="in_person")
    )
    if not self_service and not r.flag("consent"):
        r.fail(
            "consent",
            N_("Please ask the worker first: the archive is kept only with their consent."),
        )
    r.done()
    return WorkerForm(
        name=name,
        phone=phone,
        id_number=id_number,
        # The 17th digit of a resident ID is odd for men and even for women.
        gender="男" if int(id_number[16]) % 2 else "女",
        home_township_code=township.code,
        birth_year=birth_year,
        skills=skills,
        certificates=certificates,
        expected_wage=expected_wage,
        work_area=work_area,
        available_from=available_from,
        station_id=station_id,
        consent_method=consent,
        **extra,
    )


class WorkerService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, form: WorkerForm, *, user_id: int | None = None, recorded_by: User | None = None
    ) -> Worker:
        """A new archive with its consent record: when, how, and which staff member took it."""
        clash = await self.session.scalar(
            select(Worker).where(
                or_(Worker.phone == form.phone, Worker.id_number == form.id_number)
            )
        )
        if clash is not None:
            field = "phone" if clash.phone == form.phone else "id_number"
            raise FormError({field: Message(N_("An archive with this number already exists."))})
        values = {k: v for k, v in form.__dict__.items() if k != "skills"}
        worker = Worker(
            **values,
            user_id=user_id,
            skills=[WorkerSkill(**s) for s in form.skills],
            consent_at=utcnow(),
            consent_recorded_by_id=recorded_by.id if recorded_by else None,
        )
        self.session.add(worker)
        return await self._save(worker)

    async def _save(self, worker: Worker) -> Worker:
        try:
            await self.session.commit()
        except IntegrityError:
            # Two tables saved the same phone or ID number at the same moment; the constraint kept one.
            await self.session.rollback()
            raise FormError(
                {"phone": Message(N_("An archive with this number already exists."))}
            ) from None
        return await self.get(worker.id)

    async def update(self, worker: Worker, form: WorkerForm) -> Worker:
        """Save an edited archive: every field from the form, skills replaced, consent record kept.
        ``updated_at`` moves, so every process's matcher re-reads it."""
        clash = await self.session.scalar(
            select(Worker.id).where(Worker.phone == form.phone, Worker.id != worker.id)
        )
        if clash is not None:
            raise FormError({"phone": Message(N_("An archive with this number already exists."))})
        for key, value in form.__dict__.items():
            if key not in ("skills", "consent_method", "id_number"):
                setattr(worker, key, value)
        worker.skills = [WorkerSkill(**s) for s in form.skills]
        if worker.consent_at is None and form.consent_method:
            worker.consent_at, worker.consent_method = utcnow(), form.consent_method
        worker.updated_at = utcnow()
        return await self._save(worker)

    async def get(self, worker_id: int) -> Worker:
        worker = await self.session.get(Worker, worker_id, populate_existing=True)
        if worker is None:
            raise NotFound
        return worker

    async def read_archive(self, worker_id: int, reader: User) -> Worker:
        """The full archive for staff, with the read written to the audit log."""
        worker = await self.get(worker_id)
        if reader.role in ("staff", "admin"):
            self.session.add(
                AuditLog(
                    actor_id=reader.id,
                    action="read_archive",
                    subject_type="worker",
                    subject_id=worker.id,
                )
            )
            await self.session.commit()
        return worker

    async def of_user(self, user_id: int) -> Worker | None:
        return await self.session.scalar(select(Worker).where(Worker.user_id == user_id))

    async def find(self, text: str, limit: int = 30) -> list[Worker]:
        """Workers by phone, ID number or name (staff look-up)."""
        text = strip_control(text or "").strip()[:40]
        query = select(Worker).order_by(Worker.id.desc()).limit(limit)
        if text:
            # Names are kept as written; a Traditional query also tries its Simplified form.
            names = {text, to_simplified(text)}
            query = query.where(
                or_(
                    *(contains(Worker.name, n) for n in names),
                    contains(Worker.phone, text),
                    Worker.id_number == text.upper(),
                )
            )
        return list(await self.session.scalars(query))
