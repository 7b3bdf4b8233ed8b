"""A share kit for a public page: copy-ready text for a phone group (at most 300 characters: what,
where, wage, who to call, and the tracked link) and the facts its poster shows.

Only four kinds of page can be shared, each only when it exists and the public may open it: a
vacancy (/jobs/7), an event (/calendar/3), a measure (/policies/12) and a news item (/news/5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure

from ..errors import NotFound
from ..events.service import KIND_LABELS as EVENT_KINDS
from ..forms import FormError, Message
from ..i18n import N_, gettext
from ..jobs.service import JobService
from ..models import Event, Job, NewsItem, PhoneGroup
from ..news.forms import KIND_LABELS as NEWS_KINDS
from ..reference import stations
from ..templating import date_cn
from .service import GroupService

TEXT_MAX = 300  # what one phone-group message should hold: read whole without "show more"
PATH = re.compile(r"/(jobs|calendar|policies|news)/([1-9][0-9]{0,8})")
# When neither the group nor the page names a station: the national human resources hotline,
# which every county's bureau answers.
HOTLINE = "12333"
NOT_SHAREABLE = N_(
    "Only a vacancy, an event, a policy or a news item can be shared, "
    "e.g. /jobs/7, /calendar/3, /policies/12 or /news/5."
)
NO_GROUP = N_("No phone group has this code.")
HIRING, POLICY, CALL = N_("Hiring"), N_("Policy"), N_("Phone for enquiries")
WANTED, HOUSING, MEALS = N_("%(n)s wanted"), N_("Housing"), N_("Meals")
NO_WAGE = N_("Wage not stated")
WAGE_UNITS = {
    "month": N_("yuan/month"),
    "day": N_("yuan/day"),
    "piece": N_("yuan/month, piece-rate estimate"),
}


@dataclass(frozen=True)
class Shared:
    """What a share kit says about one page, in the reader's language."""

    path: str
    label: str  # 招工 / 招聘会 / 政策 / 家乡动态
    title: str
    wage: str = ""
    place: str = ""
    facts: list[str] = field(default_factory=list)
    station_id: int | None = None


def wage_text(job: Job, lang: str) -> str:
    """A vacancy's wage with its unit, worded as every page words it (templates/macros/wage.html)."""
    if not job.wage_max:
        return gettext(lang, NO_WAGE)
    unit = gettext(lang, WAGE_UNITS.get(job.wage_unit) or WAGE_UNITS["month"])
    return f"{job.wage_min:,}–{job.wage_max:,} {unit}"


def parse_path(path: object) -> tuple[str, int]:
    match = PATH.fullmatch(path) if isinstance(path, str) else None
    if match is None:
        raise FormError({"path": Message(NOT_SHAREABLE)})
    return match.group(1), int(match.group(2))


async def load(session: AsyncSession, path: object, lang: str) -> Shared:
    """The page behind ``path``; FormError for a path of another kind, NotFound for one that does
    not exist or that the public may not open."""
    kind, item_id = parse_path(path)
    return await LOADERS[kind](session, item_id, lang)


async def _job(session: AsyncSession, job_id: int, lang: str) -> Shared:
    job = await JobService(session).visible(job_id, None)
    facts = [gettext(lang, WANTED, n=job.headcount), job.employer.name]
    facts += [
        gettext(lang, w) for w, has in ((HOUSING, job.has_housing), (MEALS, job.has_meals)) if has
    ]
    return Shared(
        path=f"/jobs/{job.id}",
        label=gettext(lang, HIRING),
        title=job.title,
        wage=wage_text(job, lang),
        place=job.township.name,
        facts=facts,
    )


async def _event(session: AsyncSession, event_id: int, lang: str) -> Shared:
    event = await session.get(Event, event_id)
    if event is None:
        raise NotFound
    return Shared(
        path=f"/calendar/{event.id}",
        label=gettext(lang, EVENT_KINDS[event.kind]),
        title=event.title,
        place=event.place,
        facts=[date_cn(event.held_on)],
        station_id=event.station_id,
    )


async def _measure(session: AsyncSession, measure_id: int, lang: str) -> Shared:
    measure = await session.get(Measure, measure_id)
    if measure is None:
        raise NotFound
    return Shared(
        path=f"/policies/{measure.id}",
        label=gettext(lang, POLICY),
        title=measure.title,
        facts=[measure.summary, measure.department],
    )


async def _news(session: AsyncSession, news_id: int, lang: str) -> Shared:
    item = await session.get(NewsItem, news_id)
    if item is None:
        raise NotFound
    return Shared(
        path=f"/news/{item.id}",
        label=gettext(lang, NEWS_KINDS[item.kind]),
        title=item.title,
        facts=[" ".join(item.body.split())],
        station_id=item.station_id,
    )


LOADERS = {"jobs": _job, "calendar": _event, "policies": _measure, "news": _news}


def phone_for(group: PhoneGroup | None, shared: Shared) -> tuple[str, str]:
    """Who to call: the group's station, else the page's station, else the national hotline."""
    station_id = (group.station_id if group else None) or shared.station_id
    if station_id and 1 <= station_id <= len(stations()):
        station = stations()[station_id - 1]
        return station["name"], station["phone"]
    return "", HOTLINE


def link_for(base_url: str, path: str, group: PhoneGroup | None) -> str:
    return base_url + path + (f"?g={group.code}" if group else "")


def compose(shared: Shared, call: str, link: str, lang: str, limit: int = TEXT_MAX) -> str:
    """Head (what, where, wage), the facts, who to call and the link; the facts are cut first, then
    the head, so the phone and the link always arrive whole."""
    head = f"【{shared.label}】" + " · ".join(
        p for p in (shared.title, shared.place, shared.wage) if p
    )
    tail = f"{gettext(lang, CALL)}: {call}\n{link}"
    middle = "，".join(f for f in shared.facts if f)
    room = limit - len(tail) - 2  # two line breaks
    if len(head) > room:
        head = head[: max(room - 1, 0)] + "…"
    room -= len(head)
    if len(middle) > room:
        middle = middle[: room - 1] + "…" if room >= 2 else ""
    return "\n".join(part for part in (head, middle, tail) if part)


@dataclass(frozen=True)
class Kit:
    shared: Shared
    group: PhoneGroup | None
    call: tuple[str, str]  # the station's name (or ""), and the phone
    link: str
    text: str

    @property
    def poster_url(self) -> str:
        params = {"path": self.shared.path, **({"group": self.group.code} if self.group else {})}
        return "/share/poster.png?" + urlencode(params)


async def make_kit(
    session: AsyncSession, path: object, group_code: object, lang: str, base_url: str
) -> Kit:
    """The kit for ``path`` posted in the group with ``group_code`` (none: an untracked link)."""
    shared = await load(session, path, lang)
    group = None
    if group_code:
        group = await GroupService(session).by_code(group_code)
        if group is None:
            raise FormError({"group": Message(NO_GROUP)})
    call = phone_for(group, shared)
    link = link_for(base_url, shared.path, group)
    text = compose(shared, " ".join(p for p in call if p), link, lang)
    return Kit(shared, group, call, link, text)
