"""The worker's page about their own data (/me/data): what is held, a download of all of it, the
switch that shows or hides the archive from employers, who read it, and deleting the account."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from ..accounts.service import MAX_PASSWORD
from ..auth import WORKER, roles
from ..forms import FormError
from ..i18n import N_
from ..models import User
from ..reference import BUREAU
from ..runtime import Runtime
from ..web import client_ip, errors_for, form_data
from .service import PrivacyService, parse_consent, parse_delete

ROLE_LABELS = {"staff": N_("Staff"), "admin": N_("Administrator")}
FLASH = {
    "shared": N_("Done: employers can see your archive again."),
    "withdrawn": N_("Done: employers can no longer see your archive."),
}


def local_time(at: dt.datetime) -> str:
    """When, on the worker's clock (SQLite gives a stored moment back without its UTC zone)."""
    moment = at.replace(tzinfo=at.tzinfo or dt.UTC).astimezone()
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


async def _page(
    request: Request, user: User, service: PrivacyService, errors: dict[str, str], status: int = 200
) -> Template:
    worker = await service.archive_of(user)
    reads = await service.reads(worker) if worker else []
    context: dict[str, Any] = {
        "worker": worker,
        "reads": [
            {
                "at": local_time(r["at"]),
                "role": ROLE_LABELS.get(r["role"], N_("Staff")),
                "station": r["station"] or BUREAU,  # staff of no station work at the bureau
                "station_is_msgid": not r["station"],  # a station's own name is not translated
            }
            for r in reads
        ],
        "errors": errors,
        "flash": FLASH.get(str(request.query_params.get("done") or "")),
        "max_password": MAX_PASSWORD,
    }
    return Template("privacy/data.html", context=context, status_code=status)


@get("/me/data", opt=roles(*WORKER))
async def my_data(request: Request, user: User, privacy_service: PrivacyService) -> Template:
    return await _page(request, user, privacy_service, {})


@post("/me/consent", opt=roles(*WORKER))
async def consent(
    request: Request, user: User, privacy_service: PrivacyService
) -> Template | Redirect:
    try:
        shared = parse_consent(await form_data(request))
        await privacy_service.share(user, shared)
    except FormError as exc:
        return await _page(request, user, privacy_service, errors_for(request, exc), 400)
    return Redirect(path=f"/me/data?done={'shared' if shared else 'withdrawn'}")


@post("/me/delete", opt=roles(*WORKER))
async def delete_account(
    request: Request, user: User, privacy_service: PrivacyService, runtime: Runtime
) -> Template | Redirect:
    """The password and the tick; then the session ends and the home page says it is done."""
    data = await form_data(request)
    try:
        password = parse_delete(data, confirm=True)
        address = client_ip(request, runtime.settings.trusted_proxies)
        await privacy_service.delete_account(user, password, address)
    except FormError as exc:
        return await _page(request, user, privacy_service, errors_for(request, exc), 400)
    request.clear_session()
    return Redirect(path="/?done=deleted")


ROUTES = [my_data, consent, delete_account]
