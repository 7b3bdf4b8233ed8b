"""Page or partial: the one place that decides what an htmx request gets back."""

from __future__ import annotations

from typing import Any

from litestar.response import Template


def is_partial(request) -> bool:
    """htmx asked for a fragment (a boosted navigation still wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def page_or_partial(
    request, page: str, partial: str, context: dict[str, Any], status_code: int = 200
) -> Template:
    name = partial if is_partial(request) else page
    return Template(template_name=name, context=context, status_code=status_code)
