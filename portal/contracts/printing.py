"""A contract on paper: the verification link its QR code carries, the print page, the PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.response import Response

from ..forms import Message
from ..i18n import N_, lang_of
from ..models import Contract
from ..runtime import Runtime
from ..security import sign, unsign
from ..templating import render
from . import pdf

TOKEN_PURPOSE = "contract-verify"
MAX_ID = 2**31 - 1


def verify_path(runtime: Runtime, contract: Contract) -> str:
    token = sign(runtime.settings.secret_key, TOKEN_PURPOSE, str(contract.id))
    return f"/contracts/verify/{token}"


def verify_url(runtime: Runtime, contract: Contract) -> str:
    """The link printed on a contract (QR and text): the configured public address, never the Host header."""
    return runtime.settings.public_base_url + verify_path(runtime, contract)


def verified_id(runtime: Runtime, token: str) -> int | None:
    """The contract id a verification token names, if the portal made the token."""
    value = unsign(runtime.settings.secret_key, TOKEN_PURPOSE, token[:200])
    if value is None or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        return None
    return int(value)


def linker(runtime: Runtime) -> Callable[[Contract], str]:
    """What the templates call as ``verify_url(c)``."""
    return lambda contract: verify_url(runtime, contract)


def print_context(contracts: list[Contract], runtime: Runtime, **more: Any) -> dict[str, Any]:
    return {"contracts": contracts, "verify_url": linker(runtime), **more}


async def pdf_response(
    request: Request, contracts: list[Contract], runtime: Runtime, filename: str
) -> Response:
    """The contracts (two copies each) as one PDF; a render failure says why and changes nothing."""
    step = pdf.CHUNK
    parts = [
        render(
            request,
            "contracts/print.html",
            print_context(contracts[i : i + step], runtime, pdf=True),
        )
        for i in range(0, max(1, len(contracts)), step)
    ]
    try:
        body = await pdf.render_pdf_parts(parts)
    except pdf.PdfFailed as failed:
        return _failed(request, failed)
    return Response(
        body,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


def _failed(request: Request, failed: pdf.PdfFailed) -> Response:
    why = N_(
        "The PDF could not be made (%(why)s). The contract is kept; print the web page instead."
    )
    message = Message(why, {"why": str(failed)[:120]}).render(lang_of(request))
    return Response(message, status_code=503, media_type="text/plain; charset=utf-8")
