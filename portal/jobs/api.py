"""Vacancies as JSON under /api/v1: search, read, post, edit, close, reopen, approve.

The same service calls as the pages; the shapes are in ``schemas.py`` (and so in /schema)."""

from __future__ import annotations

from litestar import Request, get, post, put

from ..auth import EMPLOYER, STAFF, public, roles
from ..catalogue.search import Results, SearchService
from ..employers.pages import trust_json
from ..employers.service import EmployerService
from ..errors import NotAllowed
from ..forms import Message
from ..i18n import lang_of
from ..matches.service import MatchService
from ..models import Job, User
from ..runtime import Runtime
from ..web import body, check_id
from ..workers.service import WorkerService
from .form import parse_job_form
from .pages import match_for, search
from .schemas import (
    Finding,
    JobCard,
    JobForm,
    JobHit,
    JobMatch,
    JobSearch,
    JobTrust,
    MatchPart,
    ReviewForm,
    Understood,
)
from .service import JobService, job_hit, may_manage


def findings(job: Job, lang: str) -> list[Finding]:
    return [
        Finding(rule=f["rule"], reason=Message(f["msgid"], f.get("params") or {}).render(lang))
        for f in job.screening or []
    ]


def job_card(job: Job, user: User | None, lang: str) -> JobCard:
    """A vacancy as the API answers it; screening only for those who manage it, never the public."""
    card = JobCard(
        **job_hit(job),
        description=job.description,
        status=job.status,
        certificates=list(job.certificates),
        level=job.level,
        takes_beginners=job.takes_beginners,
        start_date=job.start_date,
        closes_on=job.closes_on,
        hours=job.hours,
        social_insurance=job.social_insurance,
        age_min=job.age_min,
        age_max=job.age_max,
        address=job.address,
        employer_id=job.employer_id,
        created_at=job.created_at.isoformat(),
        url=f"/jobs/{job.id}",
    )
    if may_manage(user, job):
        card.screening = findings(job, lang)
    return card


def _hit(hit: dict) -> JobHit:
    fields = {k: v for k, v in hit.items() if k != "title_marked"}
    highlight = [text for text, marked in hit["title_marked"] if marked]
    return JobHit(**fields, url=f"/jobs/{hit['id']}", title_highlight=highlight)


def _search_answer(r: Results) -> JobSearch:
    read = r.read
    understood = (
        Understood(
            text=read.text,
            wage_min=read.wage_min,
            corrected=[list(c) for c in read.corrected],
            trade_code=r.trade.code if r.trade else "",
            trade=r.trade.name if r.trade else "",
        )
        if read
        else None
    )
    return JobSearch(
        hits=[_hit(h) for h in r.hits],
        total=r.total,
        page=r.page,
        limit=r.limit,
        degraded=r.degraded,
        facets=r.facets,
        loose=r.loose,
        understood=understood,
    )


@get("/api/v1/jobs/search", opt=public())
async def api_search(request: Request, search_service: SearchService) -> JobSearch:
    facets = request.query_params.get("facets") in ("1", "true")
    _query, results = await search(request, search_service, facets=facets)
    return _search_answer(results)


@get("/api/v1/jobs/{job_id:int}", opt=public())
async def api_show(
    request: Request,
    job_id: int,
    job_service: JobService,
    employer_service: EmployerService,
    worker_service: WorkerService,
    match_service: MatchService,
    user: User | None,
) -> JobCard:
    job = await job_service.visible(check_id(job_id), user)
    card = job_card(job, user, lang_of(request))
    card.trust = JobTrust(**trust_json(await employer_service.trust_card(job.employer)))
    match = await match_for(worker_service, match_service, user, job)
    if match is not None:
        parts = [MatchPart(**c.__dict__) for c in match.components]
        card.match = JobMatch(score=match.total, components=parts)
    return card


@post("/api/v1/jobs", opt=roles(*EMPLOYER), status_code=201)
async def api_create(
    request: Request, data: JobForm, job_service: JobService, user: User | None, runtime: Runtime
) -> JobCard:
    if user is None:
        raise NotAllowed
    form = parse_job_form(body(data), await runtime.vocabulary.trades())
    return job_card(await job_service.create(user, form), user, lang_of(request))


@put("/api/v1/jobs/{job_id:int}", opt=roles(*EMPLOYER))
async def api_update(
    request: Request,
    job_id: int,
    data: JobForm,
    job_service: JobService,
    user: User,
    runtime: Runtime,
) -> JobCard:
    job = await job_service.owned(check_id(job_id), user)  # not found before any field is read
    form = parse_job_form(body(data), await runtime.vocabulary.trades())
    return job_card(await job_service.update(job.id, user, form), user, lang_of(request))


@post("/api/v1/jobs/{job_id:int}/close", opt=roles(*EMPLOYER))
async def api_close(request: Request, job_id: int, job_service: JobService, user: User) -> JobCard:
    return job_card(await job_service.close(check_id(job_id), user), user, lang_of(request))


@post("/api/v1/jobs/{job_id:int}/reopen", opt=roles(*EMPLOYER))
async def api_reopen(request: Request, job_id: int, job_service: JobService, user: User) -> JobCard:
    return job_card(await job_service.reopen(check_id(job_id), user), user, lang_of(request))


@post("/api/v1/jobs/{job_id:int}/approve", opt=roles(*STAFF))
async def api_approve(
    request: Request, job_id: int, job_service: JobService, user: User
) -> JobCard:
    job = await job_service.review(check_id(job_id), user, approve=True)
    return job_card(job, user, lang_of(request))


@post("/api/v1/jobs/{job_id:int}/reject", opt=roles(*STAFF))
async def api_reject(
    request: Request, job_id: int, data: ReviewForm, job_service: JobService, user: User
) -> JobCard:
    """Refuse a vacancy held for review; the note is what the employer reads."""
    note = data.note if isinstance(data.note, str) else ""
    job = await job_service.review(check_id(job_id), user, approve=False, note=note)
    return job_card(job, user, lang_of(request))


ROUTES = [
    api_search,
    api_show,
    api_create,
    api_update,
    api_close,
    api_reopen,
    api_approve,
    api_reject,
]
