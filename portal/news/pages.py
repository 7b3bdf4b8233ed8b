"""Hometown news as pages: the list and an item for everyone, the form for staff, the photos."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import CacheControlHeader, UploadFile
from litestar.response import File, Redirect, Template

from ..auth import STAFF, public, roles
from ..forms import FormError
from ..models import User
from ..reference import stations
from ..web import check_id, errors_for
from .forms import KIND_LABELS, LIMITS, PHOTO_MAX, PHOTO_TYPES, parse_news
from .service import NewsService

# A photo's name is new for every upload, so a browser may keep it as long as it likes.
PHOTO_CACHE = CacheControlHeader(public=True, max_age=365 * 24 * 3600, immutable=True)
# The form's text fields beside the photo: 2,000 characters of body are at most 8 KB.
FORM_ROOM = 64 * 1024


def _common() -> dict:
    return {"kind_labels": KIND_LABELS, "stations": stations(), "limits": LIMITS}


@get("/news", opt=public())
async def index(news_service: NewsService, station: int | None = None) -> Template:
    station_id = station if station and 1 <= station <= len(stations()) else None
    items = await news_service.latest(50, station_id)
    context = {**_common(), "items": items, "station_id": station_id}
    return Template("news/index.html", context=context)


@get("/news/{news_id:int}", opt=public())
async def show(news_id: int, news_service: NewsService, user: User | None) -> Template:
    item = await news_service.get(check_id(news_id))
    is_staff = user is not None and user.role in STAFF
    return Template("news/show.html", context={**_common(), "item": item, "is_staff": is_staff})


def _form(values: dict, errors: dict, status_code: int = 200) -> Template:
    context = {**_common(), "values": values, "errors": errors}
    return Template("news/new.html", context=context, status_code=status_code)


@get("/news/new", opt=roles(*STAFF))
async def new() -> Template:
    return _form({"kind": "news"}, {})


async def _read_form(request: Request) -> tuple[dict, bytes]:
    form = await request.form()
    values = {k: v for k, v in ((k, form.getall(k)[-1]) for k in form) if isinstance(v, str)}
    upload = form.get("photo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return values, b""
    return values, await upload.read(PHOTO_MAX + 1)


@post("/news", opt=roles(*STAFF), request_max_body_size=PHOTO_MAX + FORM_ROOM)
async def create(request: Request, news_service: NewsService, user: User) -> Template | Redirect:
    values, photo = await _read_form(request)
    try:
        item = await news_service.publish(parse_news(values, photo), user)
    except FormError as exc:
        return _form(values, errors_for(request, exc), 400)
    return Redirect(path=f"/news/{item.id}")


@get("/news/photos/{name:str}", opt=public(), cache_control=PHOTO_CACHE)
async def photo(name: str, news_service: NewsService) -> File:
    path = news_service.photo_path(name)
    return File(path, media_type=PHOTO_TYPES[path.suffix[1:]], content_disposition_type="inline")


ROUTES = [index, new, show, create, photo]
