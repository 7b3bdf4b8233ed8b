"""What the home page shows: the county's front door on a phone (the handler is health.home)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import read_occupations

from .events.calendar import upcoming
from .jobs.states import JobStatus
from .models import Job, NewsItem
from .reference import stations

TRADES = 10  # one tap each: more would push the vacancies below the fold
NEWEST = 5
EVENTS = 3
NEWS = 3


@cache
def occupation_names() -> dict[str, str]:
    return {o.code: o.name for o in read_occupations()[0]}


async def top_trades(session: AsyncSession, limit: int = TRADES) -> list[str]:
    """The trades with the most published vacancies, the most first, by their names."""
    posted = func.count(Job.id)
    query = (
        select(Job.trade_code, posted)
        .where(Job.status == JobStatus.PUBLISHED, Job.trade_code != "")
        .group_by(Job.trade_code)
        .order_by(posted.desc(), Job.trade_code)
        .limit(limit)
    )
    names = occupation_names()
    return [names[code] for code, _n in (await session.execute(query)).all() if code in names]


async def front_door(session: AsyncSession) -> dict[str, Any]:
    newest = select(Job).where(Job.status == JobStatus.PUBLISHED)
    newest = newest.order_by(Job.created_at.desc(), Job.id.desc()).limit(NEWEST)
    news = select(NewsItem).order_by(NewsItem.published_at.desc(), NewsItem.id.desc()).limit(NEWS)
    return {
        "trades": await top_trades(session),
        "newest": list(await session.scalars(newest)),
        "events": await upcoming(session, EVENTS),
        "news": list(await session.scalars(news)),
        "stations": list(enumerate(stations(), start=1)),
    }
