"""Vacancies: search, view, post (employer), review (staff); pages and JSON."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post, put
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

import matching
from search.documents import WAGE_BANDS
from search.lexicon import take_wage

from ..auth import EMPLOYER, STAFF, WORKER, public, roles
from ..catalogue.search import POSTED_DAYS, JobQuery, SearchService
from ..employers.pages import trust_json
from ..employers.service import EmployerService
from ..errors import NotAllowed
from ..feedback.service import FeedbackService, NoArchive, parse_report
from ..forms import FormError, Message
from ..htmx import page_or_partial
from ..i18n import DEFAULT_LANG, N_, lang_of
from ..matches.service import MatchService
from ..models import Job, User
from ..reference import INDUSTRIES, stations, townships
from ..runtime import Runtime
from ..web import check_id, errors_for, form_data
from ..workers.service import WorkerService
from .service import SURE_READING, TITLE_MAX, JobService, job_hit, parse_job_form


def job_json(job: Job, user: User | None = None, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    body = {
        **job_hit(job),
        "description": job.description,
        "status": job.status,
        "certificates": list(job.certificates),
        "level": job.level,
        "takes_beginners": job.takes_beginners,
        "start_date": job.start_date.isoformat() if job.start_date else None,
        "closes_on": job.closes_on.isoformat() if job.closes_on else None,
        "hours": job.hours,
        "social_insurance": job.social_insurance,
        "age_min": job.age_min,
        "age_max": job.age_max,
        "address": job.address,
        "employer_id": job.employer_id,
        "created_at": job.created_at.isoformat(),
        "url": f"/jobs/{job.id}",
    }
    if user is not None and (user.role in STAFF or user.employer_id == job.employer_id):
        body["screening"] = screening_json(
            job, lang
        )  # for the reviewer and the employer, not the public
    return body


def screening_json(job: Job, lang: str) -> list[dict[str, str]]:
    return [
        {"rule": f["rule"], "reason": Message(f["msgid"], f.get("params") or {}).render(lang)}
        for f in job.screening or []
    ]


async def _search(request: Request, runtime: Runtime, facets: bool = False):
    query = JobQuery.parse(dict(request.query_params))
    service = SearchService(runtime.sessions, runtime.search, runtime.vocabulary.lexicon)
    return query, await service.jobs(query, facets=facets)


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
async def index(request: Request, runtime: Runtime) -> Template:
    query, results = await _search(request, runtime)
    nothing = (
        not results.total and query.q
    )  # only then: nearest trades compare with every vocabulary word
    context = {
        **_page_context(query, results),
        "q": str(request.query_params.get("q") or "")[:100],
        "suggestions": runtime.vocabulary.lexicon.nearest(query.q) if nothing else [],
        "stations": stations() if nothing else [],
    }
    return page_or_partial(request, "jobs/index.html", "jobs/_rows.html", context)


@get("/jobs/facets", opt=public())
async def facets(request: Request, runtime: Runtime) -> Template:
    """The filter panel with counts, loaded when it is opened (counting costs Meilisearch time)."""
    query, results = await _search(request, runtime, facets=True)
    return Template("jobs/_facets.html", context=_page_context(query, results))


@get("/api/v1/jobs/search", opt=public())
async def api_search(request: Request, runtime: Runtime) -> dict[str, Any]:
    _query, r = await _search(
        request, runtime, facets=request.query_params.get("facets") in ("1", "true")
    )
    hits = [
        {
            **{k: v for k, v in h.items() if k != "title_marked"},
            "url": f"/jobs/{h['id']}",
            "title_highlight": [text for text, marked in h["title_marked"] if marked],
        }
        for h in r.hits
    ]
    read = r.read
    return {
        "hits": hits,
        "total": r.total,
        "page": r.page,
        "limit": r.limit,
        "degraded": r.degraded,
        "facets": r.facets,
        "loose": r.loose,
        "understood": {
            "text": read.text,
            "wage_min": read.wage_min,
            "corrected": [list(c) for c in read.corrected],
        }
        if read
        else None,
    }


async def _match_for(
    db_session: AsyncSession, user: User | None, job: Job, runtime: Runtime
) -> matching.MatchScore | None:
    """How this vacancy fits the worker looking at it (their own archive only)."""
    if user is None or user.role != "worker":
        return None
    worker = await WorkerService(db_session).of_user(user.id)
    if worker is None:
        return None
    [(_job, score)] = await MatchService(
        db_session, runtime.matches, runtime.vocabulary
    ).scored_jobs(worker, [job])
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
    request: Request, job_id: int, db_session: AsyncSession, user: User | None, runtime: Runtime
) -> Template:
    job = await JobService(db_session).visible(check_id(job_id), user)
    match = await _match_for(db_session, user, job, runtime)
    trade = (
        (await runtime.vocabulary.trades()).by_code.get(job.trade_code) if job.trade_code else None
    )
    can_manage = user is not None and (user.role in STAFF or user.employer_id == job.employer_id)
    feedback = FeedbackService(db_session)
    context = {
        "job": job,
        "match": match,
        "trade": trade,
        "can_manage": can_manage,
        "card": await EmployerService(db_session).trust_card(job.employer),
        "interested": user is not None
        and user.role == "worker"
        and await feedback.has_interest(job.id, user),
        "counts": await feedback.counts(job.id) if can_manage else None,
        "flash": FLASH.get(str(request.query_params.get("done") or "")),
    }
    return Template("jobs/show.html", context=context)


@get("/api/v1/jobs/{job_id:int}", opt=public())
async def api_show(
    request: Request, job_id: int, db_session: AsyncSession, user: User | None, runtime: Runtime
) -> dict[str, Any]:
    job = await JobService(db_session).visible(check_id(job_id), user)
    body = job_json(job, user, lang_of(request))
    body["trust"] = trust_json(await EmployerService(db_session).trust_card(job.employer))
    match = await _match_for(db_session, user, job, runtime)
    if match is not None:
        body["match"] = {"score": match.total, "components": [c.__dict__ for c in match.components]}
    return body


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
    request: Request, db_session: AsyncSession, user: User | None, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        job = await JobService(db_session).create(
            user, parse_job_form(data, await runtime.vocabulary.trades())
        )
    except FormError as exc:
        context = await _form_context(data, errors_for(request, exc), runtime)
        return Template("jobs/new.html", context=context, status_code=400)
    return Redirect(path=f"/jobs/{job.id}")


@post("/api/v1/jobs", opt=roles(*EMPLOYER), status_code=201)
async def api_create(
    request: Request,
    data: dict[str, Any],
    db_session: AsyncSession,
    user: User | None,
    runtime: Runtime,
) -> dict[str, Any]:
    if user is None:
        raise NotAllowed
    job = await JobService(db_session).create(
        user, parse_job_form(data, await runtime.vocabulary.trades())
    )
    return job_json(job, user, lang_of(request))


@get("/employer", opt=roles(*EMPLOYER))
async def employer_home(db_session: AsyncSession, user: User) -> Template:
    employer = await EmployerService(db_session).get(user.employer_id)
    jobs = await JobService(db_session).of_employer(user.employer_id)
    values = {
        k: getattr(employer, k)
        for k in (
            "credit_code",
            "name",
            "legal_rep",
            "contact_name",
            "contact_phone",
            "address",
            "industry",
        )
    }
    return Template(
        "jobs/employer.html",
        context={
            "jobs": jobs,
            "employer": employer,
            "errors": {},
            "values": {**values, "township": employer.township_code},
            "townships": townships(),
            "industries": INDUSTRIES,
        },
    )


def _edit_values(job: Job) -> dict[str, Any]:
    values = {
        k: getattr(job, k)
        for k in (
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
    }
    values.update(
        township=job.township_code,
        skills="，".join(job.skills),
        certificates="，".join(job.certificates),
        age_min=job.age_min or "",
        age_max=job.age_max or "",
        start_date=job.start_date.isoformat() if job.start_date else "",
        closes_on=job.closes_on.isoformat() if job.closes_on else "",
    )
    return values


@get("/jobs/{job_id:int}/edit", opt=roles(*EMPLOYER))
async def edit(job_id: int, db_session: AsyncSession, user: User, runtime: Runtime) -> Template:
    job = await JobService(db_session).owned(check_id(job_id), user)
    context = await _form_context(_edit_values(job), {}, runtime)
    return Template("jobs/new.html", context={**context, "job": job})


@post("/jobs/{job_id:int}", opt=roles(*EMPLOYER))
async def update(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    service = JobService(db_session)
    job = await service.owned(check_id(job_id), user)
    try:
        await service.update(job.id, user, parse_job_form(data, await runtime.vocabulary.trades()))
    except FormError as exc:
        context = await _form_context(data, errors_for(request, exc), runtime)
        return Template("jobs/new.html", context={**context, "job": job}, status_code=400)
    runtime.indexer.kick()
    return Redirect(path=f"/jobs/{job.id}?done=saved")


@put("/api/v1/jobs/{job_id:int}", opt=roles(*EMPLOYER))
async def api_update(
    request: Request,
    job_id: int,
    data: dict[str, Any],
    db_session: AsyncSession,
    user: User,
    runtime: Runtime,
) -> dict[str, Any]:
    service = JobService(db_session)
    job = await service.owned(check_id(job_id), user)
    job = await service.update(
        job.id, user, parse_job_form(data, await runtime.vocabulary.trades())
    )
    runtime.indexer.kick()
    return job_json(job, user, lang_of(request))


async def _open_or_close(
    job_id: int, db_session: AsyncSession, user: User, runtime: Runtime, action: str
) -> Job:
    service = JobService(db_session)
    job = await (service.close if action == "close" else service.reopen)(check_id(job_id), user)
    runtime.indexer.kick()
    return job


async def _close_page(
    request: Request,
    job_id: int,
    db_session: AsyncSession,
    user: User,
    runtime: Runtime,
    action: str,
) -> Redirect | Template:
    try:
        await _open_or_close(job_id, db_session, user, runtime, action)
    except FormError as exc:
        job = await JobService(db_session).owned(check_id(job_id), user)
        return await _show_error(request, db_session, job, exc, can_manage=True)
    return Redirect(path=f"/jobs/{job_id}?done={'closed' if action == 'close' else 'reopened'}")


@post("/jobs/{job_id:int}/close", opt=roles(*EMPLOYER))
async def close(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Redirect | Template:
    return await _close_page(request, job_id, db_session, user, runtime, "close")


@post("/jobs/{job_id:int}/reopen", opt=roles(*EMPLOYER))
async def reopen(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Redirect | Template:
    return await _close_page(request, job_id, db_session, user, runtime, "reopen")


@post("/api/v1/jobs/{job_id:int}/close", opt=roles(*EMPLOYER))
async def api_close(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    return job_json(
        await _open_or_close(job_id, db_session, user, runtime, "close"), user, lang_of(request)
    )


@post("/api/v1/jobs/{job_id:int}/reopen", opt=roles(*EMPLOYER))
async def api_reopen(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    return job_json(
        await _open_or_close(job_id, db_session, user, runtime, "reopen"), user, lang_of(request)
    )


async def _show_error(
    request: Request, db_session: AsyncSession, job: Job, exc: FormError, can_manage: bool
) -> Template:
    """The vacancy page again, with what went wrong said at the top."""
    return Template(
        "jobs/show.html",
        status_code=400,
        context={
            "job": job,
            "match": None,
            "trade": None,
            "can_manage": can_manage,
            "interested": False,
            "counts": None,
            "card": await EmployerService(db_session).trust_card(job.employer),
            "flash": None,
            "error": next(iter(errors_for(request, exc).values())),
        },
    )


@post("/jobs/{job_id:int}/interest", opt=roles(*WORKER))
async def interest(job_id: int, db_session: AsyncSession, user: User) -> Redirect:
    try:
        await FeedbackService(db_session).interested(check_id(job_id), user)
    except NoArchive:
        return Redirect(path="/me/edit?why=interest")
    return Redirect(path=f"/jobs/{job_id}?done=interest")


@post("/api/v1/jobs/{job_id:int}/interest", opt=roles(*WORKER))
async def api_interest(job_id: int, db_session: AsyncSession, user: User) -> dict[str, Any]:
    try:
        new = await FeedbackService(db_session).interested(check_id(job_id), user)
    except NoArchive:
        raise FormError(
            {
                "archive": Message(
                    N_("Please fill in your archive first, so the employer can see who you are.")
                )
            }
        ) from None
    return {"job_id": job_id, "interested": True, "new": new}


@post("/jobs/{job_id:int}/report", opt=roles(*WORKER))
async def report(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Redirect | Template:
    data = await form_data(request)
    try:
        reason, note = parse_report(data)
        await FeedbackService(db_session).report(check_id(job_id), user, reason, note)
    except FormError as exc:
        return await _show_error(
            request,
            db_session,
            await JobService(db_session).visible(check_id(job_id), user),
            exc,
            False,
        )
    runtime.indexer.kick()
    return Redirect(path=f"/jobs/{job_id}?done=reported")


@post("/api/v1/jobs/{job_id:int}/report", opt=roles(*WORKER))
async def api_report(
    job_id: int, data: dict[str, Any], db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    reason, note = parse_report(data)
    job = await FeedbackService(db_session).report(check_id(job_id), user, reason, note)
    runtime.indexer.kick()
    return {"job_id": job.id, "reported": True, "hidden": job.status == "hidden"}


@get("/staff/review", opt=roles(*STAFF))
async def review_queue(db_session: AsyncSession) -> Template:
    """Vacancies staff must decide on (flagged, edited, reported), with what screening and workers said."""
    jobs = await JobService(db_session).pending()
    reported = await FeedbackService(db_session).open_reports()
    waiting = {j.id for j in jobs}
    return Template(
        "jobs/review.html",
        context={
            "jobs": jobs,
            "reports": {job.id: rs for job, rs in reported},
            "reported": [(job, rs) for job, rs in reported if job.id not in waiting],
        },
    )


@post("/jobs/{job_id:int}/reports", opt=roles(*STAFF))
async def settle_reports(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Redirect:
    """Staff settle the reports on a published vacancy: dismiss them, or take the vacancy down."""
    data = await form_data(request)
    try:
        await FeedbackService(db_session).settle(
            check_id(job_id),
            user,
            remove=data.get("action") == "remove",
            note=data.get("note") if isinstance(data.get("note"), str) else "",
        )
    except FormError:
        pass  # settled by a colleague meanwhile; the queue shows the current state
    runtime.indexer.kick()
    return Redirect(path="/staff/review")


@post("/api/v1/jobs/{job_id:int}/reports/settle", opt=roles(*STAFF))
async def api_settle_reports(
    request: Request,
    job_id: int,
    data: dict[str, Any],
    db_session: AsyncSession,
    user: User,
    runtime: Runtime,
) -> dict[str, Any]:
    """``{action: dismiss|remove, note}``."""
    if data.get("action") not in ("dismiss", "remove"):
        raise FormError({"action": Message(N_("Please choose one of the options."))})
    job = await FeedbackService(db_session).settle(
        check_id(job_id),
        user,
        remove=data["action"] == "remove",
        note=data.get("note") if isinstance(data.get("note"), str) else "",
    )
    runtime.indexer.kick()
    return job_json(job, user, lang_of(request))


async def _review(
    job_id: int,
    db_session: AsyncSession,
    user: User,
    runtime: Runtime,
    approve: bool,
    note: str = "",
) -> Job:
    job = await JobService(db_session).review(check_id(job_id), user, approve=approve, note=note)
    runtime.indexer.kick()
    return job


@post("/jobs/{job_id:int}/approve", opt=roles(*STAFF))
async def approve(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template | Redirect:
    try:
        await _review(job_id, db_session, user, runtime, True)
    except FormError:
        pass  # reviewed by a colleague meanwhile; the queue shows the current state
    return Redirect(path="/staff/review")


@post("/jobs/{job_id:int}/reject", opt=roles(*STAFF))
async def reject(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> Redirect:
    data = await form_data(request)
    try:
        await _review(job_id, db_session, user, runtime, False, str(data.get("note") or ""))
    except FormError:
        pass
    return Redirect(path="/staff/review")


@post("/api/v1/jobs/{job_id:int}/approve", opt=roles(*STAFF))
async def api_approve(
    request: Request, job_id: int, db_session: AsyncSession, user: User, runtime: Runtime
) -> dict[str, Any]:
    return job_json(await _review(job_id, db_session, user, runtime, True), user, lang_of(request))


ROUTES = [
    index,
    facets,
    api_search,
    show,
    api_show,
    new,
    trade_suggest,
    create,
    api_create,
    employer_home,
    edit,
    update,
    api_update,
    close,
    reopen,
    api_close,
    api_reopen,
    interest,
    api_interest,
    report,
    api_report,
    review_queue,
    settle_reports,
    api_settle_reports,
    approve,
    reject,
    api_approve,
]
