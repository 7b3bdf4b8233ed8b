"""Staff upload an employer's spreadsheet of vacancies at a fair (the page of ``portal import-jobs``)."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth import STAFF, roles
from ..i18n import N_, lang_of
from ..models import User
from ..runtime import Runtime
from .service import MAX_BYTES, ImportRefused, find_employer, import_jobs

SHOWN_ERRORS = 300


@get("/staff/import", opt=roles(*STAFF))
async def page() -> Template:
    return Template("staff/import.html", context={"result": None, "error": None, "code": ""})


@post("/staff/import", opt=roles(*STAFF), request_max_body_size=MAX_BYTES + 64 * 1024)
async def upload(
    request: Request, db_session: AsyncSession, user: User, runtime: Runtime
) -> Template:
    form = await request.form()
    code = form.get("employer") if isinstance(form.get("employer"), str) else ""
    file = form.get("file")
    context = {
        "result": None,
        "error": None,
        "code": code[:40],
        "employer": None,
        "strict": form.get("strict") == "1",
    }
    lang = lang_of(request)
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ImportRefused(N_("Please upload an .xlsx or .csv file."))
        employer = await find_employer(db_session, code)
        data = await file.read()
        result = await import_jobs(
            db_session,
            employer,
            data,
            file.filename,
            await runtime.vocabulary.trades(),
            strict=form.get("strict") == "1",
        )
    except ImportRefused as refused:
        context["error"] = refused.render(lang)
        return Template("staff/import.html", context=context, status_code=400)
    # The whole report rides in the page as a download link: uploading again to fetch it would import twice.
    report = (
        "data:text/csv;charset=utf-8," + quote(result.report_csv(lang)) if result.errors else ""
    )
    context.update(
        report=report,
        result=result,
        employer=employer,
        shown=result.errors[:SHOWN_ERRORS],
        bad_rows=len({e.row for e in result.errors}),
    )
    return Template("staff/import.html", context=context)


ROUTES = [page, upload]
