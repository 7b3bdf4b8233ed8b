"""Workers' voice on a vacancy as pages: "I'm interested", a report; staff settling reports."""

from __future__ import annotations

from litestar import Request, post
from litestar.response import Redirect, Template

from ..auth import STAFF, WORKER, roles
from ..employers.service import EmployerService
from ..forms import FormError
from ..jobs.pages import show_error
from ..jobs.service import JobService
from ..models import User
from ..web import check_id, form_data
from .service import FeedbackService, NoArchive, parse_report, parse_settle


@post("/jobs/{job_id:int}/interest", opt=roles(*WORKER))
async def interest(job_id: int, feedback_service: FeedbackService, user: User) -> Redirect:
    try:
        await feedback_service.interested(check_id(job_id), user)
    except NoArchive:
        return Redirect(path="/me/edit?why=interest")
    return Redirect(path=f"/jobs/{job_id}?done=interest")


@post("/jobs/{job_id:int}/report", opt=roles(*WORKER))
async def report(
    request: Request,
    job_id: int,
    feedback_service: FeedbackService,
    job_service: JobService,
    employer_service: EmployerService,
    user: User,
) -> Redirect | Template:
    data = await form_data(request)
    try:
        reason, note = parse_report(data)
        await feedback_service.report(check_id(job_id), user, reason, note)
    except FormError as exc:
        job = await job_service.visible(check_id(job_id), user)
        return await show_error(request, employer_service, job, exc, can_manage=False)
    return Redirect(path=f"/jobs/{job_id}?done=reported")


@post("/jobs/{job_id:int}/reports", opt=roles(*STAFF))
async def settle_reports(
    request: Request, job_id: int, feedback_service: FeedbackService, user: User
) -> Redirect:
    """Staff settle the reports on a published vacancy: dismiss them, or take the vacancy down."""
    try:
        remove, note = parse_settle(await form_data(request))
        await feedback_service.settle(check_id(job_id), user, remove=remove, note=note)
    except FormError:
        pass  # settled by a colleague meanwhile; the queue shows the current state
    return Redirect(path="/staff/review")


ROUTES = [interest, report, settle_reports]
