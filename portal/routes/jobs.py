"""Vacancies: search, view, post (employer), review (staff); pages and JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

import matching
from search.documents import WAGE_BANDS

from ..auth import EMPLOYER, STAFF, public, roles
from ..forms import FormError, Message
from ..i18n import DEFAULT_LANG, lang_of
from ..htmx import page_or_partial
from ..models import Job, User
from ..reference import INDUSTRIES, stations, township_places, townships
from ..runtime import Runtime
from ..services.jobs import SURE_READING, TITLE_MAX, JobService, NotAllowed, job_hit, parse_job_form
from ..services.search import POSTED_DAYS, JobQuery, SearchService
from ..services.matching import job_profile, worker_profile
from ..services.workers import WorkerService
from ._common import check_id, errors_for, form_data


def job_json(job: Job, user: User | None = None, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    body = {
        **job_hit(job),
        "description": job.description,
        "status": job.status,
        "certificates": list(job.certificates),
        "level": job.level,
        "takes_beginners": job.takes_beginners,
        "start_date": job.start_date.isoformat() if job.start_date else None,
        "created_at": job.created_at.isoformat(),
        "url": f"/jobs/{job.id}",
    }
    if user is not None and (user.role in STAFF or user.employer_id == job.employer_id):
        body["screening"] = screening_json(job, lang)  # for the reviewer and the employer, not the public
    return body


def screening_json(job: Job, lang: str) -> list[dict[str, str]]:
    return [{"rule": f["rule"], "reason": Message(f["msgid"], f.get("params") or {}).render(lang)} for f in job.screening or []]


async def _search(request: Request, runtime: Runtime, facets: bool = False):
    query = JobQuery.parse(dict(request.query_params))
    service = SearchService(runtime.sessions, runtime.search, runtime.vocabulary.lexicon)
    return query, await service.jobs(query, facets=facets)


def _page_context(query: JobQuery, results) -> dict[str, Any]:
    return {
        "results": results,
        "query": query,
        "link": lambda **changes: "/jobs?" + urlencode(query.params(**changes)),
        "townships": townships(),
        "township_names": {t.code: t.name for t in townships()},
        "industries": INDUSTRIES,
        "industry_labels": {i.key: i.label for i in INDUSTRIES},
        "wage_bands": WAGE_BANDS,
        "posted_days": POSTED_DAYS,
    }


@get("/jobs", opt=public())
async def index(request: Request, runtime: Runtime) -> Template:
    query, results = await _search(request, runtime)
    nothing = not results.total and query.q  # only then: nearest trades compare with every vocabulary word
    context = {**_page_context(query, results), "q": str(request.query_params.get("q") or "")[:100],
               "suggestions": runtime.vocabulary.lexicon.nearest(query.q) if nothing else [],
               "stations": stations() if nothing else []}
    return page_or_partial(request, "jobs/index.html", "jobs/_rows.html", context)


@get("/jobs/facets", opt=public())
async def facets(request: Request, runtime: Runtime) -> Template:
    """The filter panel with counts, loaded when it is opened (counting costs Meilisearch time)."""
    query, results = await _search(request, runtime, facets=True)
    return Template("jobs/_facets.html", context=_page_context(query, results))


@get("/api/v1/jobs/search", opt=public())
async def api_search(request: Request, runtime: Runtime) -> dict[str, Any]:
    _query, r = await _search(request, runtime, facets=request.query_params.get("facets") in ("1", "true"))
    hits = [{**{k: v for k, v in h.items() if k != "title_marked"}, "url": f"/jobs/{h['id']}",
             "title_highlight": [text for text, marked in h["title_marked"] if marked]} for h in r.hits]
    read = r.read
    return {
        "hits": hits, "total": r.total, "page": r.page, "limit": r.limit, "degraded": r.degraded,
        "facets": r.facets, "loose": r.loose,
        "understood": {"text": read.text, "wage_min": read.wage_min, "corrected": [list(c) for c in read.corrected]}
        if read else None,
    }


async def _match_for(db_session: AsyncSession, user: User | None, job: Job, runtime: Runtime) -> matching.MatchScore | None:
    """How this vacancy fits the worker looking at it (their own archive only)."""
    if user is None or user.role != "worker":
        return None
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return None
    lexicon, trades = runtime.vocabulary.lexicon, await runtime.vocabulary.trades()
    ctx = matching.Context(dt.date.today(), matching.Places(township_places()))
    return matching.score(worker_profile(worker, lexicon), job_profile(job, trades, lexicon), ctx)


@get("/jobs/{job_id:int}", opt=public())
async def show(job_id: int, db_session: AsyncSession, user: User | None, runtime: Runtime) -> Template:
    job = await JobService(db_session).visible(check_id(job_id), user)
    match = await _match_for(db_session, user, job, runtime)
    trade = (await runtime.vocabulary.trades()).by_code.get(job.trade_code) if job.trade_code else None
    can_manage = user is not None and (user.role in STAFF or user.employer_id == job.employer_id)
    return Template("jobs/show.html", context={"job": job, "match": match, "trade": trade, "can_manage": can_manage})


@get("/api/v1/jobs/{job_id:int}", opt=public())
async def api_show(request: Request, job_id: int, db_session: AsyncSession, user: User | None, runtime: Runtime) -> dict[str, Any]:
    job = await JobService(db_session).visible(check_id(job_id), user)
    body = job_json(job, user, lang_of(request))
    match = await _match_for(db_session, user, job, runtime)
    if match is not None:
        body["match"] = {"score": match.total, "components": [c.__dict__ for c in match.components]}
    return body


async def _form_context(values: dict, errors: dict, runtime: Runtime) -> dict[str, Any]:
    title = values.get("title") if isinstance(values.get("title"), str) else ""
    trades = (await runtime.vocabulary.trades()).classify(title[:TITLE_MAX], limit=3) if title else []
    return {"errors": errors, "values": values, "townships": townships(), "industries": INDUSTRIES, "trades": trades,
            "sure": SURE_READING}


@get("/jobs/new", opt=roles(*EMPLOYER))
async def new(runtime: Runtime) -> Template:
    return Template("jobs/new.html", context=await _form_context({}, {}, runtime))


@get("/jobs/trade-suggest", opt=roles(*EMPLOYER, *STAFF))
async def trade_suggest(request: Request, runtime: Runtime) -> Template:
    """The trades a title may be, to pick from as the employer types (jobs/_trade.html)."""
    values = {"title": str(request.query_params.get("title") or "")[:TITLE_MAX * 4]}
    return Template("jobs/_trade.html", context=await _form_context(values, {}, runtime))


@post("/jobs", opt=roles(*EMPLOYER))
async def create(request: Request, db_session: AsyncSession, user: User | None, runtime: Runtime) -> Template | Redirect:
    data = await form_data(request)
    try:
        job = await JobService(db_session).create(user, parse_job_form(data, await runtime.vocabulary.trades()))
    except FormError as exc:
        context = await _form_context(data, errors_for(request, exc), runtime)
        return Template("jobs/new.html", context=context, status_code=400)
    return Redirect(path=f"/jobs/{job.id}")


@post("/api/v1/jobs", opt=roles(*EMPLOYER), status_code=201)
async def api_create(
    request: Request, data: dict[str, Any], db_session: AsyncSession, user: User | None, runtime: Runtime
) -> dict[str, Any]:
    if user is None:
        raise NotAllowed
    job = await JobService(db_session).create(user, parse_job_form(data, await runtime.vocabulary.trades()))
    return job_json(job, user, lang_of(request))


@get("/employer", opt=roles(*EMPLOYER))
async def employer_home(db_session: AsyncSession, user: User | None) -> Template:
    jobs = await JobService(db_session).of_employer(user.employer_id) if user else []
    return Template("jobs/employer.html", context={"jobs": jobs})


@get("/staff/review", opt=roles(*STAFF))
async def review_queue(db_session: AsyncSession) -> Template:
    return Template("jobs/review.html", context={"jobs": await JobService(db_session).pending()})


async def _review(job_id: int, db_session: AsyncSession, user: User, runtime: Runtime, approve: bool, note: str = "") -> Job:
    job = await JobService(db_session).review(check_id(job_id), user, approve=approve, note=note)
    runtime.indexer.kick()
    return job


@post("/jobs/{job_id:int}/approve", opt=roles(*STAFF))
async def approve(request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime) -> Template | Redirect:
    try:
        await _review(job_id, db_session, user, runtime, True)
    except FormError:
        pass  # reviewed by a colleague meanwhile; the queue shows the current state
    return Redirect(path="/staff/review")


@post("/jobs/{job_id:int}/reject", opt=roles(*STAFF))
async def reject(request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime) -> Redirect:
    data = await form_data(request)
    try:
        await _review(job_id, db_session, user, runtime, False, str(data.get("note") or ""))
    except FormError:
        pass
    return Redirect(path="/staff/review")


@post("/api/v1/jobs/{job_id:int}/approve", opt=roles(*STAFF))
async def api_approve(request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime) -> dict[str, Any]:
    return job_json(await _review(job_id, db_session, user, runtime, True), user, lang_of(request))


ROUTES = [index, facets, api_search, show, api_show, new, trade_suggest, create, api_create, employer_home, review_queue, approve, reject, api_approve]
