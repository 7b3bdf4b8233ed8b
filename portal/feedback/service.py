"""What workers tell the portal about a vacancy: "I'm interested", and reports of scams or fakes."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from ..errors import NotFound
from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..inbox import service as inbox
from ..jobs import states as job_states
from ..jobs.states import JobStatus
from ..models import Job, JobInterest, JobReport, SearchOutbox, User, Worker, utcnow

REASONS = (
    "fee",
    "fake",
    "contact",
    "other",
)  # asked for money / not a real job / pulled off the portal / other
HIDE_AFTER = 3  # distinct reporters who hide a vacancy until staff look


SETTLE_ACTIONS = ("dismiss", "remove")
NOTE_MAX = 200  # a report's note, and staff's note on taking a vacancy down


class NoArchive(FormError):
    """The worker has no archive with consent yet: interest needs one for the employer to see.
    A page sends the worker to fill one in; the API answers 400 with this message."""

    def __init__(self) -> None:
        message = N_("Please fill in your archive first, so the employer can see who you are.")
        super().__init__({"archive": Message(message)})


def parse_report(raw: dict) -> tuple[str, str]:
    r = Reader(raw)
    reason = r.choice("reason", REASONS, default="other")
    note = r.text("note", max_len=NOTE_MAX, required=False)
    r.done()
    return reason, note


def parse_settle(raw: dict) -> tuple[bool, str]:
    """Staff's decision on the reports of a vacancy: (take it down, the note the employer sees)."""
    r = Reader(raw)
    action = r.choice("action", SETTLE_ACTIONS)
    note = r.text("note", max_len=NOTE_MAX, required=False)
    r.done()
    return action == "remove", note


class FeedbackService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _published(self, job_id: int) -> Job:
        job = await self.session.get(Job, job_id)
        if job is None or not job_states.is_public(job.status):
            raise NotFound
        return job

    async def report(self, job_id: int, user: User, reason: str, note: str) -> Job:
        """One report per person and vacancy; the HIDE_AFTER-th distinct reporter hides it for staff."""
        job = await self._published(job_id)
        if job.employer_id is not None and user.employer_id == job.employer_id:
            raise NotFound
        known = await self.session.scalar(
            select(JobReport.id).where(JobReport.job_id == job.id, JobReport.reporter_id == user.id)
        )
        if known is not None:
            raise FormError(
                {
                    "reason": Message(
                        N_("You have already reported this vacancy. Staff will look at it.")
                    )
                }
            )
        self.session.add(JobReport(job_id=job.id, reporter_id=user.id, reason=reason, note=note))
        try:
            await self.session.flush()
        except IntegrityError:
            await self.session.rollback()
            raise FormError(
                {
                    "reason": Message(
                        N_("You have already reported this vacancy. Staff will look at it.")
                    )
                }
            ) from None
        open_reports = await self.session.scalar(
            select(func.count(func.distinct(JobReport.reporter_id))).where(
                JobReport.job_id == job.id, JobReport.resolved_at.is_(None)
            )
        )
        if open_reports >= HIDE_AFTER:
            job.status = JobStatus.HIDDEN
            self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        await self.session.commit()
        return job

    async def open_reports(self, limit: int = 200) -> list[tuple[Job, list[JobReport]]]:
        """Vacancies with reports staff have not settled, most reported first."""
        reports = list(
            await self.session.scalars(
                select(JobReport)
                .where(JobReport.resolved_at.is_(None))
                .order_by(JobReport.created_at)
                .limit(limit * 5)
            )
        )
        by_job: dict[int, list[JobReport]] = {}
        for report in reports:
            by_job.setdefault(report.job_id, []).append(report)
        ranked = sorted(by_job.values(), key=lambda rs: (-len(rs), rs[0].created_at))[:limit]
        return [(rs[0].job, rs) for rs in ranked]

    async def settle(self, job_id: int, staff: User, *, remove: bool, note: str = "") -> Job:
        """Staff decide on a reported vacancy: take it down (the employer sees why) or dismiss the reports."""
        job = await self.session.get(Job, job_id)
        if job is None:
            raise NotFound
        reports = list(
            await self.session.scalars(
                select(JobReport).where(JobReport.job_id == job.id, JobReport.resolved_at.is_(None))
            )
        )
        if not reports:
            raise FormError({"status": Message(N_("These reports have already been settled."))})
        now = utcnow()
        for report in reports:
            report.resolved_at, report.resolved_by_id, report.outcome = (
                now,
                staff.id,
                "removed" if remove else "dismissed",
            )
        inbox.tell_reporters(self.session, reports)
        if remove:
            job.status, job.reviewed_at, job.reviewed_by_id = JobStatus.REJECTED, now, staff.id
            job.review_note = strip_control(note).strip()[:NOTE_MAX]
        elif job.status == JobStatus.HIDDEN:
            job.status = JobStatus.PUBLISHED
        self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        await self.session.commit()
        return job

    async def interested(self, job_id: int, user: User) -> bool:
        """Mark the worker's interest (idempotent); True if it is new."""
        job = await self._published(job_id)
        worker = await self.session.scalar(select(Worker).where(Worker.user_id == user.id))
        if worker is None or worker.consent_at is None:
            raise NoArchive
        if await self.session.scalar(
            select(JobInterest.id).where(
                JobInterest.job_id == job.id, JobInterest.worker_id == worker.id
            )
        ):
            return False
        self.session.add(JobInterest(job_id=job.id, worker_id=worker.id))
        try:
            await self.session.commit()
        except IntegrityError:  # the same tap twice at once
            await self.session.rollback()
            return False
        return True

    async def interested_workers(self, job_id: int) -> list[Worker]:
        query = (
            select(Worker)
            .join(JobInterest, JobInterest.worker_id == Worker.id)
            .where(JobInterest.job_id == job_id)
            .order_by(JobInterest.created_at)
        )
        return list(await self.session.scalars(query))

    async def mark_seen(self, job_id: int, worker_ids: list[int]) -> None:
        """The employer has looked at these interested workers: each worker's page says so."""
        if worker_ids:
            await self.session.execute(
                update(JobInterest)
                .where(
                    JobInterest.job_id == job_id,
                    JobInterest.worker_id.in_(worker_ids),
                    JobInterest.seen_at.is_(None),
                )
                .values(seen_at=utcnow())
            )
            await self.session.commit()

    async def interests_of(self, worker: Worker) -> list[JobInterest]:
        """The vacancies a worker said they are interested in, newest first, with the vacancy."""
        query = (
            select(JobInterest)
            .options(joinedload(JobInterest.job))
            .where(JobInterest.worker_id == worker.id)
            .order_by(JobInterest.created_at.desc())
        )
        return list(await self.session.scalars(query))

    async def reports_of(self, user: User) -> list[JobReport]:
        query = (
            select(JobReport)
            .where(JobReport.reporter_id == user.id)
            .order_by(JobReport.created_at.desc())
        )
        return list(await self.session.scalars(query))

    async def has_interest(self, job_id: int, user: User) -> bool:
        query = (
            select(JobInterest.id)
            .join(Worker, Worker.id == JobInterest.worker_id)
            .where(JobInterest.job_id == job_id, Worker.user_id == user.id)
        )
        return await self.session.scalar(query) is not None

    async def counts(self, job_id: int) -> tuple[int, int]:
        """(interested workers, open reports) for staff and the employer."""
        interest = await self.session.scalar(
            select(func.count()).where(JobInterest.job_id == job_id)
        )
        reports = await self.session.scalar(
            select(func.count()).where(JobReport.job_id == job_id, JobReport.resolved_at.is_(None))
        )
        return interest or 0, reports or 0


async def provide_feedback_service(db_session: AsyncSession) -> FeedbackService:
    return FeedbackService(db_session)
