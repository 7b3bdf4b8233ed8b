"""Matching in the portal: archives and vacancies as matcher profiles, and one matcher per process.

The matcher (``matching.vector.Matcher``) holds every consenting archive and every open vacancy as
arrays. Each process keeps one, loaded on first use and kept in step by ``updated_at``: at most
every ``REFRESH_SECONDS`` a request asks the database for rows changed since the last look, and a
process that saves an archive or a vacancy looks at once. Pages show the matcher's best few, each
explained by the reference scorer, so what a page says is exactly what ranked it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar.datastructures import State
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

import matching
from matching.trades import TradeVocabulary
from matching.vector import Matcher
from policies.services import CatalogueService
from search.lexicon import Lexicon

from ..feedback.service import FeedbackService
from ..jobs import states as job_states
from ..jobs.service import JobService, monthly, upper_age
from ..models import Job, User, Worker, WorkerSkill
from ..reference import township_places
from ..vocabulary.service import Vocabulary

log = logging.getLogger("portal.matching")
REFRESH_SECONDS = 2.0
JOB_SKILL_SURE = 0.5  # a listed skill of a vacancy read this surely adds its trade to the vacancy's


def certificate_name(lexicon: Lexicon, text: str) -> str:
    """电焊证, 焊工证 and 焊接与热切割证 are one licence: the vocabulary's canonical name."""
    return lexicon.canonical(text, "certificate")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def worker_profile(w: Worker, lexicon: Lexicon) -> matching.WorkerProfile:
    return _worker(
        (
            w.id,
            w.home_township_code,
            w.expected_wage,
            w.work_area,
            w.certificates,
            w.daily_commute,
            w.wants_housing,
            w.wants_meals,
            w.available_from,
            w.birth_year,
        ),
        [(s.name, s.level, s.years, s.trade_code) for s in w.skills],
        lexicon,
    )


def _worker(
    row: Sequence[Any], skills: Iterable[tuple[str, str, int, str]], lexicon: Lexicon
) -> matching.WorkerProfile:
    (id_, township, wage, area, certificates, commute, housing, meals, available, born) = row
    return matching.WorkerProfile(
        id=id_,
        home_township=township,
        expected_wage=wage,
        work_area=area,
        daily_commute=commute,
        wants_housing=housing,
        wants_meals=meals,
        available_from=_date(available),
        birth_year=born,
        skills=tuple(matching.SkillItem(n, level, years, code) for n, level, years, code in skills),
        certificates=tuple(
            matching.Certificate(certificate_name(lexicon, c["name"]), _date(c.get("expires")))
            for c in certificates or ()
            if isinstance(c, dict) and c.get("name")
        ),
    )


def job_profile(job: Job, trades: TradeVocabulary, lexicon: Lexicon) -> matching.JobProfile:
    """The vacancy as the matcher sees it. Its trades: the one the employer picked (or the sure
    reading of the title), else the title's likely reading, then those of the skills it lists."""
    codes = [job.trade_code] if job.trade_code else []
    for text in ([] if codes else [job.title]) + list(job.skills):
        best = trades.classify(text, limit=1)
        if best and best[0].confidence >= JOB_SKILL_SURE and best[0].code not in codes:
            codes.append(best[0].code)
    return matching.JobProfile(
        id=job.id,
        title=job.title,
        trades=tuple(codes),
        township=job.township_code,
        wage_min=monthly(job.wage_min, job.wage_unit),
        wage_max=monthly(job.wage_max, job.wage_unit),
        is_open=job_states.is_public(job.status) and job.headcount > 0,
        certificates=tuple(certificate_name(lexicon, c) for c in job.certificates),
        level=job.level,
        takes_beginners=job.takes_beginners,
        start_date=job.start_date,
        has_housing=job.has_housing,
        has_meals=job.has_meals,
        accepts_over_50=job.accepts_over_50,
        max_age=upper_age(job),
    )


def _today() -> matching.Context:
    return matching.Context(dt.date.today(), matching.Places(township_places()))


def offered(worker: Any) -> bool:
    """Whether employers may see this archive among candidates: consented, shared by the worker's own
    say (withdrawn on /me at any time), and looking for work here."""
    return worker.consent_at is not None and worker.is_shared and worker.intent != "stay_away"


class MatchEngine:
    """One process's matcher, and how far into the database's changes it has read.

    Reads are keyed on (updated_at, id), so rows sharing a timestamp (a migration stamps them all
    alike) are read once. Building profiles and arrays is CPU work: it runs in a thread, so a
    load of 200,000 archives does not stall the other requests, and the matcher is used under the
    engine's lock, so no request reads it while a refresh writes it.
    """

    def __init__(self, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self.refresh_seconds = refresh_seconds
        self.matcher: Matcher | None = None
        self.day: dt.date | None = None
        self.marks: dict[str, tuple[Any, int]] = {}
        self.checked_at = 0.0
        self._lock = asyncio.Lock()

    def touch(self) -> None:
        """This process just saved an archive or a vacancy: the next request looks for changes."""
        self.checked_at = 0.0

    async def forget_worker(self, worker_id: int) -> None:
        """A deleted archive leaves this process's arrays now. (Changes are read by ``updated_at``,
        and a deleted row has none: other processes drop it at their next daily load; until then
        ``candidates`` skips ids the database no longer holds.)"""
        async with self._lock:
            if self.matcher is not None:
                self.matcher.workers.remove(worker_id)

    @asynccontextmanager
    async def using(self, session: AsyncSession, vocabulary: Vocabulary) -> AsyncIterator[Matcher]:
        """The current matcher, brought up to date, held for the caller alone."""
        today = dt.date.today()
        async with self._lock:
            if self.matcher is None or self.day != today:
                # Licences expire and start dates pass: a new day starts from a fresh load.
                context = matching.Context(today, matching.Places(township_places()))
                self.matcher, self.day, self.marks = Matcher(context), today, {}
                await self._read_changes(session, vocabulary)
                gc.freeze()  # the loaded tables are long-lived: keep full collections from walking them
            elif time.monotonic() - self.checked_at >= self.refresh_seconds:
                await self._read_changes(session, vocabulary)
            yield self.matcher

    async def warm(self, sessions: Any, vocabulary: Vocabulary) -> None:
        """Load at start-up rather than in the first request that needs it (which retries on failure)."""
        try:
            async with sessions() as session, self.using(session, vocabulary):
                pass
        except Exception:  # the database may not be up yet; the first request loads instead
            log.exception("could not load the matcher at start-up")

    def _after(self, kind: str, updated_at: Any, key: Any) -> Any:
        mark = self.marks.get(kind)
        if mark is None:
            return None
        return or_(updated_at > mark[0], and_(updated_at == mark[0], key > mark[1]))

    async def _read_changes(self, session: AsyncSession, vocabulary: Vocabulary) -> None:
        lexicon, trades = vocabulary.lexicon, await vocabulary.trades()
        query = select(Job).order_by(Job.updated_at, Job.id)
        if (after := self._after("job", Job.updated_at, Job.id)) is not None:
            query = query.where(after)
        jobs = list(await session.scalars(query))
        if jobs:
            profiles = await asyncio.to_thread(
                lambda: [job_profile(j, trades, lexicon) for j in jobs]
            )
            for profile in profiles:
                self.matcher.jobs.upsert(profile)
            self.marks["job"] = (jobs[-1].updated_at, jobs[-1].id)
        await self._read_workers(session, lexicon)
        self.checked_at = time.monotonic()

    async def _read_workers(self, session: AsyncSession, lexicon: Lexicon) -> None:
        """Archives as plain rows (not ORM objects): 200,000 of them load in seconds, not minutes."""
        cols = (
            Worker.id,
            Worker.home_township_code,
            Worker.expected_wage,
            Worker.work_area,
            Worker.certificates,
            Worker.daily_commute,
            Worker.wants_housing,
            Worker.wants_meals,
            Worker.available_from,
            Worker.birth_year,
            Worker.consent_at,
            Worker.is_shared,
            Worker.intent,
            Worker.updated_at,
        )
        query = select(*cols).order_by(Worker.updated_at, Worker.id)
        after = self._after("worker", Worker.updated_at, Worker.id)
        rows = (await session.execute(query if after is None else query.where(after))).all()
        if not rows:
            return
        skills: dict[int, list[tuple[str, str, int, str]]] = {}
        skill_query = select(
            WorkerSkill.worker_id,
            WorkerSkill.name,
            WorkerSkill.level,
            WorkerSkill.years,
            WorkerSkill.trade_code,
        )
        if after is not None:
            skill_query = skill_query.where(WorkerSkill.worker_id.in_([r[0] for r in rows]))
        for worker_id, *skill in (
            await session.execute(skill_query.order_by(WorkerSkill.id))
        ).all():
            skills.setdefault(worker_id, []).append(tuple(skill))
        await asyncio.to_thread(self._apply_workers, rows, skills, lexicon)
        self.marks["worker"] = (rows[-1].updated_at, rows[-1].id)

    def _apply_workers(self, rows: Sequence[Any], skills: dict, lexicon: Lexicon) -> None:
        for row in rows:
            if not offered(row):
                self.matcher.workers.remove(row.id)
            else:
                self.matcher.workers.upsert(_worker(row[:10], skills.get(row.id, ()), lexicon))


# Which measures of the catalogue pay for what a gap asks: a licence (考证) or a higher level.
GAP_KEYWORDS = {"certificate": ("考证", "培训补贴"), "level": ("学技术", "等级证", "技能证书")}


@dataclass(frozen=True)
class Shown:
    """What a worker's page shows: the best jobs, the jobs a licence would open, the measures that
    pay for that licence."""

    matches: list[tuple[Job, matching.MatchScore]]
    near: list[tuple[Job, matching.MatchScore]]
    measures: list[Any]


@dataclass(frozen=True)
class Board:
    """A vacancy's candidates: those matching suggests (once it is published) and those who said they
    are interested, each scored for it."""

    job: Job
    found: list[tuple[Worker, matching.MatchScore]]
    interested: list[tuple[Worker, matching.MatchScore]]


class MatchService:
    def __init__(self, session: AsyncSession, engine: MatchEngine, vocabulary: Vocabulary) -> None:
        self.session, self.engine, self.vocabulary = session, engine, vocabulary

    async def _explain(
        self, worker: matching.WorkerProfile, jobs: Sequence[Job], ctx: matching.Context
    ) -> list:
        trades, lexicon = await self.vocabulary.trades(), self.vocabulary.lexicon
        return [
            (job, matching.score(worker, job_profile(job, trades, lexicon), ctx)) for job in jobs
        ]

    async def _jobs(self, ids: Sequence[int]) -> list[Job]:
        found = {j.id: j for j in await self.session.scalars(select(Job).where(Job.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    async def jobs_for(
        self, worker: Worker, limit: int = 10
    ) -> list[tuple[Job, matching.MatchScore]]:
        """The best open jobs for this worker, each with the reasons that ranked it."""
        profile = worker_profile(worker, self.vocabulary.lexicon)
        async with self.engine.using(self.session, self.vocabulary) as matcher:
            ids, ctx = [job_id for job_id, _ in matcher.best_jobs(profile, limit)], matcher.ctx
        return await self._explain(profile, await self._jobs(ids), ctx)

    async def near_misses(
        self, worker: Worker, limit: int = 3
    ) -> list[tuple[Job, matching.MatchScore]]:
        """Jobs in the worker's trade that only a licence they lack (or let expire) keeps them from."""
        profile = worker_profile(worker, self.vocabulary.lexicon)
        async with self.engine.using(self.session, self.vocabulary) as matcher:
            ids, ctx = (
                [job_id for job_id, _ in matcher.best_jobs(profile, limit, near=True)],
                matcher.ctx,
            )
        return [
            (job, s)
            for job, s in await self._explain(profile, await self._jobs(ids), ctx)
            if s.gap is not None
        ]

    async def candidates(
        self, job: Job, limit: int = 10
    ) -> list[tuple[Worker, matching.MatchScore]]:
        """The best consenting archives for a vacancy, each with the reasons that ranked it."""
        trades, lexicon = await self.vocabulary.trades(), self.vocabulary.lexicon
        profile = job_profile(job, trades, lexicon)
        async with self.engine.using(self.session, self.vocabulary) as matcher:
            ids, ctx = (
                [worker_id for worker_id, _ in matcher.best_workers(profile, limit)],
                matcher.ctx,
            )
        found = {
            w.id: w for w in await self.session.scalars(select(Worker).where(Worker.id.in_(ids)))
        }
        workers = [found[i] for i in ids if i in found and offered(found[i])]
        return [(w, matching.score(worker_profile(w, lexicon), profile, ctx)) for w in workers]

    async def ranked(
        self, job: Job, workers: list[Worker]
    ) -> list[tuple[Worker, matching.MatchScore]]:
        """These workers (those who said they are interested) scored for the vacancy, best first."""
        trades, lexicon = await self.vocabulary.trades(), self.vocabulary.lexicon
        profile = job_profile(job, trades, lexicon)
        scored = [
            (w, matching.score(worker_profile(w, lexicon), profile, _today()))
            for w in workers
            if offered(w)
        ]
        return sorted(scored, key=lambda pair: -pair[1].total)

    async def scored_jobs(
        self, worker: Worker, jobs: list[Job]
    ) -> list[tuple[Job, matching.MatchScore]]:
        """How each of these vacancies fits this worker, explained (the reference scorer, in the given order)."""
        trades, lexicon = await self.vocabulary.trades(), self.vocabulary.lexicon
        profile, ctx = worker_profile(worker, lexicon), _today()
        return [
            (job, matching.score(profile, job_profile(job, trades, lexicon), ctx)) for job in jobs
        ]

    async def for_worker(self, worker: Worker, limit: int = 10) -> Shown:
        best = await self.jobs_for(worker, limit)
        near = await self.near_misses(worker)
        measures = await self.measures_for(s.gap for _, s in [*best, *near] if s.gap)
        return Shown(best, near, measures)

    async def board(self, job_id: int, user: User, limit: int = 10) -> Board:
        """The candidates of a vacancy its employer or staff manage (to anyone else it does not exist)."""
        job = await JobService(self.session).managed(job_id, user)
        found = await self.candidates(job, limit) if job_states.is_public(job.status) else []
        feedback = FeedbackService(self.session)
        ranked = await self.ranked(job, await feedback.interested_workers(job.id))
        if user.employer_id == job.employer_id:
            await feedback.mark_seen(job.id, [w.id for w, _ in ranked])
        return Board(job, found, ranked)

    async def measures_for(self, gaps: Iterable[matching.Gap]) -> list[Any]:
        """The catalogue's measures that pay for closing these gaps (training, licence exams)."""
        words = [word for kind in {g.kind for g in gaps} for word in GAP_KEYWORDS[kind]]
        return await CatalogueService(self.session).with_keywords(words) if words else []


async def provide_match_service(db_session: AsyncSession, state: State) -> MatchService:
    """Built on the process's matcher and vocabulary (the runtime, kept in the app's state)."""
    return MatchService(db_session, state.runtime.matches, state.runtime.vocabulary)
