"""The search vocabulary page: staff add words that mean the same, and see how a query is read."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from ..auth import STAFF, roles
from ..catalogue.search import clean_query
from ..forms import FormError
from ..models import User
from ..runtime import Runtime
from ..web import check_id, errors_for, form_data
from .service import KINDS, VocabularyService, parse_group_form


async def _context(
    service: VocabularyService, runtime: Runtime, values: dict, errors: dict, trial: str = ""
) -> dict[str, Any]:
    lexicon = runtime.vocabulary.lexicon
    read = lexicon.read(clean_query(trial)) if trial else None
    return {
        "staff_groups": await service.staff_groups(),
        "file_groups": [g for g in lexicon.groups if g.origin == "file"],
        "kinds": KINDS,
        "values": values,
        "errors": errors,
        "trial": trial[:100],
        "read": read,
        "expanded": [(w, lexicon.expand(w)) for w in read.text.split()] if read else [],
    }


@get("/staff/vocabulary", opt=roles(*STAFF))
async def index(
    request: Request, vocabulary_service: VocabularyService, runtime: Runtime
) -> Template:
    trial = str(request.query_params.get("try") or "")
    context = await _context(vocabulary_service, runtime, {}, {}, trial)
    return Template("staff/vocabulary.html", context=context)


@post("/staff/vocabulary", opt=roles(*STAFF))
async def create(
    request: Request, vocabulary_service: VocabularyService, user: User, runtime: Runtime
) -> Template | Redirect:
    data = await form_data(request)
    try:
        await vocabulary_service.add(user, parse_group_form(data))
    except FormError as exc:
        context = await _context(vocabulary_service, runtime, data, errors_for(request, exc))
        return Template("staff/vocabulary.html", context=context, status_code=400)
    return Redirect(path="/staff/vocabulary")


@post("/staff/vocabulary/{group_id:int}/delete", opt=roles(*STAFF))
async def delete(group_id: int, vocabulary_service: VocabularyService) -> Redirect:
    await vocabulary_service.remove(check_id(group_id))
    return Redirect(path="/staff/vocabulary")


ROUTES = [index, create, delete]
