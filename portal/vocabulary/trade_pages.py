"""Suggesting the trade for a free-text title or skill (the posting and archive forms ask as one types)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get

from ..auth import public
from ..runtime import Runtime

MAX_TEXT = 100


@get("/api/v1/trades/classify", opt=public())
async def classify(request: Request, runtime: Runtime) -> dict[str, Any]:
    """``{matches: [{code, name, confidence}]}``, best first; empty for text that names no trade."""
    text = str(request.query_params.get("text") or "")[: MAX_TEXT * 4]
    matches = (await runtime.vocabulary.trades()).classify(text[:MAX_TEXT], limit=5)
    return {"matches": [m.__dict__ for m in matches]}


ROUTES = [classify]
