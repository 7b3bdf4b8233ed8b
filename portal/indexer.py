"""Draining the search outbox into Meilisearch.

A change to a vacancy or measure writes a SearchOutbox row in the same transaction as the change.
This loop sends the current state of each named row to Meilisearch and deletes the outbox rows only
once Meilisearch has accepted them; if Meilisearch is down, the rows wait and the loop retries. A
crash loses nothing: the rows are still in the database at the next start.
"""

from __future__ import annotations

import asyncio
import logging

import anyio
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from policies.models import Measure
from search.client import SearchClient, SearchUnavailable
from search.documents import JOBS, POLICIES, job_document, policy_document

from .models import Job, SearchOutbox
from .services.jobs import search_dict

log = logging.getLogger("portal.indexer")
BATCH = 500


def _policy_dict(m: Measure) -> dict:
    return {c: getattr(m, c) for c in ("id", "code", "title", "category", "summary", "body", "benefit", "eligibility", "keywords")}


async def _documents(session: AsyncSession, rows: list[SearchOutbox]) -> tuple[list, list, list]:
    job_ids = {r.entity_id for r in rows if r.entity == "job"}
    measure_ids = {r.entity_id for r in rows if r.entity == "policy"}
    jobs = list(await session.scalars(select(Job).where(Job.id.in_(job_ids)))) if job_ids else []
    published = [job_document(search_dict(j)) for j in jobs if j.status == "published"]
    gone = sorted(job_ids - {d["id"] for d in published})
    measures = list(await session.scalars(select(Measure).where(Measure.id.in_(measure_ids)))) if measure_ids else []
    return published, gone, [policy_document(_policy_dict(m)) for m in measures]


async def drain_once(factory: async_sessionmaker[AsyncSession], client: SearchClient, *, wait: bool = False) -> int:
    """Send one batch; returns how many outbox rows were done (0 when empty).

    If Meilisearch refuses, the rows stay (with the attempt counted) and SearchUnavailable is raised."""
    async with factory() as session:
        query = select(SearchOutbox).order_by(SearchOutbox.id).limit(BATCH)
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # several app workers share the outbox
        rows = list(await session.scalars(query))
        if not rows:
            return 0
        upserts, deletes, policies = await _documents(session, rows)
        try:
            tasks = await anyio.to_thread.run_sync(lambda: _send(client, upserts, deletes, policies, wait))
        except SearchUnavailable as err:
            ids = [r.id for r in rows]
            await session.execute(
                update(SearchOutbox).where(SearchOutbox.id.in_(ids))
                .values(attempts=SearchOutbox.attempts + 1, last_error=str(err)[:300])
            )
            await session.commit()
            raise
        await session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
        await session.commit()
        log.debug("indexed %s outbox rows in %s tasks", len(rows), len(tasks))
        return len(rows)


def _send(client: SearchClient, upserts: list, deletes: list, policies: list, wait: bool) -> list[int]:
    tasks = []
    if upserts:
        tasks.append(client.upsert(JOBS, upserts))
    if deletes:
        tasks.append(client.delete(JOBS, deletes))
    if policies:
        tasks.append(client.upsert(POLICIES, policies))
    if wait:
        for uid in tasks:
            client.wait(uid)
    return tasks


async def drain(factory: async_sessionmaker[AsyncSession], client: SearchClient, *, wait: bool = False) -> int:
    """Drain until the outbox is empty; returns rows done. SearchUnavailable if Meilisearch refuses."""
    done = 0
    while (n := await drain_once(factory, client, wait=wait)) > 0:
        done += n
    return done


class Indexer:
    """The background loop: woken by kick() after a commit, and every ``interval`` seconds anyway."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], client: SearchClient, interval: float) -> None:
        self.factory = factory
        self.client = client
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    def kick(self) -> None:
        self._wake.set()

    async def _loop(self) -> None:
        has_indexes = False
        while True:
            try:
                if not has_indexes:
                    # Meilisearch may have been down at start-up; settings must precede documents.
                    await anyio.to_thread.run_sync(self.client.ensure_indexes)
                    has_indexes = True
                await drain(self.factory, self.client)
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
