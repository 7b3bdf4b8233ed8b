"""Jinja filters the templates share."""

from __future__ import annotations

import datetime as dt

import segno
from markupsafe import Markup

from .security import mask_id_number, mask_name, mask_phone


def yuan(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def date_cn(value: dt.date | dt.datetime | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def install_filters(env) -> None:
    env.filters.update(
        yuan=yuan, date_cn=date_cn, mask_id=mask_id_number, mask_name=mask_name, mask_phone=mask_phone, qr_svg=qr_svg
    )


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for ``url`` (segno escapes nothing we pass it: the URL is ours)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=3, border=1))
