"""What the portal already knows of a worker's facts, saving their answers, and 政策找人: telling
people of a measure the day it begins to apply to them.

A worker's facts come in three layers, weakest first: what the archive implies (``archive_facts``),
what they told the questionnaire (``worker.policy_facts``), and records staff keep (``FACT_SOURCES``,
e.g. the businesses registry), which win because they are checked at a window.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from policies.eligibility import evaluate_all
from policies.facts import FACTS, FactError, read_facts
from policies.models import Measure

from ..businesses.facts import business_facts
from ..i18n import N_
from ..inbox.service import MEASURE
from ..models import Business, DailyRun, MeasureMatch, Notice, Worker, utcnow
from ..security import clean_id_number

log = logging.getLogger("portal.eligibility")

FactSource = Callable[[AsyncSession, int], Awaitable[dict[str, Any]]]
# Records staff keep about a worker, as fact name -> value (dates as dates or ISO text). At merge:
# ``from ..businesses.facts import business_facts`` and list it here.
FACT_SOURCES: list[FactSource] = [business_facts]

# Words in a certificate's name that say its level for sure; anything else (焊工证) is asked.
CERTIFICATE_WORDS = (
    ("level3", ("高级工", "三级")),
    ("level4", ("中级工", "四级")),
    ("level5", ("初级工", "五级")),
    ("special_operation", ("特种作业", "专项职业能力")),
)
# The daily pass runs in the web process: every this many archives it gives the event loop back.
YIELD_EVERY = 50
AGE_FROM_YEAR = N_(
    "Your age is worked out from your year of birth only, so it may be one year off."
)


def certificate_level(certificates: Iterable[dict[str, Any]]) -> str | None:
    """The highest level a certificate's name states plainly, or None when none does."""
    names = [str(c.get("name", "")) for c in certificates if isinstance(c, dict)]
    for level, words in CERTIFICATE_WORDS:
        if any(word in name for name in names for word in words):
            return level
    return None


def archive_facts(worker: Worker, today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """Facts the archive settles, and notes (message ids) on those that are approximate.

    Every archive's home township is one of the county's, so the hukou is in the county. The birth
    date is read from a valid ID number; without one the age is today's year minus the birth year.
    Nothing says for sure whether someone came back (intent "business" does not), so that is asked.
    """
    facts: dict[str, Any] = {"hukou_in_county": True}
    notes: list[str] = []
    number = clean_id_number(worker.id_number or "")
    if number:
        facts["birth_date"] = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    elif worker.birth_year:
        facts["age"] = max(0, today.year - worker.birth_year)
        notes.append(AGE_FROM_YEAR)
    level = certificate_level(worker.certificates or [])
    if level is not None:
        facts["certificate"] = level
    return facts, notes


def stored_facts(raw: dict[str, Any] | None) -> dict[str, Any]:
    """Saved answers read again; one that no longer reads (a fact renamed since) is dropped."""
    out: dict[str, Any] = {}
    for name, value in (raw or {}).items():
        try:
            out.update(read_facts({name: value}))
        except FactError:
            log.warning("dropping unreadable saved fact %s", name)
    return out


async def source_facts(
    session: AsyncSession, worker_id: int, sources: Iterable[FactSource]
) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for source in sources:
        raw = await source(session, worker_id)
        facts.update(stored_facts({k: v for k, v in raw.items() if k in FACTS}))
    return facts


async def worker_facts(
    session: AsyncSession,
    worker: Worker,
    on: dt.date,
    sources: Iterable[FactSource] = FACT_SOURCES,
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """All facts known of ``worker`` (layered as the module says), the part that did not come from
    their own answers (not saved as theirs), and notes on approximate ones."""
    derived, notes = archive_facts(worker, on)
    kept = await source_facts(session, worker.id, sources)
    facts = {**derived, **stored_facts(worker.policy_facts), **kept}
    return facts, {**derived, **kept}, notes


def own_answers(facts: dict[str, Any], derived: dict[str, Any]) -> dict[str, Any]:
    """What the person told us beyond what the archive and records say, as the check API's JSON."""
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in facts.items()
        if name not in derived or derived[name] != value
    }


async def save_answers(
    session: AsyncSession, worker: Worker, facts: dict[str, Any], derived: dict[str, Any]
) -> bool:
    """Keep the answers on the archive; when they changed, look at once for measures that now
    apply (the worker hears of them in the inbox). True when something changed."""
    own = own_answers(facts, derived)
    if own == (worker.policy_facts or {}):
        return False
    worker.policy_facts, worker.policy_facts_at = own, utcnow()
    await session.commit()
    await find_people(session, dt.date.today(), worker_ids=[worker.id])
    return True


async def worker_of(session: AsyncSession, user_id: int) -> Worker | None:
    return await session.scalar(select(Worker).where(Worker.user_id == user_id))


async def measure_ids(session: AsyncSession) -> dict[str, int]:
    """Catalogue id by code: a measure's full text is /policies/{id}."""
    rows = await session.execute(select(Measure.code, Measure.id))
    return {code: measure_id for code, measure_id in rows}


async def find_people(
    session: AsyncSession,
    on: dt.date,
    sources: Iterable[FactSource] = FACT_SOURCES,
    worker_ids: Iterable[int] | None = None,
) -> list[MeasureMatch]:
    """政策找人: for every archive with answers (or only ``worker_ids``), the measures that apply
    on ``on`` and had not applied before become a measure_match row and, for a worker with an
    account, one inbox line. Running it again the same day adds nothing."""
    sources = list(sources)
    # Those who answered the questionnaire, and owners of a business the registry knows.
    owners = select(Business.owner_worker_id).where(Business.owner_worker_id.is_not(None))
    query = select(Worker).where(or_(Worker.policy_facts.is_not(None), Worker.id.in_(owners)))
    if worker_ids is not None:
        query = query.where(Worker.id.in_(list(worker_ids)))
    workers = list(await session.scalars(query.order_by(Worker.id)))
    known = await _known_matches(session, [w.id for w in workers])
    plan = []  # worked out before writing: a refused write rolls back and expires the archives
    for n, worker in enumerate(workers):
        if n % YIELD_EVERY == 0:
            await asyncio.sleep(0)  # about 0.6 ms an archive: let requests in between
        facts, _derived, _notes = await worker_facts(session, worker, on, sources)
        applies = {r.code for r in evaluate_all(facts, on) if r.status == "eligible"}
        fresh = sorted(applies - known.get(worker.id, set()))
        if fresh:
            plan.append((worker.id, worker.user_id, fresh))
    ids = await measure_ids(session)
    found: list[MeasureMatch] = []
    for worker_id, user_id, codes in plan:
        found += await _record(session, worker_id, user_id, codes, ids)
    return found


async def _known_matches(session: AsyncSession, worker_ids: list[int]) -> dict[int, set[str]]:
    known: dict[int, set[str]] = {}
    if not worker_ids:
        return known
    rows = await session.execute(
        select(MeasureMatch.worker_id, MeasureMatch.code).where(
            MeasureMatch.worker_id.in_(worker_ids)
        )
    )
    for worker_id, code in rows:
        known.setdefault(worker_id, set()).add(code)
    return known


async def _record(
    session: AsyncSession,
    worker_id: int,
    user_id: int | None,
    codes: list[str],
    ids: dict[str, int],
) -> list[MeasureMatch]:
    """One worker's new matches and their inbox lines in one transaction: another process that
    found them first makes the unique (worker, code) refuse this one, and nobody hears twice."""
    now = utcnow()
    told = user_id is not None
    rows = [
        MeasureMatch(
            worker_id=worker_id, code=code, first_at=now, notified_at=now if told else None
        )
        for code in codes
    ]
    session.add_all(rows)
    if told:
        for code in codes:
            session.add(
                Notice(user_id=user_id, kind=MEASURE, subject_id=ids.get(code, 0), detail=code)
            )
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return []
    return rows


RUN_AT = dt.time(2, 0)  # the small hours: the day's date has turned and nobody is waiting on it
DAILY_NAME = "find_people"  # its daily_run row


def seconds_until(at: dt.time, now: dt.datetime) -> float:
    """From ``now`` to the next ``at`` (tomorrow's when today's has passed)."""
    target = dt.datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    if target <= now:
        target += dt.timedelta(days=1)
    return (target - now).total_seconds()


async def claim_day(session: AsyncSession, name: str, day: dt.date) -> bool:
    """True for the one process that claims ``name`` for ``day`` first; False for the others."""
    session.add(DailyRun(name=name, day=day))
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def daily_pass(sessions: Callable[[], Any], day: dt.date) -> int | None:
    """One day's 政策找人 in this process: the number of new matches, or None when another app
    process had already claimed the day (each runs the loop; one does the work)."""
    async with sessions() as session:
        if not await claim_day(session, DAILY_NAME, day):
            return None
        return len(await find_people(session, day))


async def find_people_daily(sessions: Callable[[], Any]) -> None:
    """政策找人 once a day: time alone makes measures apply (a business reaching 6 months). Each
    pass reads the archives with answers and writes only what is new, so a quiet day costs one
    read and the evaluations (pure Python)."""
    while True:
        await asyncio.sleep(seconds_until(RUN_AT, dt.datetime.now().astimezone()))
        try:
            found = await daily_pass(sessions, dt.date.today())
            if found is not None:
                log.info("政策找人: %d new matches", found)
        except Exception:  # a bad night must not end the loop: tomorrow tries again
            log.exception("政策找人 failed")
