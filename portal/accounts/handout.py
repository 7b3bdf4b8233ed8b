"""Staff hand a worker a one-time code for their archive: to claim it with a new account, or to get
back into the account. The code is shown once, big, with a slip to print; only its hash is kept."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, post
from litestar.response import Response, Template

from ..auth import STAFF, roles
from ..contracts.states import COUNTY_LANG
from ..documents.claim_slip import claim_slip_pdf_async
from ..errors import NotFound
from ..forms import FormError, Reader
from ..i18n import gettext
from ..models import User, local_date
from ..reference import BUREAU
from ..runtime import Runtime
from ..security import mask_name
from ..web import body, check_id, errors_for, form_data
from ..workers.service import WorkerService
from .codes import PURPOSES, AccessCodes, Issued, read_code, shown
from .schemas import CodeCard, CodeForm


def _purpose(raw: dict[str, Any]) -> str:
    r = Reader(raw)
    purpose = r.choice("purpose", PURPOSES)
    r.done()
    return purpose


def register_url(runtime: Runtime, code: str) -> str:
    return f"{runtime.settings.public_base_url}/register?code={quote(code)}"


async def _issue(
    worker_id: int, raw: dict[str, Any], user: User, workers: WorkerService, runtime: Runtime
) -> tuple[Issued, str]:
    purpose = _purpose(raw)
    worker = await workers.get(check_id(worker_id))
    codes = AccessCodes(workers.session, runtime.settings.secret_key)
    return await codes.issue(worker, purpose, user), purpose


@post("/workers/{worker_id:int}/codes", opt=roles(*STAFF))
async def hand_out(
    request: Request, worker_id: int, user: User, worker_service: WorkerService, runtime: Runtime
) -> Template:
    """The code on screen, big, to read aloud or print as a slip with a QR to sign up with."""
    try:
        issued, purpose = await _issue(
            worker_id, await form_data(request), user, worker_service, runtime
        )
    except FormError as exc:
        worker = await worker_service.get(worker_id)
        context = {"worker": worker, "errors": errors_for(request, exc)}
        return Template("accounts/code_refused.html", context=context, status_code=400)
    context = {
        "issued": issued,
        "code": shown(issued.code),
        "purpose": purpose,
        "masked_name": mask_name(issued.worker.name),
        "register_url": register_url(runtime, issued.code) if purpose == "claim" else "",
    }
    return Template("accounts/code.html", context=context)


@post("/api/v1/workers/{worker_id:int}/codes", opt=roles(*STAFF), status_code=201)
async def api_hand_out(
    worker_id: int, data: CodeForm, user: User, worker_service: WorkerService, runtime: Runtime
) -> CodeCard:
    """A one-time code for the archive: ``claim`` (an archive without an account; the slip's QR
    opens ``register_url``) or ``reset`` (an archive with an account). Valid 14 days, one use;
    earlier unused codes of the purpose stop working; the handing out is audited."""
    issued, purpose = await _issue(worker_id, body(data), user, worker_service, runtime)
    return CodeCard(
        code=shown(issued.code),
        purpose=purpose,
        expires_at=issued.expires_at,
        register_url=register_url(runtime, issued.code) if purpose == "claim" else None,
    )


@post("/workers/{worker_id:int}/codes/slip", opt=roles(*STAFF), status_code=200)
async def slip(
    request: Request, worker_id: int, worker_service: WorkerService, runtime: Runtime
) -> Response:
    """The claim slip as a PDF to print (A6): the code posted back from the page that showed it,
    checked against its hash (only a code that still works prints)."""
    typed = (await form_data(request)).get("code")
    worker = await worker_service.get(check_id(worker_id))
    codes = AccessCodes(worker_service.session, runtime.settings.secret_key)
    row = await codes.find_live(worker, typed, "claim")
    if row is None:
        raise NotFound
    code = read_code(typed) or ""
    pdf = await claim_slip_pdf_async(
        {
            "code": code,
            "name_masked": mask_name(worker.name),
            "station_name": worker.station.name if worker.station else gettext(COUNTY_LANG, BUREAU),
            "expires_on": local_date(row.expires_at),
            "register_url": register_url(runtime, code),
        }
    )
    headers = {"content-disposition": 'inline; filename="claim-slip.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


ROUTES = [hand_out, api_hand_out, slip]
