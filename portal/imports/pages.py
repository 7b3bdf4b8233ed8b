"""Staff upload an employer's spreadsheet of vacancies at a fair (the page of ``portal import-jobs``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template

from ..auth import STAFF, roles
from ..i18n import N_, lang_of
from ..runtime import Runtime
from .service import (
    HEADING,
    MAX_BYTES,
    OPTIONAL,
    REQUIRED,
    ImportRefused,
    ImportResult,
    ImportService,
)

SHOWN_ERRORS = 300


# The columns the page names, from the importer's own lists (a column added there shows here).
COLUMNS = {
    "required": "、".join(HEADING[f] for f in REQUIRED),
    "optional": "、".join(HEADING[f] for f in OPTIONAL),
}


@get("/staff/import", opt=roles(*STAFF))
async def page() -> Template:
    context = {"result": None, "error": None, "code": "", "columns": COLUMNS}
    return Template("staff/import.html", context=context)


@post("/staff/import", opt=roles(*STAFF), request_max_body_size=MAX_BYTES + 64 * 1024)
async def upload(request: Request, import_service: ImportService, runtime: Runtime) -> Template:
    form = await request.form()
    code = form.get("employer") if isinstance(form.get("employer"), str) else ""
    file = form.get("file")
    strict = form.get("strict") == "1"
    context = {
        "result": None,
        "error": None,
        "code": code[:40],
        "employer": None,
        "strict": strict,
        "columns": COLUMNS,
    }
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ImportRefused(N_("Please upload an .xlsx or .csv file."))
        trades = await runtime.vocabulary.trades()
        data = await file.read()
        employer, result = await import_service.upload(
            code, data, file.filename, trades, strict=strict
        )
    except ImportRefused as refused:
        context["error"] = refused.render(lang_of(request))
        return Template("staff/import.html", context=context, status_code=400)
    context.update(_report(result, lang_of(request)), result=result, employer=employer)
    return Template("staff/import.html", context=context)


def _report(result: ImportResult, lang: str) -> dict[str, Any]:
    """The rows in error: the first SHOWN_ERRORS on the page, all of them in a download link (the
    whole report rides in the page: uploading again to fetch it would import twice)."""
    csv = result.report_csv(lang)
    return {
        "report": "data:text/csv;charset=utf-8," + quote(csv) if result.errors else "",
        "shown": result.errors[:SHOWN_ERRORS],
        "bad_rows": len({e.row for e in result.errors}),
    }


ROUTES = [page, upload]
