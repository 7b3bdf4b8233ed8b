"""Worker archives (档案) and the jobs that fit them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

import matching
from search.normalize import to_simplified

from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..models import AuditLog, Job, User, Worker, WorkerSkill
from ..reference import find_township, stations
from ..security import clean_id_number, clean_phone
from .jobs import WAGE_HIGH, WAGE_LOW, NotFound
from .sql import contains

LEVELS = ("", "初级", "中级", "高级")
WORK_AREAS = ("township", "county", "anywhere")
MAX_SKILLS = 10


@dataclass(frozen=True)
class WorkerForm:
    name: str
    phone: str
    id_number: str
    gender: str
    home_township_code: str
    birth_year: int
    skills: list[dict[str, Any]]
    certificates: list[str]
    expected_wage: int
    work_area: str
    available_from: dt.date | None
    station_id: int | None


def _skills(r: Reader, raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        r.fail("skills", N_("Please list skills with a name, a level and years."))
        return []
    skills = []
    for item in raw:
        sub = Reader(item)
        name = sub.text("name", max_len=20, required=False)
        if not name:
            continue
        level = sub.choice("level", LEVELS, default="")
        years = sub.integer("years", low=0, high=60, required=False) or 0
        if sub.errors:
            r.fail("skills", next(iter(sub.errors.values())).msgid)
        skills.append({"name": name, "level": level, "years": years})
    if not skills:
        r.fail("skills", N_("Please list at least one skill."))
    elif len(skills) > MAX_SKILLS:
        r.fail("skills", N_("Too many: at most %(max)s."), max=MAX_SKILLS)
    return skills


def parse_worker_form(raw: dict[str, Any], *, today: dt.date | None = None) -> WorkerForm:
    today = today or dt.date.today()
    r = Reader(raw)
    name = r.text("name", min_len=2, max_len=20)
    phone = clean_phone(raw.get("phone") if isinstance(raw.get("phone"), str) else "")
    if phone is None:
        r.fail("phone", N_("Please enter an 11-digit mobile number."))
    id_number = clean_id_number(raw.get("id_number") if isinstance(raw.get("id_number"), str) else "")
    if id_number is None:
        r.fail("id_number", N_("This ID number is not valid: please check it digit by digit."))
    township = find_township(raw.get("home_township"))
    if township is None:
        r.fail("home_township", N_("Please choose a township of the county."))
    birth_year = r.integer("birth_year", low=today.year - 80, high=today.year - 16)
    if id_number and birth_year and int(id_number[6:10]) != birth_year:
        r.fail("birth_year", N_("The birth year does not match the ID number."))
    skills = _skills(r, raw.get("skills"))
    certificates = r.words("certificates", max_items=10, max_len=20)
    expected_wage = r.integer("expected_wage", low=WAGE_LOW, high=WAGE_HIGH)
    work_area = r.choice("work_area", WORK_AREAS, default="county")
    available_from = r.date("available_from", required=False)
    if available_from and not today - dt.timedelta(days=366) <= available_from <= today + dt.timedelta(days=731):
        r.fail("available_from", N_("Please enter a date within the next two years."))
    station_id = r.integer("station_id", low=1, high=len(stations()), required=False)
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
    )


def profile(worker: Worker) -> matching.WorkerProfile:
    return matching.WorkerProfile(
        skills=tuple(matching.SkillItem(s.name, s.level, s.years) for s in worker.skills),
        home_township=worker.home_township_code,
        expected_wage=worker.expected_wage,
        work_area=worker.work_area,
        certificates=tuple(worker.certificates),
    )


def job_profile(job: Job) -> matching.JobProfile:
    return matching.JobProfile(
        id=job.id,
        title=job.title,
        skills=tuple(job.skills),
        township=job.township_code,
        wage_min=job.wage_min,
        wage_max=job.wage_max,
        is_open=job.status == "published" and job.headcount > 0,
    )


class WorkerService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, form: WorkerForm, *, user_id: int | None = None) -> Worker:
        clash = await self.session.scalar(
            select(Worker).where(or_(Worker.phone == form.phone, Worker.id_number == form.id_number))
        )
        if clash is not None:
            field = "phone" if clash.phone == form.phone else "id_number"
            raise FormError({field: Message(N_("An archive with this number already exists."))})
        values = {k: v for k, v in form.__dict__.items() if k != "skills"}
        worker = Worker(**values, user_id=user_id, skills=[WorkerSkill(**s) for s in form.skills])
        self.session.add(worker)
        try:
            await self.session.commit()
        except IntegrityError:
            # Two tables saved the same phone or ID number at the same moment; the constraint kept one.
            await self.session.rollback()
            raise FormError({"phone": Message(N_("An archive with this number already exists."))}) from None
        return await self.get(worker.id)

    async def get(self, worker_id: int) -> Worker:
        worker = await self.session.get(Worker, worker_id, populate_existing=True)
        if worker is None:
            raise NotFound
        return worker

    async def read_archive(self, worker_id: int, reader: User) -> Worker:
        """The full archive for staff, with the read written to the audit log."""
        worker = await self.get(worker_id)
        if reader.role in ("staff", "admin"):
            self.session.add(AuditLog(actor_id=reader.id, action="read_archive", subject_type="worker", subject_id=worker.id))
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
                or_(*(contains(Worker.name, n) for n in names), contains(Worker.phone, text),
                    Worker.id_number == text.upper())
            )
        return list(await self.session.scalars(query))

    async def matches(self, worker: Worker, limit: int = 10) -> list[tuple[Job, matching.MatchScore]]:
        jobs = {j.id: j for j in await self.session.scalars(select(Job).where(Job.status == "published"))}
        ranked = matching.rank(profile(worker), (job_profile(j) for j in jobs.values()), limit=limit)
        return [(jobs[p.id], s) for p, s in ranked]
