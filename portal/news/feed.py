"""Atom 1.0 feeds of hometown news (RFC 4287): the county's at /news.atom, one per station at
/stations/{id}/news.atom, for feed readers and other county sites. Made with feedgen."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator
from litestar import get
from litestar.response import Response

from ..auth import public
from ..contracts.states import COUNTY_LANG
from ..errors import NotFound
from ..i18n import gettext
from ..models import NewsItem, aware
from ..reference import BUREAU, stations
from ..runtime import Runtime
from .service import NewsService

ATOM = "application/atom+xml; charset=utf-8"
ENTRIES = 50
COUNTY = gettext(COUNTY_LANG, BUREAU)  # the feeds are written in Chinese
# An empty feed still needs "updated": a fixed moment before any item, so it never changes.
EMPTY_UPDATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def atom(base: str, items: list[NewsItem], title: str, self_path: str, page: str) -> bytes:
    """The feed's id is its own address; each entry's id is the address of its page, which never
    changes, so readers do not show an item twice."""
    fg = FeedGenerator()
    fg.id(base + self_path)
    fg.title(title)
    fg.author({"name": COUNTY})
    fg.link(href=base + page, rel="alternate", type="text/html")
    fg.link(href=base + self_path, rel="self", type="application/atom+xml")
    fg.language("zh-CN")
    fg.updated(aware(items[0].published_at) if items else EMPTY_UPDATED)
    for item in reversed(items):  # feedgen puts each new entry first
        entry = fg.add_entry()
        url = f"{base}/news/{item.id}"
        entry.id(url)
        entry.title(item.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(aware(item.published_at))
        entry.updated(aware(item.published_at))
        entry.content(item.body, type="text")
        if item.photo:
            entry.link(href=f"{base}/news/photos/{item.photo}", rel="enclosure")
    return fg.atom_str(pretty=True)


@get("/news.atom", opt=public())
async def county(news_service: NewsService, runtime: Runtime) -> Response:
    items = await news_service.latest(ENTRIES)
    body = atom(
        runtime.settings.public_base_url, items, f"{COUNTY} · 家乡动态", "/news.atom", "/news"
    )
    return Response(body, media_type=ATOM)


@get("/stations/{station_id:int}/news.atom", opt=public())
async def station(station_id: int, news_service: NewsService, runtime: Runtime) -> Response:
    if not 1 <= station_id <= len(stations()):
        raise NotFound
    items = await news_service.latest(ENTRIES, station_id)
    name = stations()[station_id - 1]["name"]
    path = f"/stations/{station_id}/news.atom"
    body = atom(runtime.settings.public_base_url, items, name, path, f"/news?station={station_id}")
    return Response(body, media_type=ATOM)


ROUTES = [county, station]
