"""Vacancies as pages: search, view, post and edit (employer), review (staff). JSON: api.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

import matching
from search.documents import WAGE_BANDS
from search.lexicon import take_wage

from ..auth import EMPLOYER, STAFF, WORKER, public, roles
from ..businesses.service import returnee_job_ids
from ..catalogue.search import MAX_QUERY, POSTED_DAYS, JobQuery, SearchService
from ..employers.service import EmployerService
from ..feedback.service import FeedbackService
from ..forms import FormError
from ..htmx import page_or_partial
from ..i18n import N_
from ..matches.service import MatchService
from ..models import Job, User
from ..reference import INDUSTRIES, stations, townships
from ..runtime import Runtime
from ..stations.service import StationService
from ..web import check_id, errors_for, form_data
from ..workers.service import WorkerService
from .form import (
    FORM_LIMITS,
    INSURANCE_LABELS,
    SURE_READING,
    TITLE_MAX,
    WAGE_UNIT_LABELS,
    parse_job_form,
)
from .service import REVIEW_NOTE_MAX, JobService, may_manage

SUGGEST_SURE = 0.6  # a reading of the words this sure is offered as a trade to search for instead


async def search(request: Request, search_service: SearchService, facets: bool = False):
    """The query of the page's URL, and what search answers (Meilisearch, or the database)."""
    query = JobQuery.parse(dict(request.query_params))
    return query, await search_service.jobs(query, facets=facets)


def _page_context(query: JobQuery, results) -> dict[str, Any]:
    def link(**changes: Any) -> str:
        return "/jobs?" + urlencode(query.params(**changes))

    typed_wage, rest = take_wage(
        query.q
    )  # a wage typed in the words filters too: its chip drops it
    return {
        "results": results,
        "query": query,
        "link": link,
        "typed_wage": typed_wage,
        "without_typed_wage": link(q=" ".join(rest.split())),
        "townships": townships(),
        "township_names": {t.code: t.name for t in townships()},
        "industries": INDUSTRIES,
        "industry_labels": {i.key: i.label for i in INDUSTRIES},
        "wage_bands": WAGE_BANDS,
        "posted_days": POSTED_DAYS,
    }


@get("/jobs", opt=public())
async def index(
    request: Request,
    search_service: SearchService,
    runtime: Runtime,
    db_session: AsyncSession,
    station_service: StationService,
    user: User | None,
) -> Template:
    query, results = await search(request, search_service)
    nothing = (
        not results.total and query.q
    )  # only then: nearest trades compare with every vocabulary word
    context = {
        **_page_context(query, results),
        "q": str(request.query_params.get("q") or "")[:MAX_QUERY],
        "q_max": MAX_QUERY,
        "suggestions": await _suggestions(runtime, query.q) if nothing else [],
        "stations": stations() if nothing else [],
        "nearest": await station_service.for_user(user) if nothing else None,
        "returnee_ids": await returnee_job_ids(db_session, [int(h["id"]) for h in results.hits]),
    }
    return page_or_partial(request, "jobs/index.html", "jobs/_rows.html", context)


async def _suggestions(runtime: Runtime, q: str) -> list[str]:
    """For a search that found nothing: the trade names spelled or sounding like the words
    (电汗工 -> 焊工, in the words people use), then the trades the words mean (打扫 -> 保洁员)."""
    trades = await runtime.vocabulary.trades()
    meant = [m.name for m in trades.classify(q, limit=2) if m.confidence >= SUGGEST_SURE]
    return list(dict.fromkeys(runtime.vocabulary.lexicon.nearest(q) + meant))[:5]


@get("/jobs/facets", opt=public())
async def facets(request: Request, search_service: SearchService) -> Template:
    """The filter panel with counts, loaded when it is opened (counting costs Meilisearch time)."""
    query, results = await search(request, search_service, facets=True)
    return Template("jobs/_facets.html", context=_page_context(query, results))


async def match_for(
    workers: WorkerService, matches: MatchService, user: User | None, job: Job
) -> matching.MatchScore | None:
    """How this vacancy fits the worker looking at it (their own archive only)."""
    if user is None or user.role != "worker":
        return None
    worker = await workers.of_user(user.id)
    if worker is None:
        return None
    [(_job, score)] = await matches.scored_jobs(worker, [job])
    return score


# What a redirect back to the vacancy says happened (?done=...).
FLASH = {
    "interest": N_("Thank you: the employer and the station can now see your interest."),
    "reported": N_("Thank you: staff will look at this vacancy."),
    "closed": N_("The vacancy is closed."),
    "reopened": N_("The vacancy is open again."),
    "saved": N_("Saved."),
}


@get("/jobs/{job_id:int}", opt=public())
async def show(
    request: Request,
    job_id: int,
    job_service: JobService,
    feedback_service: FeedbackService,
    employer_service: EmployerService,
    worker_service: WorkerService,
    match_service: MatchService,
    user: User | None,
    runtime: Runtime,
    db_session: AsyncSession,
) -> Template:
    job = await job_service.visible(check_id(job_id), user)
    trades = await runtime.vocabulary.trades()
    can_manage = may_manage(user, job)
    is_worker = user is not None and user.role in WORKER
    context = {
        "job": job,
        "match": await match_for(worker_service, match_service, user, job),
        "trade": trades.by_code.get(job.trade_code) if job.trade_code else None,
        "can_manage": can_manage,
        "card": await employer_service.trust_card(job.employer),
        "interested": is_worker and await feedback_service.has_interest(job.id, user),
        "counts": await feedback_service.counts(job.id) if can_manage else None,
        "flash": FLASH.get(str(request.query_params.get("done") or "")),
        "insurance_labels": INSURANCE_LABELS,
        "returnee": bool(await returnee_job_ids(db_session, [job.id])),
    }
    return Template("jobs/show.html", context=context)


async def _form_context(values: dict, errors: dict, runtime: Runtime) -> dict[str, Any]:
    title = values.get("title") if isinstance(values.get("title"), str) else ""
    trades = (
        (await runtime.vocabulary.trades()).classify(title[:TITLE_MAX], limit=3) if title else []
    )
    return {
        "errors": errors,
        "values": values,
        "townships": townships(),
        "industries": INDUSTRIES,
        "trades": trades,
        "sure": SURE_READING,
        "insurance_labels": INSURANCE_LABELS,
        "wage_units": WAGE_UNIT_LABELS,
        "limits": FORM_LIMITS,
    }


@get("/jobs/new", opt=roles(*EMPLOYER))
async def new(runtime: Runtime) -> Template:
    return Template("jobs/new.html", context=await _form_context({}, {}, runtime))


@get("/jobs/trade-suggest", opt=roles(*EMPLOYER, *STAFF))
async def trade_suggest(request: Request, runtime: Runtime) -> Template:
    """The trades a title may be, to pick from as the employer types (jobs/_trade.html)."""
    values = {"title": str(request.query_params.get("title") or "")[: TITLE_MAX * 4]}
    return Template("jobs/_trade.html", context=await _form_context(values, {}, runtime))


@post("/jobs", opt=roles(*EMPLOYER))
async def create(
    request: Request, job_service: JobService, user: User, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        job = await job_service.create(
            user, parse_job_form(data, await runtime.vocabulary.trades())
        )
    except FormError as exc:
        context = await _form_context(data, errors_for(request, exc), runtime)
        return Template("jobs/new.html", context=context, status_code=400)
    return Redirect(path=f"/jobs/{job.id}")


EMPLOYER_FIELDS = ("credit_code", "name", "legal_rep", "contact_name", "contact_phone", "address")


@get("/employer", opt=roles(*EMPLOYER))
async def employer_home(
    job_service: JobService, employer_service: EmployerService, user: User
) -> Template:
    employer = await employer_service.get(user.employer_id)
    values = {k: getattr(employer, k) for k in (*EMPLOYER_FIELDS, "industry")}
    context = {
        "jobs": await job_service.of_employer(user.employer_id),
        "employer": employer,
        "errors": {},
        "values": {**values, "township": employer.township_code},
        "townships": townships(),
        "industries": INDUSTRIES,
    }
    return Template("jobs/employer.html", context=context)


# The fields an edit shows as they are; lists, ages and dates are written out in _edit_values.
EDITED_AS_IS = (
    "title",
    "description",
    "wage_min",
    "wage_max",
    "wage_unit",
    "headcount",
    "industry",
    "trade_code",
    "level",
    "hours",
    "social_insurance",
    "address",
    "has_housing",
    "has_meals",
    "accepts_over_50",
    "takes_beginners",
)


def _edit_values(job: Job) -> dict[str, Any]:
    return {
        **{k: getattr(job, k) for k in EDITED_AS_IS},
        "township": job.township_code,
        "skills": "，".join(job.skills),
        "certificates": "，".join(job.certificates),
        "age_min": job.age_min or "",
        "age_max": job.age_max or "",
        "start_date": job.start_date.isoformat() if job.start_date else "",
        "closes_on": job.closes_on.isoformat() if job.closes_on else "",
    }


@get("/jobs/{job_id:int}/edit", opt=roles(*EMPLOYER))
async def edit(job_id: int, job_service: JobService, user: User, runtime: Runtime) -> Template:
    job = await job_service.owned(check_id(job_id), user)
    context = await _form_context(_edit_values(job), {}, runtime)
    return Template("jobs/new.html", context={**context, "job": job})


@post("/jobs/{job_id:int}", opt=roles(*EMPLOYER))
async def update(
    request: Request, job_id: int, job_service: JobService, user: User, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    job = await job_service.owned(check_id(job_id), user)
    try:
        await job_service.update(
            job.id, user, parse_job_form(data, await runtime.vocabulary.trades())
        )
    except FormError as exc:
        context = await _form_context(data, errors_for(request, exc), runtime)
        return Template("jobs/new.html", context={**context, "job": job}, status_code=400)
    return Redirect(path=f"/jobs/{job.id}?done=saved")


async def show_error(
    request: Request, employers: EmployerService, job: Job, exc: FormError, can_manage: bool
) -> Template:
    """The vacancy page again, with what went wrong said at the top."""
    context = {
        "job": job,
        "match": None,
        "trade": None,
        "can_manage": can_manage,
        "interested": False,
        "counts": None,
        "card": await employers.trust_card(job.employer),
        "flash": None,
        "error": next(iter(errors_for(request, exc).values())),
        "insurance_labels": INSURANCE_LABELS,
    }
    return Template("jobs/show.html", status_code=400, context=context)


async def _open_or_close(
    request: Request, job_id: int, jobs: JobService, employers: EmployerService, user: User, to: str
) -> Redirect | Template:
    """Close or reopen (``to``); a refusal is said on the vacancy's own page."""
    change = jobs.close if to == "closed" else jobs.reopen
    try:
        await change(check_id(job_id), user)
    except FormError as exc:
        job = await jobs.owned(job_id, user)
        return await show_error(request, employers, job, exc, can_manage=True)
    return Redirect(path=f"/jobs/{job_id}?done={to}")


@post("/jobs/{job_id:int}/close", opt=roles(*EMPLOYER))
async def close(
    request: Request,
    job_id: int,
    job_service: JobService,
    employer_service: EmployerService,
    user: User,
) -> Redirect | Template:
    return await _open_or_close(request, job_id, job_service, employer_service, user, "closed")


@post("/jobs/{job_id:int}/reopen", opt=roles(*EMPLOYER))
async def reopen(
    request: Request,
    job_id: int,
    job_service: JobService,
    employer_service: EmployerService,
    user: User,
) -> Redirect | Template:
    return await _open_or_close(request, job_id, job_service, employer_service, user, "reopened")


@get("/staff/review", opt=roles(*STAFF))
async def review_queue(job_service: JobService, feedback_service: FeedbackService) -> Template:
    """Vacancies staff must decide on (flagged, edited, reported), with what screening and workers
    said; single reports on published vacancies are listed after them."""
    jobs = await job_service.pending()
    reported = await feedback_service.open_reports()
    waiting = {j.id for j in jobs}
    context = {
        "jobs": jobs,
        "reports": {job.id: rs for job, rs in reported},
        "reported": [(job, rs) for job, rs in reported if job.id not in waiting],
        "note_max": REVIEW_NOTE_MAX,
    }
    return Template("jobs/review.html", context=context)


@post("/jobs/{job_id:int}/approve", opt=roles(*STAFF))
async def approve(job_id: int, job_service: JobService, user: User) -> Redirect:
    try:
        await job_service.review(check_id(job_id), user, approve=True)
    except FormError:
        pass  # reviewed by a colleague meanwhile; the queue shows the current state
    return Redirect(path="/staff/review")


@post("/jobs/{job_id:int}/reject", opt=roles(*STAFF))
async def reject(request: Request, job_id: int, job_service: JobService, user: User) -> Redirect:
    note = str((await form_data(request)).get("note") or "")
    try:
        await job_service.review(check_id(job_id), user, approve=False, note=note)
    except FormError:
        pass  # reviewed by a colleague meanwhile
    return Redirect(path="/staff/review")


ROUTES = [
    index,
    facets,
    show,
    new,
    trade_suggest,
    create,
    employer_home,
    edit,
    update,
    close,
    reopen,
    review_queue,
    approve,
    reject,
]
