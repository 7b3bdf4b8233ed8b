"""Jinja filters the templates share."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from markupsafe import Markup

import matching

from .contracts import states as contract_states
from .documents import qr
from .employers import states as employer_states
from .jobs import states as job_states
from .security import mask_id_number, mask_name, mask_phone


def yuan(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def date_cn(value: dt.date | dt.datetime | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def month_cn(value: dt.date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月"


def install_filters(env) -> None:
    env.filters.update(
        yuan=yuan,
        date_cn=date_cn,
        month_cn=month_cn,
        mask_id=mask_id_number,
        mask_name=mask_name,
        mask_phone=mask_phone,
        qr_svg=qr_svg,
        fit_band=matching.fit_band,
    )
    env.globals["static_url"] = static_url


STATIC = Path(__file__).resolve().parents[1] / "static"


@cache
def static_url(path: str) -> str:
    """``/static/<path>?v=<hash of the file>``: browsers may keep it a year, a changed file is a new URL."""
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:12]
    return f"/static/{path}?v={digest}"


# Fifteen digits in a row or more: a resident ID number (or a fragment long enough to be one).
_ID_LIKE = re.compile(r"\d{15}")


def here_url(request: Any) -> str:
    """This page's address with its query (search words, filters, page), for links back to it such
    as the language switch. A parameter that carries something shaped like an ID number is left
    out: an ID number never travels in a link the portal makes (an old bookmark may carry one)."""
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    params = [(k, v) for k, v in pairs if not _ID_LIKE.search(v)]
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def install_globals(env) -> None:
    """The states of each domain, so a page asks ``job_states.can_close(job.status)`` and shows
    ``_(job_states.LABELS[job.status])`` instead of spelling statuses out again."""
    env.globals.update(
        here_url=here_url,
        job_states=job_states,
        employer_states=employer_states,
        contract_states=contract_states,
    )


def qr_svg(url: str, scale: int = 3) -> Markup:
    """An inline SVG QR code for ``url`` (segno escapes nothing we pass it: the URL is ours)."""
    return Markup(qr.make(url).svg_inline(scale=scale, border=1))
