"""Vacancies: posting, review and what the search index is told."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from search.normalize import normalize

from ..auth import EMPLOYER, STAFF
from ..employers.states import EmployerStatus
from ..errors import NotAllowed, NotFound
from ..forms import FormError, Message, strip_control
from ..i18n import N_
from ..inbox import service as inbox
from ..models import Job, JobReport, SearchOutbox, User, utcnow
from ..reference import INDUSTRY_BY_KEY
from . import states
from .consistency import (
    WORK_DAYS,  # a day rate times this is the month matching and screening compare
    against_form,
    form_facts,
)

# The posting form's names that other modules have always imported from here (re-exported).
from .form import SURE_READING as SURE_READING
from .form import WAGE_HIGH as WAGE_HIGH
from .form import WAGE_LOW as WAGE_LOW
from .form import JobForm
from .form import parse_job_form as parse_job_form
from .form import takes_beginners as takes_beginners
from .screening import Finding, compact, rules
from .states import JobStatus as S

REVIEW_NOTE_MAX = 200  # staff's reason for a rejection, which the employer reads
USUAL_SAMPLE = 5  # published vacancies of a trade needed before its usual wage is trusted


# Changing any of these on a published vacancy sends it back to staff: they are what scams bait with.
MATERIAL = ("wage_min", "wage_max", "wage_unit", "trade_code", "township_code")


def monthly(amount: int, unit: str) -> int:
    return amount * WORK_DAYS if unit == "day" else amount


def reopened_status(screened: str, left: str) -> str:
    """Where a reopened vacancy goes: back where review left it (``left``, the status it closed from).
    Only one that was published, with nothing changed since that staff must see, and that screening
    (``screened``, the status a new submission would get) finds clean, is published again."""
    if left == S.HIDDEN:
        return S.HIDDEN  # reported by workers: staff decide
    if screened == S.PUBLISHED and left not in (S.PUBLISHED, S.DRAFT):
        return S.PENDING
    return screened


def month_range(job: Job) -> tuple[int, int]:
    return monthly(job.wage_min, job.wage_unit), monthly(job.wage_max, job.wage_unit)


def monthly_sql(amount: ColumnElement[int], unit: ColumnElement[str]) -> ColumnElement[int]:
    """``monthly`` in SQL, for the database's own search when Meilisearch is down."""
    return case((unit == "day", amount * WORK_DAYS), else_=amount)


def publish_state(job: Job, *, verified: bool) -> str:
    """Where a submitted vacancy goes: clean ones of verified employers straight out, others wait."""
    return states.publish_state(verified=verified, held=bool(job.screening))


# An upper age limit as postings state it: 限45岁以下, 45周岁以内, 年龄18-45岁, 18至50岁.
_AGE_LIMIT = re.compile(
    r"(\d{2})\s*周?岁\s*(?:以下|以内|之内)|限\s*(\d{2})\s*周?岁|\d{2}\s*[-~～至到]\s*(\d{2})\s*周?岁"
)


def age_limit(*texts: str) -> int:
    """The upper age limit a posting states (the lowest if several), or 0."""
    found = [
        int(g) for t in texts for m in _AGE_LIMIT.finditer(normalize(t)) for g in m.groups() if g
    ]
    limits = [n for n in found if 30 <= n <= 70]
    return min(limits) if limits else 0


def upper_age(job: Job) -> int:
    """The age limit the form states or the text names, the lower of the two; 0 if none."""
    limits = [a for a in (job.age_max, age_limit(job.title, job.description)) if a]
    return min(limits) if limits else 0


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
        "wage_unit": job.wage_unit,
        **dict(
            zip(("month_min", "month_max"), month_range(job))
        ),  # what filters and sorting compare
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
    return {
        **job_hit(job),
        "description": job.description,
        "industry": job.industry,
        "industry_zh": industry_zh(job.industry),
    }


def fallback_text(job: Job, employer_name: str, township_name: str) -> str:
    parts = [
        job.title,
        " ".join(job.skills),
        industry_zh(job.industry),
        employer_name,
        township_name,
        job.description,
    ]
    return normalize(" ".join(parts))


def screened_text(vacancy: Any) -> str:
    """What screening reads of a vacancy (or of its form): the free-text fields together."""
    return " ".join(
        [vacancy.title, vacancy.description, vacancy.hours, vacancy.address, *vacancy.skills]
    )


def is_own(user: User | None, job: Job) -> bool:
    return user is not None and user.employer_id is not None and user.employer_id == job.employer_id


def may_manage(user: User | None, job: Job) -> bool:
    """Who may see a vacancy whatever its state, its screening, and its counts: staff, and its
    own employer's logins. The one place this is decided (pages, API and service ask it)."""
    return user is not None and (user.role in STAFF or is_own(user, job))


class JobService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._usual: dict[str, int | None] = {}
        self._repeats: dict[
            str, int
        ] = {}  # text_key -> other employers with it, for one employer's batch
        self._repeats_of: int | None = None
        self._texts: dict[
            str, list[Finding]
        ] = {}  # screened_text -> findings worked out beforehand

    def prime_texts(self, found: dict[str, list[Finding]]) -> None:
        """The text findings of a batch, screened beforehand (a spreadsheet's, in a worker thread)."""
        self._texts = found

    async def prime_repeats(self, employer_id: int, descriptions: list[str]) -> None:
        """Look up in a few queries which of these texts other employers posted (a spreadsheet's rows)."""
        keys = sorted({text_key(d) for d in descriptions})
        self._repeats = dict.fromkeys(keys, 0)
        self._repeats_of = employer_id
        for i in range(0, len(keys), 500):
            rows = await self.session.execute(
                select(Job.text_key, func.count(func.distinct(Job.employer_id)))
                .where(Job.text_key.in_(keys[i : i + 500]), Job.employer_id != employer_id)
                .group_by(Job.text_key)
            )
            self._repeats.update({key: n for key, n in rows})

    async def create(self, user: User, form: JobForm) -> Job:
        """A new vacancy, screened: published at once if clean and its employer verified, else it waits."""
        if user.role not in EMPLOYER or user.employer_id is None:
            raise NotAllowed
        job = Job(employer_id=user.employer_id, status=S.DRAFT, **form.__dict__)
        self.session.add(job)
        await self.session.flush()
        await self.session.refresh(job, ["employer", "township"])
        await self.submit(job)
        await self.session.commit()
        return job

    async def submit(self, job: Job) -> None:
        """Screen (again) and decide where the vacancy goes; the index learns of any change."""
        await self.place(job)
        self.session.add(SearchOutbox(entity="job", entity_id=job.id))

    async def place(self, job: Job) -> None:
        """Screen the vacancy and set its status (published, pending or draft); nothing is flushed."""
        job.text_key = text_key(job.description)
        job.screening = [f.as_dict() for f in await self._screen(job)]
        job.search_text = fallback_text(job, job.employer.name, job.township.name)
        job.status = publish_state(job, verified=job.employer.is_verified)
        if job.status == S.PUBLISHED:
            job.reviewed_at, job.reviewed_by_id, job.review_note = utcnow(), None, ""

    async def update(self, job_id: int, user: User, form: JobForm) -> Job:
        """An employer's edit. Screened again; on a published vacancy a change of wage, trade or place
        goes back to staff, and so does anything screening now finds."""
        job = await self.owned(job_id, user)
        if job.status in (S.HIDDEN, S.REJECTED) and job.employer.status == EmployerStatus.BLOCKED:
            raise NotAllowed
        material = any(getattr(job, k) != getattr(form, k) for k in MATERIAL)
        was = job.status
        for key, value in form.__dict__.items():
            setattr(job, key, value)
        if was == S.HIDDEN:
            # Reported by workers: staff decide, whatever the employer changes meanwhile.
            job.text_key = text_key(job.description)
            job.screening = [f.as_dict() for f in await self._screen(job)]
            self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        elif states.can_reopen(was):
            job.screening = [f.as_dict() for f in await self._screen(job)]
            if material and job.closed_from == S.PUBLISHED:
                # Reopening must not publish a change staff have not seen.
                job.closed_from = S.PENDING
        else:
            await self.session.flush()
            await self.session.refresh(job, ["township"])
            await self.submit(job)
            if was == S.PUBLISHED and job.status == S.PUBLISHED and material:
                job.status = S.PENDING
            if was in (S.PENDING, S.REJECTED) and job.status == S.PUBLISHED:
                # Staff were to look, or refused it once: they see the correction.
                job.status = S.PENDING
        await self.session.commit()
        return job

    async def close(self, job_id: int, user: User) -> Job:
        job = await self.owned(job_id, user)
        if not states.can_close(job.status):
            raise FormError({"status": Message(N_("Only an open vacancy can be closed."))})
        job.closed_from, job.status = job.status, S.CLOSED
        self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        await inbox.tell_interested(self.session, job, S.CLOSED)
        await self.session.commit()
        return job

    async def reopen(self, job_id: int, user: User, *, today: dt.date | None = None) -> Job:
        job = await self.owned(job_id, user)
        today = today or dt.date.today()
        if not states.can_reopen(job.status):
            raise FormError({"status": Message(N_("Only a closed vacancy can be reopened."))})
        if job.closes_on is not None and job.closes_on < today:
            raise FormError(
                {
                    "closes_on": Message(
                        N_("The closing date has passed: edit the vacancy and give a new one.")
                    )
                }
            )
        review = job.reviewed_at, job.reviewed_by_id, job.review_note
        await self.submit(job)  # screens the text again: what it finds now goes to staff
        job.status = reopened_status(job.status, job.closed_from)
        if job.status != S.PUBLISHED:
            job.reviewed_at, job.reviewed_by_id, job.review_note = review  # staff's word stands
        job.closed_from = ""
        await self.session.commit()
        return job

    async def owned(self, job_id: int, user: User) -> Job:
        """A vacancy of this user's own employer; any other does not exist for them."""
        job = await self.get(job_id)
        if user.role not in EMPLOYER or not is_own(user, job):
            raise NotFound
        return job

    async def _screen(self, job: Job) -> list[Finding]:
        with (
            self.session.no_autoflush
        ):  # the lookups below need nothing unsaved; a bulk import flushes once
            return await self._screen_unflushed(job)

    async def _screen_unflushed(self, job: Job) -> list[Finding]:
        screen = rules()
        text = screened_text(job)
        top, usual = monthly(job.wage_max, job.wage_unit), await self._usual_wage(job)
        found = screen.posting(text, top, usual, self._texts.get(text))
        found += against_form(text, form_facts(job))
        others = self._repeats.get(job.text_key) if self._repeats_of == job.employer_id else None
        if others is None:
            others = await self.session.scalar(
                select(func.count(func.distinct(Job.employer_id))).where(
                    Job.text_key == job.text_key, Job.employer_id != job.employer_id
                )
            )
        if others:
            found.append(
                Finding(
                    "repeated",
                    N_("The same text was posted by %(n)s other employers."),
                    {"n": others},
                )
            )
        return found

    async def _usual_wage(self, job: Job) -> int | None:
        """The median top wage of published vacancies of the same trade (or industry), given enough.
        Kept per service instance: a spreadsheet of 5,000 rows asks once per trade."""
        key = job.trade_code or job.industry
        if key not in self._usual:
            self._usual[key] = await self._median_wage(job)
        return self._usual[key]

    async def _median_wage(self, job: Job) -> int | None:
        same = Job.trade_code == job.trade_code if job.trade_code else Job.industry == job.industry
        rows = await self.session.execute(
            select(Job.wage_max, Job.wage_unit)
            .where(Job.status == S.PUBLISHED, same, Job.id != job.id)
            .order_by(Job.id.desc())
            .limit(200)
        )
        wages = sorted(monthly(w, unit) for w, unit in rows)
        return wages[len(wages) // 2] if len(wages) >= USUAL_SAMPLE else None

    async def managed(self, job_id: int, user: User) -> Job:
        """A vacancy its own employer or staff may manage; to anyone else it does not exist."""
        job = await self.get(job_id)
        if not may_manage(user, job):
            raise NotFound
        return job

    async def get(self, job_id: int) -> Job:
        job = await self.session.get(Job, job_id)
        if job is None:
            raise NotFound
        return job

    async def visible(self, job_id: int, user: User | None) -> Job:
        """A vacancy as this user may see it: published ones to all, others to those who manage it."""
        job = await self.get(job_id)
        if states.is_public(job.status) or may_manage(user, job):
            return job
        raise NotFound

    async def review(self, job_id: int, reviewer: User, *, approve: bool, note: str = "") -> Job:
        """Publish or reject a vacancy waiting for staff (flagged, edited or reported); the index learns
        of it through the outbox. Open reports on it are settled with the decision."""
        job = await self.get(job_id)
        if job.status not in states.AWAITING_STAFF:
            raise FormError({"status": Message(N_("This vacancy has already been reviewed."))})
        job.status = S.PUBLISHED if approve else S.REJECTED
        job.reviewed_at = utcnow()
        job.reviewed_by_id = reviewer.id
        job.review_note = strip_control(note).strip()[:REVIEW_NOTE_MAX]
        self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        reports = await self.session.scalars(
            select(JobReport).where(JobReport.job_id == job.id, JobReport.resolved_at.is_(None))
        )
        for report in reports:
            report.resolved_at, report.resolved_by_id = job.reviewed_at, reviewer.id
            report.outcome = "dismissed" if approve else "removed"
        await self.session.commit()
        return job

    async def expire_due(self, today: dt.date | None = None) -> int:
        """Close every vacancy whose closing date has passed; returns how many."""
        today = today or dt.date.today()
        due = list(
            await self.session.scalars(
                select(Job).where(
                    Job.closes_on < today,
                    Job.status.in_((*states.OPEN, S.HIDDEN)),
                )
            )
        )
        for job in due:
            job.closed_from, job.status = job.status, S.EXPIRED
            self.session.add(SearchOutbox(entity="job", entity_id=job.id))
            await inbox.tell_interested(self.session, job, S.EXPIRED)
        await self.session.commit()
        return len(due)

    async def pending(self, limit: int = 100) -> list[Job]:
        query = (
            select(Job)
            .where(Job.status.in_(states.AWAITING_STAFF))
            .order_by(Job.created_at)
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def of_employer(self, employer_id: int) -> list[Job]:
        query = select(Job).where(Job.employer_id == employer_id).order_by(Job.created_at.desc())
        return list(await self.session.scalars(query))


async def provide_job_service(db_session: AsyncSession) -> JobService:
    return JobService(db_session)
