"""The share kit's poster: a PNG 1080 px wide made with Typst (``documents/templates/poster.typ``),
with the page's title, wage, place and key facts, the QR code of the tracked link, and who to call."""

from __future__ import annotations

from ..documents.render import render_async
from ..i18n import N_, gettext
from ..reference import BUREAU
from .share import Shared

WIDTH_PX = 1080  # a phone group shows a picture this wide without scaling it up
PAGE_PT = 270  # the template's page width
PPI = WIDTH_PX / (PAGE_PT / 72)  # 288: the page comes out exactly WIDTH_PX pixels wide
FACTS_MAX = 4
FACT_CHARS = 60
SCAN = N_("Scan to open and sign up")


def poster_data(shared: Shared, link: str, call: tuple[str, str], lang: str) -> dict:
    facts = [f if len(f) <= FACT_CHARS else f[: FACT_CHARS - 1] + "…" for f in shared.facts if f]
    return {
        "label": shared.label,
        "title": shared.title,
        "wage": shared.wage,
        "place": shared.place,
        "facts": facts[:FACTS_MAX],
        "link": link,
        "qr": link,  # the render process draws it
        "scan": gettext(lang, SCAN),
        "call_name": call[0],
        "call_phone": call[1],
        "footer": gettext(lang, BUREAU),
    }


async def poster_png(shared: Shared, link: str, call: tuple[str, str], lang: str) -> bytes:
    return await render_async("poster", poster_data(shared, link, call, lang), "png", PPI)
