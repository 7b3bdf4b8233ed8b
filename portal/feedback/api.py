"""Workers' voice on a vacancy as JSON under /api/v1 (shapes in ``schemas.py``, so in /schema)."""

from __future__ import annotations

from litestar import Request, post

from ..auth import STAFF, WORKER, roles
from ..i18n import lang_of
from ..jobs import states as job_states
from ..jobs.api import job_card
from ..jobs.schemas import JobCard
from ..models import User
from ..web import body, check_id
from .schemas import InterestAnswer, ReportAnswer, ReportForm, SettleForm
from .service import FeedbackService, parse_report, parse_settle


@post("/api/v1/jobs/{job_id:int}/interest", opt=roles(*WORKER))
async def api_interest(
    job_id: int, feedback_service: FeedbackService, user: User
) -> InterestAnswer:
    """400 with ``errors.archive`` while the worker has no archive with consent."""
    new = await feedback_service.interested(check_id(job_id), user)
    return InterestAnswer(job_id=job_id, interested=True, new=new)


@post("/api/v1/jobs/{job_id:int}/report", opt=roles(*WORKER))
async def api_report(
    job_id: int, data: ReportForm, feedback_service: FeedbackService, user: User
) -> ReportAnswer:
    reason, note = parse_report(body(data))
    job = await feedback_service.report(check_id(job_id), user, reason, note)
    hidden = job.status == job_states.JobStatus.HIDDEN
    return ReportAnswer(job_id=job.id, reported=True, hidden=hidden)


@post("/api/v1/jobs/{job_id:int}/reports/settle", opt=roles(*STAFF))
async def api_settle_reports(
    request: Request, job_id: int, data: SettleForm, feedback_service: FeedbackService, user: User
) -> JobCard:
    remove, note = parse_settle(body(data))
    job = await feedback_service.settle(check_id(job_id), user, remove=remove, note=note)
    return job_card(job, user, lang_of(request))


ROUTES = [api_interest, api_report, api_settle_reports]
