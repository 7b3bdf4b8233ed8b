"""The claim slip: a worker's archive was made at a station; the slip carries the one-time code
and the link with which the worker claims it as their own account (``templates/claim_slip.typ``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .render import render, render_async

FIELDS = ("code", "name_masked", "station_name", "expires_on", "register_url")


def slip_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the template reads: the code in two groups of four (easier to copy by eye), the expiry
    date in Chinese, the QR code of the register URL."""
    missing = [name for name in FIELDS if not data.get(name)]
    if missing:
        raise ValueError(f"claim slip without {', '.join(missing)}")
    code = str(data["code"]).upper()
    if len(code) != 8:
        raise ValueError("a claim code has 8 characters")
    on = data["expires_on"]
    on = on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on))
    return {
        "code_groups": [code[:4], code[4:]],
        "name_masked": data["name_masked"],
        "station_name": data["station_name"],
        "expires_cn": f"{on.year}年{on.month}月{on.day}日",
        "register_url": data["register_url"],
        "qr": data["register_url"],  # the render process draws it
    }


def claim_slip_pdf(data: dict[str, Any]) -> bytes:
    """The slip as PDF bytes. ``data``: code, name_masked, station_name, expires_on (a date or
    ``YYYY-MM-DD``), register_url. Raises ValueError for missing or malformed fields."""
    return render("claim_slip", slip_data(data))


def claim_slip_png(data: dict[str, Any]) -> bytes:
    return render("claim_slip", slip_data(data), format="png")


async def claim_slip_pdf_async(data: dict[str, Any]) -> bytes:
    return await render_async("claim_slip", slip_data(data))
