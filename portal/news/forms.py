"""Reading a news item staff publish, and checking its photo is a real JPEG or PNG of modest size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..forms import Reader
from ..i18n import N_
from ..reference import stations

KIND_LABELS = {
    "news": N_("Hometown news"),
    "fair": N_("Job fair announcement"),
    "policy": N_("Policy explained"),
}
TITLE = (4, 60)
BODY = (10, 2000)
# A phone photo sent as JPEG is 0.2-1 MB after the phone's own compression; more is a raw camera
# file a worker's phone would spend its data plan loading.
PHOTO_MAX = 1024 * 1024
LIMITS = {"title": TITLE[1], "body": BODY[1], "photo": PHOTO_MAX}
# The first bytes of each kind of picture the portal keeps, and the file ending it is stored under.
SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class NewsForm:
    title: str
    body: str
    kind: str
    station_id: int | None
    photo: bytes = b""
    photo_ext: str = ""


def photo_kind(data: bytes) -> str | None:
    """ "jpg" or "png" when the bytes begin as that kind of file does, else None."""
    return next((ext for magic, ext in SIGNATURES.items() if data.startswith(magic)), None)


def parse_news(raw: dict[str, Any], photo: bytes = b"") -> NewsForm:
    r = Reader(raw)
    title = r.name("title", min_len=TITLE[0], max_len=TITLE[1])
    body = r.text("body", min_len=BODY[0], max_len=BODY[1])
    kind = r.choice("kind", tuple(KIND_LABELS), default="news")
    station_id = r.integer("station_id", low=1, high=len(stations()), required=False)
    ext = ""
    if photo:
        if len(photo) > PHOTO_MAX:
            r.fail("photo", N_("The photo is too large: at most 1 MB."))
        elif (ext := photo_kind(photo) or "") == "":
            r.fail("photo", N_("The photo must be a JPEG or PNG picture."))
    r.done()
    return NewsForm(title, body, kind, station_id, photo, ext)
