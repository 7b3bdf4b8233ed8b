"""A contract on paper: the verification link its QR code carries, the print page, the PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from litestar import Request
from litestar.response import Response

from ..documents.render import RenderFailed, render, render_joined
from ..forms import Message
from ..i18n import N_, gettext, lang_of
from ..models import Contract
from ..runtime import Runtime
from ..security import sign, unsign
from . import document

TOKEN_PURPOSE = "contract-verify"
MAX_ID = 2**31 - 1
# Contracts per compile of a long PDF. Typst's cache keeps what its last ~10 compiles laid out, so
# memory grows with ten parts, not one: parts of 50 contracts peaked at 540 MB for a fair of 500,
# parts of 20 at 370 MB, parts of 10 at 295 MB (scripts/bench_pdf.py). Smaller parts repeat the
# font subset more often: 4.7 MB for the fair in parts of 10, against 3.0 MB in parts of 50.
PART = 10


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


def sheeter(runtime: Runtime) -> Callable[[Contract], dict[str, Any]]:
    """What the templates call as ``sheet(c)``: the contract's printed words and its verify link."""
    return lambda contract: document.sheet(contract, verify_url(runtime, contract))


def print_context(contracts: list[Contract], runtime: Runtime) -> dict[str, Any]:
    return {"contracts": contracts, "sheet": sheeter(runtime), "wording": document.WORDING}


def pdf_data(contracts: list[Contract], runtime: Runtime, lang: str) -> dict[str, Any]:
    """What ``templates/contract.typ`` reads: the wording once, then each contract with its QR."""
    sheet = sheeter(runtime)
    return {
        "wording": document.WORDING,
        "scan": gettext(lang, "Scan to verify"),
        "contracts": [{**s, "qr": s["verify_url"]} for s in map(sheet, contracts)],
    }


def contract_pdf(contracts: list[Contract], runtime: Runtime, lang: str = "zh") -> bytes:
    """The contracts, two copies each, as one PDF (synchronous: call it from a worker thread).

    More than ``PART`` contracts (a fair's print run) are compiled ``PART`` at a time and joined:
    one compile holds all its pages in memory, so the peak stays that of one part."""
    if len(contracts) <= PART:
        return render("contract", pdf_data(contracts, runtime, lang))
    parts = (contracts[i : i + PART] for i in range(0, len(contracts), PART))
    return render_joined("contract", (pdf_data(part, runtime, lang) for part in parts))


async def pdf_response(
    request: Request, contracts: list[Contract], runtime: Runtime, filename: str
) -> Response:
    """The contracts (two copies each) as one PDF; a render failure says why and changes nothing."""
    try:
        lang = lang_of(request)
        body = await anyio.to_thread.run_sync(contract_pdf, contracts, runtime, lang)
    except RenderFailed as failed:
        return _failed(request, failed)
    return Response(
        body,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


def _failed(request: Request, failed: RenderFailed) -> Response:
    why = N_(
        "The PDF could not be made (%(why)s). The contract is kept; print the web page instead."
    )
    message = Message(why, {"why": str(failed)[:120]}).render(lang_of(request))
    return Response(message, status_code=503, media_type="text/plain; charset=utf-8")
