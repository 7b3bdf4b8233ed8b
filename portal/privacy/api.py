"""The worker's data rights as JSON: a copy of everything held, the say on sharing, deletion."""

from __future__ import annotations

from typing import Any

from litestar import Request, delete, get, post
from litestar.response import Response

from ..auth import WORKER, roles
from ..models import User
from ..runtime import Runtime
from ..web import body, client_ip
from .schemas import ConsentForm, Deleted, DeleteForm, SharingAnswer
from .service import PrivacyService, parse_delete

DOWNLOAD = 'attachment; filename="my-data.json"'


@get("/api/v1/me/export", opt=roles(*WORKER))
async def api_export(user: User, privacy_service: PrivacyService) -> Response[dict[str, Any]]:
    """Everything the portal holds about the worker, and who (role and station) read the archive
    when; sent as a file to keep."""
    held = await privacy_service.export(user)
    return Response(held, headers={"content-disposition": DOWNLOAD})


@post("/api/v1/me/consent", opt=roles(*WORKER))
async def api_consent(
    data: ConsentForm, user: User, privacy_service: PrivacyService
) -> SharingAnswer:
    """400 with ``errors.consent`` for an account without an archive."""
    worker = await privacy_service.share(user, data.consent)
    return SharingAnswer(shared=worker.is_shared)


@delete("/api/v1/me", opt=roles(*WORKER), status_code=200)
async def api_delete(
    request: Request,
    data: DeleteForm,
    user: User,
    privacy_service: PrivacyService,
    runtime: Runtime,
) -> Deleted:
    """400 with ``errors.password`` for a wrong password (nothing is deleted); 429 after too many."""
    password = parse_delete(body(data), confirm=False)
    address = client_ip(request, runtime.settings.trusted_proxies)
    await privacy_service.delete_account(user, password, address)
    request.clear_session()
    return Deleted()


ROUTES = [api_export, api_consent, api_delete]
