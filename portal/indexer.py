"""Draining the search outbox into Meilisearch.

A change to a vacancy or measure writes a SearchOutbox row in the same transaction as the change.
This loop sends the current state of each named row to Meilisearch and deletes the outbox rows only
once Meilisearch has accepted them; if Meilisearch is down, the rows wait and the loop retries. A
crash loses nothing: the rows are still in the database at the next start.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import anyio
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from policies.models import Measure
from search.client import SearchClient, SearchUnavailable
from search.documents import JOBS, KINDS, POLICIES, index_settings, job_document, policy_document

from .jobs.service import search_dict
from .models import Job, SearchOutbox, utcnow
from .vocabulary.service import Vocabulary

log = logging.getLogger("portal.indexer")
BATCH = 500


def _policy_dict(m: Measure) -> dict:
    return {
        c: getattr(m, c)
        for c in (
            "id",
            "code",
            "title",
            "category",
            "summary",
            "body",
            "benefit",
            "eligibility",
            "keywords",
        )
    }


@dataclass
class Batch:
    upserts: list[dict]
    deletes: list[int]
    policies: list[dict]
    settings: bool  # the synonyms changed


async def _documents(
    session: AsyncSession, rows: list[SearchOutbox], vocabulary: Vocabulary
) -> Batch:
    job_ids = {r.entity_id for r in rows if r.entity == "job"}
    measure_ids = {r.entity_id for r in rows if r.entity == "policy"}
    settings = any(r.entity == "settings" for r in rows)
    if settings:
        await vocabulary.refresh(session)
    lexicon = vocabulary.lexicon
    jobs = list(await session.scalars(select(Job).where(Job.id.in_(job_ids)))) if job_ids else []
    dicts = [search_dict(j) for j in jobs if j.status == "published"]
    # Pinyin and sub-words of up to 500 vacancies are a second of CPU: off the event loop.
    published = await anyio.to_thread.run_sync(lambda: [job_document(d, lexicon) for d in dicts])
    gone = sorted(job_ids - {d["id"] for d in published})
    measures = (
        list(await session.scalars(select(Measure).where(Measure.id.in_(measure_ids))))
        if measure_ids
        else []
    )
    return Batch(
        published, gone, [policy_document(_policy_dict(m), lexicon) for m in measures], settings
    )


async def drain_once(
    factory: async_sessionmaker[AsyncSession],
    client: SearchClient,
    vocabulary: Vocabulary,
    *,
    wait: bool = False,
) -> int:
    """Send one batch; returns how many outbox rows were done (0 when empty).

    If Meilisearch refuses, the rows stay (with the attempt counted) and SearchUnavailable is raised."""
    async with factory() as session:
        query = select(SearchOutbox).order_by(SearchOutbox.id).limit(BATCH)
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # several app workers share the outbox
        rows = list(await session.scalars(query))
        if not rows:
            return 0
        batch = await _documents(session, rows, vocabulary)
        try:
            tasks = await anyio.to_thread.run_sync(lambda: _send(client, batch, vocabulary, wait))
        except SearchUnavailable as err:
            ids = [r.id for r in rows]
            await session.execute(
                update(SearchOutbox)
                .where(SearchOutbox.id.in_(ids))
                .values(attempts=SearchOutbox.attempts + 1, last_error=str(err)[:300])
            )
            await session.commit()
            raise
        await session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
        await session.commit()
        log.debug("indexed %s outbox rows in %s tasks", len(rows), len(tasks))
        return len(rows)


def _send(client: SearchClient, batch: Batch, vocabulary: Vocabulary, wait: bool) -> list[int]:
    if batch.settings:
        client.ensure_indexes(
            vocabulary.lexicon
        )  # waits: the new synonyms hold before the documents land
    tasks = []
    if batch.upserts:
        tasks.append(client.upsert(JOBS, batch.upserts))
    if batch.deletes:
        tasks.append(client.delete(JOBS, batch.deletes))
    if batch.policies:
        tasks.append(client.upsert(POLICIES, batch.policies))
    if wait:
        for uid in tasks:
            client.wait(uid)
    return tasks


async def drain(
    factory: async_sessionmaker[AsyncSession],
    client: SearchClient,
    vocabulary: Vocabulary,
    *,
    wait: bool = False,
) -> int:
    """Drain until the outbox is empty; returns rows done. SearchUnavailable if Meilisearch refuses."""
    done = 0
    while (n := await drain_once(factory, client, vocabulary, wait=wait)) > 0:
        done += n
    return done


async def _all_documents(session: AsyncSession, kind: str, lexicon, chunk: int = 2_000):
    """Every document of one index, in chunks: the 30-odd measures at once, published vacancies by id."""
    if kind == POLICIES:
        yield [
            policy_document(_policy_dict(m), lexicon)
            for m in await session.scalars(select(Measure))
        ]
        return
    last = 0
    while True:
        rows = list(
            await session.scalars(
                select(Job)
                .where(Job.status == "published", Job.id > last)
                .order_by(Job.id)
                .limit(chunk)
            )
        )
        if not rows:
            return
        last = rows[-1].id
        yield [job_document(search_dict(j), lexicon) for j in rows]


async def rebuild(
    factory: async_sessionmaker[AsyncSession], client: SearchClient, vocabulary: Vocabulary
) -> dict[str, int]:
    """Build each index anew beside the live one and swap it in (``portal reindex``).

    Searches keep hitting the live index until the atomic swap. A vacancy changed while the new index
    was being built may have reached only the old one, so everything changed since the start is sent
    again through the outbox afterwards. Returns documents indexed per kind.
    """
    started = utcnow()
    async with factory() as session:
        await vocabulary.refresh(session)
    lexicon = vocabulary.lexicon
    await anyio.to_thread.run_sync(lambda: client.ensure_indexes(lexicon))
    stamp = uuid.uuid4().hex[:8]
    counts = {}
    for kind in KINDS:
        uid = f"{client.uid(kind)}_build_{stamp}"
        await anyio.to_thread.run_sync(client.ensure_index, uid, index_settings(kind, lexicon))
        counts[kind] = 0
        async with factory() as session:
            async for documents in _all_documents(session, kind, lexicon):
                task = await anyio.to_thread.run_sync(client.add_to, uid, documents)
                await anyio.to_thread.run_sync(client.wait, task, 600_000)
                counts[kind] += len(documents)
        await anyio.to_thread.run_sync(client.swap_in, kind, uid)
    async with factory() as session:
        changed = await session.scalars(select(Job.id).where(Job.updated_at >= started))
        session.add_all(SearchOutbox(entity="job", entity_id=i) for i in changed)
        await session.commit()
    await drain(factory, client, vocabulary, wait=True)
    return counts


class Indexer:
    """The background loop: woken by kick() after a commit, and every ``interval`` seconds anyway."""

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        client: SearchClient,
        vocabulary: Vocabulary,
        interval: float,
    ) -> None:
        self.factory = factory
        self.client = client
        self.vocabulary = vocabulary
        self.interval = interval
        self._wake = asyncio.Event()
        self._expired_on: dt.date | None = None
        self._task: asyncio.Task | None = None

    def kick(self) -> None:
        self._wake.set()

    async def _expire(self) -> None:
        """Vacancies past their closing date close themselves, and signed intents whose worker never
        reported within the term expire (once a day is enough; at start-up too)."""
        from .contracts.service import ContractService
        from .jobs.service import JobService

        today = dt.date.today()
        if self._expired_on != today:
            async with self.factory() as session:
                n = await JobService(session).expire_due(today)
                m = await ContractService(session).expire_due(today)
            self._expired_on = today
            if n or m:
                log.info("closed %d vacancies past their closing date, %d intents expired", n, m)

    async def _loop(self) -> None:
        has_indexes = False
        while True:
            try:
                await self._expire()
            except Exception:
                log.exception("closing expired vacancies failed")
            try:
                async with self.factory() as session:
                    # Another process may have changed the staff synonyms; searches here must read them too.
                    await self.vocabulary.refresh(session)
                if not has_indexes:
                    # Meilisearch may have been down at start-up; settings must precede documents.
                    await anyio.to_thread.run_sync(
                        lambda: self.client.ensure_indexes(self.vocabulary.lexicon)
                    )
                    has_indexes = True
                await drain(self.factory, self.client, self.vocabulary)
            except SearchUnavailable as err:
                log.warning("search unavailable, will retry: %s", err)
                has_indexes = False  # a restarted Meilisearch may have lost them
            except Exception:  # a bug here must not stop indexing for good; the rows are kept
                log.exception("search outbox drain failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            except TimeoutError:
                pass
            self._wake.clear()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
