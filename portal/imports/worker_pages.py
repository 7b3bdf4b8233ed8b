"""Staff upload a station's spreadsheet of worker archives (the page of ``portal import-workers``).
The upload answers at once with a page that follows the import's progress until its result."""

from __future__ import annotations

import csv
import io
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from ..auth import STAFF, roles
from ..catalogue.search import clamp_int
from ..errors import NotFound
from ..htmx import page_or_partial
from ..i18n import N_, gettext, lang_of
from ..models import User
from ..reference import stations
from ..runtime import Runtime
from ..sheets import csv_row
from .service import MAX_BYTES, ImportRefused
from .worker_runs import SHOWN, ImportRuns
from .workers import HEADING, OPTIONAL, REQUIRED

COLUMNS = {
    "required": "、".join(HEADING[f] for f in REQUIRED),
    "optional": "、".join(HEADING[f] for f in OPTIONAL),
}


def _runs(request: Request) -> ImportRuns:
    return ImportRuns(request.app.stores.get("imports"))


def _form(user: User, error: str | None = None, values: dict | None = None) -> Template:
    context = {
        "columns": COLUMNS,
        "stations": stations(),
        "error": error,
        "values": values or {"station": user.station_id or ""},
    }
    return Template("staff/import_workers.html", context=context, status_code=400 if error else 200)


@get("/staff/import-workers", opt=roles(*STAFF))
async def page(user: User) -> Template:
    return _form(user)


def _station(value: Any) -> int:
    n = clamp_int(str(value or "")[:6], 0, 10**6, 0) or 0
    if not 1 <= n <= len(stations()):
        raise ImportRefused(N_("Please choose the station the archives belong to."))
    return n


@post("/staff/import-workers", opt=roles(*STAFF), request_max_body_size=MAX_BYTES + 64 * 1024)
async def upload(request: Request, user: User, runtime: Runtime) -> Template | Redirect:
    """Hand the file to a background import and go to the page that follows it."""
    form = await request.form()
    values = {
        "station": form.get("station"),
        "strict": form.get("strict") == "1",
        "dry_run": form.get("dry_run") == "1",
    }
    file = form.get("file")
    try:
        station = _station(values["station"])
        if not isinstance(file, UploadFile) or not file.filename:
            raise ImportRefused(N_("Please upload an .xlsx or .csv file."))
        data = await file.read()
        if len(data) > MAX_BYTES:
            raise ImportRefused(
                N_("The file is larger than %(mb)s MB; split it."), mb=MAX_BYTES // 1024 // 1024
            )
    except ImportRefused as refused:
        return _form(user, refused.render(lang_of(request)), values)
    job = {
        "station_id": station,
        "data": data,
        "filename": file.filename,
        "recorded_by": user.id,
        "strict": values["strict"],
        "dry_run": values["dry_run"],
    }
    token = await _runs(request).start(runtime, job, lang_of(request))
    return Redirect(path=f"/staff/import-workers/{token}")


@get("/staff/import-workers/{token:str}", opt=roles(*STAFF))
async def follow(request: Request, token: str) -> Template:
    """Progress while it runs (htmx asks again every second; without script the page refreshes),
    then the result: counts, the rows in error, the duplicates beside their archives."""
    record = await _runs(request).read(token)
    if record is None:
        raise NotFound
    context = {
        "run": record,
        "token": token,
        "station": stations()[record["station_id"] - 1],
        "shown": SHOWN,
    }
    return page_or_partial(
        request, "staff/import_workers_run.html", "staff/_import_workers_run.html", context
    )


@get("/staff/import-workers/{token:str}/report.csv", opt=roles(*STAFF))
async def report(request: Request, token: str) -> Response:
    """Every error and every duplicate, as CSV Excel opens (UTF-8 with a byte-order mark)."""
    record = await _runs(request).read(token)
    if record is None or record.get("state") != "done":
        raise NotFound
    lang = lang_of(request)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(csv_row(gettext(lang, m) for m in (N_("Row"), N_("Column"), N_("Problem"))))
    for e in record["errors"]:
        writer.writerow(csv_row([e["row"], e["column"], e["problem"]]))
    for d in record["duplicates"]:
        archive = d["archive"]
        problem = gettext(
            lang, N_("Already in archive %(id)s (%(name)s)"), id=archive["id"], name=archive["name"]
        )
        writer.writerow(csv_row([d["row"], d["column"], problem]))
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="archive-import.csv"'},
    )


ROUTES = [page, upload, follow, report]
