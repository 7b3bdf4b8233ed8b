"""Publishing and reading hometown news; photos are kept as files under var_dir/news."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import NotFound
from ..models import NewsItem, User
from ..runtime import Runtime
from .forms import NewsForm

PHOTO_NAME = re.compile(r"[0-9a-f]{16}\.(jpg|png)")


class NewsService:
    def __init__(self, session: AsyncSession, photo_dir: Path) -> None:
        self.session, self.photo_dir = session, photo_dir

    async def publish(self, form: NewsForm, staff: User) -> NewsItem:
        name = self._keep_photo(form) if form.photo else ""
        item = NewsItem(
            title=form.title,
            body=form.body,
            kind=form.kind,
            station_id=form.station_id,
            photo=name,
            created_by_id=staff.id,
        )
        self.session.add(item)
        try:
            await self.session.commit()
        except Exception:
            if name:
                (self.photo_dir / name).unlink(missing_ok=True)
            raise
        return await self.get(item.id)

    def _keep_photo(self, form: NewsForm) -> str:
        """A name of our own making: nothing the client sent becomes part of a path."""
        self.photo_dir.mkdir(parents=True, exist_ok=True)
        name = f"{secrets.token_hex(8)}.{form.photo_ext}"
        (self.photo_dir / name).write_bytes(form.photo)
        return name

    def photo_path(self, name: str) -> Path:
        if not PHOTO_NAME.fullmatch(name) or not (self.photo_dir / name).is_file():
            raise NotFound
        return self.photo_dir / name

    async def get(self, news_id: int) -> NewsItem:
        item = await self.session.get(NewsItem, news_id, populate_existing=True)
        if item is None:
            raise NotFound
        return item

    async def latest(self, limit: int = 20, station_id: int | None = None) -> list[NewsItem]:
        query = select(NewsItem).order_by(NewsItem.published_at.desc(), NewsItem.id.desc())
        if station_id is not None:
            query = query.where(NewsItem.station_id == station_id)
        return list(await self.session.scalars(query.limit(limit)))


def photo_dir(runtime: Runtime) -> Path:
    return runtime.settings.var_dir / "news"


async def provide_news_service(db_session: AsyncSession, runtime: Runtime) -> NewsService:
    return NewsService(db_session, photo_dir(runtime))
