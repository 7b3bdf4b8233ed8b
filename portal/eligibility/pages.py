"""The eligibility questionnaire (one question a screen, htmx swapping only the card; every button
is a plain POST too), its results, and the staff list of people a measure newly applies to."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from policies.eligibility import next_question
from policies.facts import FACTS
from policies.ruleset import AIMS

from ..auth import STAFF, public, roles
from ..forms import FormError
from ..htmx import is_partial
from ..i18n import N_, gettext, lang_of
from ..models import User, Worker
from ..web import errors_for, form_data
from . import service
from .answers import EVERYTHING, Answers, hidden_fields, read_answers, step
from .results import group_results
from .schemas import Question
from .staff import new_matches

# The aim the archive's intent suggests (preselected; the person still chooses).
AIM_OF_INTENT = {"business": "business", "local_job": "job"}
EVERYTHING_LABEL = N_("Tell me about every measure")


def question_for(name: str, today: dt.date) -> Question:
    fact = FACTS[name]
    years: list[int] = []
    if fact.kind == "date":
        back = 90 if name == "birth_date" else 40
        years = list(range(today.year, today.year - back, -1))
    return Question(
        name=name,
        kind=fact.kind,
        text=fact.question,
        choices=list(fact.choices.items()),
        years=years,
        maximum=fact.maximum,
    )


def shown(lang: str, name: str, value: Any) -> str:
    """An answer as the person would say it."""
    fact = FACTS[name]
    if fact.kind == "yes_no":
        return gettext(lang, N_("Yes") if value else N_("No"))
    if fact.kind == "choice":
        return fact.choices.get(value, str(value))
    return value.isoformat() if isinstance(value, dt.date) else str(value)


async def _worker(session: AsyncSession, user: User | None) -> Worker | None:
    if user is None or user.role != "worker":
        return None
    return await service.worker_of(session, user.id)


async def _screen(
    request: Request,
    session: AsyncSession,
    answers: Answers,
    today: dt.date,
    **extra: Any,
) -> dict[str, Any]:
    """Everything one screen shows: the next question, or the results once none is left."""
    lang = lang_of(request)
    context: dict[str, Any] = {
        "answers": answers,
        "hidden": hidden_fields(answers),
        "aims": [*AIMS.items(), (EVERYTHING, gettext(lang, EVERYTHING_LABEL))],
        "known": [
            (FACTS[n].question, shown(lang, n, v), n)
            for n, v in answers.facts.items()
            if n not in answers.asked
        ],
        "question": None,
        "groups": None,
        "errors": {},
        # An age nobody typed here came from the archive's birth year: say it may be a year off.
        "notes": [service.AGE_FROM_YEAR] if _age_prefilled(answers) else [],
        "suggested_aim": "",
        **extra,
    }
    if answers.aim:
        name = next_question(answers.facts, today, answers.skipped, aim=answers.aim_filter)
        if name is None:
            ids = await service.measure_ids(session)
            context["groups"] = group_results(answers.facts, today, answers.aim_filter, ids)
        else:
            context["question"] = question_for(name, today)
    return context


def _age_prefilled(answers: Answers) -> bool:
    return "age" in answers.facts and "age" not in answers.asked


def _render(request: Request, context: dict[str, Any], status_code: int = 200) -> Template:
    """The card alone for htmx (swapped in place, so a message shows with 200), else the page."""
    if is_partial(request):
        return Template("eligibility/_card.html", context=context)
    return Template("eligibility/check.html", context=context, status_code=status_code)


@get("/policies/check", opt=public())
async def start(request: Request, db_session: AsyncSession, user: User | None) -> Template:
    """The first screen; a worker's archive fills in what it already settles."""
    today = dt.date.today()
    answers, suggested = Answers(), ""
    worker = await _worker(db_session, user)
    if worker is not None:
        facts, _derived, _notes = await service.worker_facts(db_session, worker, today)
        answers = Answers(facts=facts)
        suggested = AIM_OF_INTENT.get(worker.intent, "")
    context = await _screen(request, db_session, answers, today, suggested_aim=suggested)
    return _render(request, context)


@post("/policies/check", opt=public())
async def answer(request: Request, db_session: AsyncSession, user: User | None) -> Template:
    """One answer (or skip, or back) in; the next question or the results out."""
    today = dt.date.today()
    data = await form_data(request)
    try:
        answers = read_answers(data, today)
    except FormError as exc:
        context = await _screen(request, db_session, Answers(), today)
        return _render(request, {**context, "errors": errors_for(request, exc)}, 400)
    try:
        answers = step(answers, data, today)
    except FormError as exc:
        context = await _screen(request, db_session, answers, today)
        asked = data.get("ask")
        if answers.aim and asked in FACTS:
            context["question"] = question_for(asked, today)  # the same question again
        return _render(request, {**context, "errors": errors_for(request, exc)}, 400)
    worker = await _worker(db_session, user)
    if worker is not None:
        _facts, derived, _notes = await service.worker_facts(db_session, worker, today)
        await service.save_answers(db_session, worker, answers.facts, derived)
    return _render(request, await _screen(request, db_session, answers, today))


@get("/policies/check/result", opt=public())
async def result(
    request: Request, db_session: AsyncSession, user: User | None
) -> Template | Redirect:
    """The results as a page of their own: of the answers in the address, or a worker's saved ones."""
    today = dt.date.today()
    params = {key: request.query_params.get(key) for key in request.query_params}
    worker = await _worker(db_session, user)
    try:
        if any(key.startswith("a_") for key in params):
            answers = read_answers(params, today)
        elif worker is not None and worker.policy_facts is not None:
            facts, _derived, _notes = await service.worker_facts(db_session, worker, today)
            answers = Answers(aim=EVERYTHING, facts=facts)
        else:
            return Redirect(path="/policies/check")
    except FormError:
        return Redirect(path="/policies/check")
    answers = replace(answers, aim=answers.aim or EVERYTHING)
    ids = await service.measure_ids(db_session)
    groups = group_results(answers.facts, today, answers.aim_filter, ids)
    context = {
        "groups": groups,
        "notes": [service.AGE_FROM_YEAR] if _age_prefilled(answers) else [],
    }
    return Template("eligibility/result.html", context=context)


@get("/staff/measures", opt=roles(*STAFF))
async def staff_list(db_session: AsyncSession) -> Template:
    """People a measure began to apply to, newest first, so staff can call them."""
    return Template("eligibility/staff.html", context={"rows": await new_matches(db_session)})


ROUTES = [start, answer, result, staff_list]
