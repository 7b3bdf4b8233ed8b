"""Vacancies: posting, review and what the search index is told."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import TradeVocabulary
from search.normalize import normalize

from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..models import Job, SearchOutbox, User, utcnow
from ..reference import INDUSTRY_BY_KEY, find_industry, find_township
from .screening import Finding, compact, rules

WAGE_LOW, WAGE_HIGH = 500, 100_000  # CNY per month; below or above is a typing slip, not a wage
HEADCOUNT_HIGH = 1_000
TITLE_MAX = 40
USUAL_SAMPLE = 5  # published vacancies of a trade needed before its usual wage is trusted


class NotFound(Exception):
    pass


class NotAllowed(Exception):
    pass


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


LEVELS = ("", "初级", "中级", "高级")
# Words employers use for "no experience needed"; a title or description with one takes beginners.
BEGINNER_WORDS = re.compile(r"可带学徒|招学徒|带学徒|无经验|零基础|新手可|可学|包教|免费培训上岗|不要求经验|经验不限")


# An upper age limit as postings state it: 限45岁以下, 45周岁以内, 年龄18-45岁, 18至50岁.
_AGE_LIMIT = re.compile(r"(\d{2})\s*周?岁\s*(?:以下|以内|之内)|限\s*(\d{2})\s*周?岁|\d{2}\s*[-~～至到]\s*(\d{2})\s*周?岁")


def age_limit(*texts: str) -> int:
    """The upper age limit a posting states (the lowest if several), or 0."""
    found = [int(g) for t in texts for m in _AGE_LIMIT.finditer(normalize(t)) for g in m.groups() if g]
    limits = [n for n in found if 30 <= n <= 70]
    return min(limits) if limits else 0


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


def parse_job_form(raw: dict[str, Any], trades: TradeVocabulary | None = None) -> JobForm:
    r = Reader(raw)
    title = r.text("title", min_len=2, max_len=TITLE_MAX)
    description = r.text("description", min_len=10, max_len=2000)
    township = find_township(raw.get("township"))
    if township is None:
        r.fail("township", N_("Please choose a township of the county."))
    wage_min = r.integer("wage_min", low=WAGE_LOW, high=WAGE_HIGH)
    wage_max = r.integer("wage_max", low=WAGE_LOW, high=WAGE_HIGH)
    if wage_min is not None and wage_max is not None and wage_min > wage_max:
        r.fail("wage_max", N_("The highest wage cannot be below the lowest wage."))
    headcount = r.integer("headcount", low=1, high=HEADCOUNT_HIGH)
    skills = r.words("skills", max_items=10, max_len=20, required=True)
    industry = find_industry(raw.get("industry"))
    if industry is None:
        r.fail("industry", N_("Please choose an industry."))
    trade_code = _trade_code(r, raw, title, trades)
    certificates = r.words("certificates", max_items=5, max_len=20)
    level = r.choice("level", LEVELS, default="")
    start_date = r.date("start_date", required=False)
    today = dt.date.today()
    if start_date and not today - dt.timedelta(days=30) <= start_date <= today + dt.timedelta(days=366):
        r.fail("start_date", N_("Please enter a date within the next year."))
    r.done()
    return JobForm(
        title=title,
        description=description,
        township_code=township.code,
        wage_min=wage_min,
        wage_max=wage_max,
        headcount=headcount,
        skills=skills,
        has_housing=r.flag("has_housing"),
        has_meals=r.flag("has_meals"),
        industry=industry.key,
        accepts_over_50=r.flag("accepts_over_50"),
        trade_code=trade_code,
        certificates=certificates,
        level=level,
        takes_beginners=takes_beginners(r.flag("takes_beginners"), title, description),
        start_date=start_date,
    )


def job_hit(job: Job) -> dict[str, Any]:
    """A vacancy as search results list it (the same fields whether Meilisearch or the database answers)."""
    return {
        "id": job.id,
        "title": job.title,
        "employer": job.employer.name,
        "township": job.township.name,
        "township_code": job.township_code,
        "wage_min": job.wage_min,
        "wage_max": job.wage_max,
        "headcount": job.headcount,
        "skills": list(job.skills),
        "has_housing": job.has_housing,
        "has_meals": job.has_meals,
        "industry": job.industry,
        "trade_code": job.trade_code,
        "accepts_over_50": job.accepts_over_50,
        "posted_ts": int((job.reviewed_at or job.created_at).timestamp()),
    }


def text_key(description: str) -> str:
    """The same description however it is spaced, punctuated or written (Traditional or not)."""
    return hashlib.sha1(compact(description).encode()).hexdigest()[:16]


def industry_zh(key: str) -> str:
    industry = INDUSTRY_BY_KEY.get(key)
    return industry.zh if industry else ""


def search_dict(job: Job) -> dict[str, Any]:
    """What search.documents.job_document needs from a vacancy (industry named in Chinese, as searched)."""
    return {**job_hit(job), "description": job.description, "industry": job.industry, "industry_zh": industry_zh(job.industry)}


def fallback_text(job: Job, employer_name: str, township_name: str) -> str:
    parts = [job.title, " ".join(job.skills), industry_zh(job.industry), employer_name, township_name, job.description]
    return normalize(" ".join(parts))


class JobService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, user: User, form: JobForm) -> Job:
        """A new vacancy, screened, waiting for review; staff see what screening found."""
        if user.role != "employer" or user.employer_id is None:
            raise NotAllowed
        job = Job(employer_id=user.employer_id, status="pending", **form.__dict__)
        job.text_key = text_key(form.description)
        job.screening = [f.as_dict() for f in await self._screen(job)]
        self.session.add(job)
        await self.session.flush()
        await self.session.refresh(job, ["employer", "township"])
        job.search_text = fallback_text(job, job.employer.name, job.township.name)
        await self.session.commit()
        return job

    async def _screen(self, job: Job) -> list[Finding]:
        screen = rules()
        found = screen.text(" ".join([job.title, job.description, *job.skills]))
        if wage := screen.wage(job.wage_max, await self._usual_wage(job)):
            found.append(wage)
        others = await self.session.scalar(
            select(func.count(func.distinct(Job.employer_id))).where(Job.text_key == job.text_key, Job.employer_id != job.employer_id)
        )
        if others:
            found.append(Finding("repeated", N_("The same text was posted by %(n)s other employers."), {"n": others}))
        return found

    async def _usual_wage(self, job: Job) -> int | None:
        """The median top wage of published vacancies of the same trade (or industry), given enough."""
        same = Job.trade_code == job.trade_code if job.trade_code else Job.industry == job.industry
        wages = sorted(await self.session.scalars(
            select(Job.wage_max).where(Job.status == "published", same).order_by(Job.id.desc()).limit(200)
        ))
        return wages[len(wages) // 2] if len(wages) >= USUAL_SAMPLE else None

    async def managed(self, job_id: int, user: User) -> Job:
        """A vacancy its own employer or staff may manage; to anyone else it does not exist."""
        job = await self.get(job_id)
        if user.role in ("staff", "admin") or (user.employer_id is not None and user.employer_id == job.employer_id):
            return job
        raise NotFound

    async def get(self, job_id: int) -> Job:
        job = await self.session.get(Job, job_id)
        if job is None:
            raise NotFound
        return job

    async def visible(self, job_id: int, user: User | None) -> Job:
        """A vacancy as this user may see it: published ones to all, others to their owner and staff."""
        job = await self.get(job_id)
        if job.status == "published":
            return job
        if user is not None and (user.role in ("staff", "admin") or user.employer_id == job.employer_id):
            return job
        raise NotFound

    async def review(self, job_id: int, reviewer: User, *, approve: bool, note: str = "") -> Job:
        """Publish or reject a pending vacancy; the index learns of it through the outbox."""
        job = await self.get(job_id)
        if job.status != "pending":
            raise FormError({"status": Message(N_("This vacancy has already been reviewed."))})
        job.status = "published" if approve else "rejected"
        job.reviewed_at = utcnow()
        job.reviewed_by_id = reviewer.id
        job.review_note = strip_control(note).strip()[:200]
        self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        await self.session.commit()
        return job

    async def pending(self, limit: int = 100) -> list[Job]:
        query = select(Job).where(Job.status == "pending").order_by(Job.created_at).limit(limit)
        return list(await self.session.scalars(query))

    async def of_employer(self, employer_id: int) -> list[Job]:
        query = select(Job).where(Job.employer_id == employer_id).order_by(Job.created_at.desc())
        return list(await self.session.scalars(query))
