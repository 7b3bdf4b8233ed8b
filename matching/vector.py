"""The same totals as scoring.score(), computed over whole arrays: county scale in milliseconds.

Workers and open jobs are kept as columns of small integers (codes, townships, licences as bit
masks), with room to grow and rows overwritten in place when an archive or a vacancy changes.
Candidates are blocked by trade: a vacancy only looks at workers with a skill in its trade's middle
group (建筑施工人员, 焊接人员 ...), and at everyone only when it takes beginners. The reference
scorer explains the few pairs a page shows; a test holds the two to the same totals. The pair
score itself is the compiled loop of kernel.py; tables.py keeps the tables, this module chooses the pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from . import kernel
from . import weights as w
from .places import place_score
from .scoring import Context
from .tables import WORKER_SIDE, Books, JobTable, WorkerTable
from .types import JobProfile, WorkerProfile

REPACK_AFTER = 2_000  # archives changed since the packed copy before best_workers makes a new one
_ORDER_BITS = 22  # top_all packs (total, job order) in one integer; room for 4 million jobs


class Matcher:
    """Best jobs for a worker, best workers for a job, everyone's top N: totals equal to score()."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.books = Books()
        self.workers = WorkerTable(self.books, self.ctx)
        self.jobs = JobTable(self.books, self.ctx, trades=12)
        self.books.tables = [self.workers, self.jobs]
        self._place: tuple[int, np.ndarray, np.ndarray] | None = None

    @classmethod
    def build(
        cls, ctx: Context, workers: Iterable[WorkerProfile], jobs: Iterable[JobProfile]
    ) -> Matcher:
        matcher = cls(ctx)
        for job in jobs:
            matcher.jobs.upsert(job)
        for worker in workers:
            matcher.workers.upsert(worker)
        return matcher

    def _place_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """Place scores by (worker town, job town), for those who may stay away and daily commuters."""
        towns = self.books.town.index
        if self._place is None or self._place[0] != len(towns):
            names = list(towns)
            km = [[self.ctx.places.km(a, b) for b in names] for a in names]
            away = np.array(
                [[place_score(d, False) for d in row] for row in km], dtype=np.int32
            ).reshape(len(names), len(names))
            home = np.array(
                [[place_score(d, True) for d in row] for row in km], dtype=np.int32
            ).reshape(len(names), len(names))
            self._place = (len(towns), away, home)
        return self._place[1], self._place[2]

    def totals(
        self,
        wrows: np.ndarray,
        jrows: np.ndarray,
        workers: WorkerTable | None = None,
        near: bool = False,
        jobs: JobTable | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(total, eligible) for each pair of worker row and job row; one side may be a single row.

        With ``near``, the pairs kept out only by a missing licence in the worker's own or a close
        trade count as eligible instead: the jobs a course and a card would open.
        """
        away, home = self._place_tables()
        W, J = (workers or self.workers).side(), (jobs or self.jobs).side()
        out = kernel.pairs(
            W,
            np.asarray(wrows, dtype=np.int64),
            J,
            np.asarray(jrows, dtype=np.int64),
            away,
            home,
            near,
        )
        return np.maximum(out, 0), out >= 0

    def best_jobs(
        self, worker: WorkerProfile, limit: int = 10, near: bool = False
    ) -> list[tuple[int, int]]:
        """[(job id, total)] best first; ties: higher wage, then the older posting.

        The worker need not be in the table (a worker who has not consented to be offered to
        employers still sees jobs). With ``near``: the jobs only a missing licence keeps them from.
        """
        scratch = WorkerTable(self.books, self.ctx, capacity=1, skills=self.workers.width)
        row = scratch.upsert(worker)
        jrows = self.jobs.live()
        total, eligible = self.totals(np.array([row]), jrows, scratch, near)
        jc = self.jobs.cols
        keep = np.flatnonzero(eligible)
        order = np.lexsort((jc["id"][jrows[keep]], -jc["wage_max"][jrows[keep]], -total[keep]))[
            :limit
        ]
        return [(int(jc["id"][jrows[keep[i]]]), int(total[keep[i]])) for i in order]

    def best_workers(self, job: JobProfile, limit: int = 10) -> list[tuple[int, int]]:
        """[(worker id, total)] best first; ties: the earlier archive. The job is scored as given
        (it need not be, and is not put, in the table).

        Tier by tier (same occupation, same minor group, then the rest) over the packed copy of the
        workers, stopping once the tenth best found beats what any worker of the next tier could
        reach; archives changed since the copy was made are scored from the table instead."""
        if not job.is_open:
            return []
        scratch = JobTable(self.books, self.ctx, capacity=1, trades=self.jobs.width)
        jrow = scratch.upsert(job)
        packed = self._packed(fresh=False)
        changed = self.workers.changed
        passes, bounds = [], []
        for tier, skill, keys, csr in self._passes(packed, scratch, np.array([jrow])):
            passes.append((tier, csr[0], csr[1], np.ascontiguousarray(keys[0], dtype=np.int64)))
            bounds.append(_bound(skill))
        away, home = self._place_tables()
        keys = kernel.best_for_job(
            packed.W,
            scratch.side(),
            jrow,
            packed.ids,
            tuple(passes),
            limit + len(changed),
            np.array(bounds, dtype=np.int64),
            away,
            home,
        )
        keys = keys[keys >= 0]
        found = [(int(2147483647 - (k & 0xFFFFFFFF)), int(k >> 32)) for k in keys]
        found = [(i, t) for i, t in found if i not in changed]
        rows = np.array(
            [self.workers.rows[i] for i in changed if i in self.workers.rows], dtype=np.int64
        )
        if len(rows):
            total, eligible = self.totals(rows, np.array([jrow]), jobs=scratch)
            found += [
                (int(self.workers.cols["id"][r]), int(t))
                for r, t, ok in zip(rows, total, eligible)
                if ok
            ]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))[:limit]

    def _packed(self, fresh: bool = True) -> _Packed:
        """Live workers copied in trade order, so a group's rows lie together in memory (the refresh
        and the candidate search read them in order, not scattered over the whole table).

        Not ``fresh``: a copy older than the last few changes will do (best_workers scores the
        archives changed since from the table), so an edit does not cost a copy of 200,000 rows."""
        cached = getattr(self, "_packed_cache", None)
        stale = cached is None or cached[0] != self.workers.version
        if stale and (fresh or cached is None or len(self.workers.changed) > REPACK_AFTER):
            self.workers.changed = set()
            cols = self.workers.cols
            live = self.workers.live()
            live = live[
                np.lexsort((cols["code"][live, 0], cols["minor"][live, 0], cols["middle"][live, 0]))
            ]
            side = tuple(col[live] for col in self.workers.side())
            csr = {
                name: _csr(side[WORKER_SIDE.index(name)], len(getattr(self.books, name).index))
                for name in ("code", "minor", "middle")
            }
            everyone = (
                np.array([0, len(live)], dtype=np.int64),
                np.arange(len(live), dtype=np.int64),
            )
            cached = (
                self.workers.version,
                _Packed(side, cols["id"][live].astype(np.int64), live, csr, everyone),
            )
            self._packed_cache = cached
        return cached[1]

    def _passes(self, packed: _Packed, table: JobTable, jrows: np.ndarray) -> list:
        """The tiers, best first: (tier, the skill a pair of it can have at most, each job's group ids,
        the groups). Tier -1 is everyone, for jobs taking beginners (a middle-group pair counts 50 there)."""
        jc = table.cols
        beginners = jc["beginners"][jrows]
        return [
            (3, w.SAME_TRADE, jc["code"][jrows], packed.csr["code"]),
            (2, w.SAME_MINOR, jc["minor"][jrows], packed.csr["minor"]),
            (kernel.BELOW_MINOR, w.BEGINNER, np.where(beginners, 0, -1)[:, None], packed.everyone),
            (
                1,
                w.SAME_MIDDLE,
                np.where(beginners[:, None], -1, jc["middle"][jrows]),
                packed.csr["middle"],
            ),
        ]

    def top_all(self, limit: int = 10) -> dict[int, list[tuple[int, int]]]:
        """Every worker's best jobs, as best_jobs() would give them.

        In passes over all jobs, best tier first (the same occupation, the same minor group, jobs
        taking beginners, the same middle group), so most workers' lists fill with good matches
        early; a worker whose tenth best already beats what a pass could give is skipped in it."""
        jc = self.jobs.cols
        jrows = self.jobs.live()
        jrows = jrows[np.lexsort((jc["id"][jrows], -jc["wage_max"][jrows]))]  # best-first tie order
        packed = self._packed()
        n = len(packed.ids)
        best = np.full((n, limit), -1, dtype=np.int64)  # (total << ORDER_BITS) | (MAX - order)
        floor = np.full(n, -1, dtype=np.int64)
        stamp = np.full(n, -1, dtype=np.int64)
        away, home = self._place_tables()
        J = self.jobs.side()
        for tier, skill, keys, (gptr, grows) in self._passes(packed, self.jobs, jrows):
            stamp.fill(-1)
            kernel.refresh_pass(
                packed.W,
                J,
                jrows.astype(np.int64),
                np.ascontiguousarray(keys, dtype=np.int64),
                gptr,
                grows,
                tier,
                _bound(skill),
                best,
                floor,
                stamp,
                away,
                home,
                _ORDER_BITS,
            )
        return self._lists(best, packed.ids, jrows, (1 << _ORDER_BITS) - 1)

    def _lists(self, best, worker_ids, jrows, top) -> dict[int, list[tuple[int, int]]]:
        ids = self.jobs.cols["id"][jrows]
        ranked = -np.sort(-best, axis=1)
        return {
            int(wid): [(int(ids[top - (k & top)]), int(k >> _ORDER_BITS)) for k in keys if k >= 0]
            for wid, keys in zip(worker_ids, ranked.tolist())
        }


def _bound(skill: int) -> int:
    """The highest total a pair can reach with this skill score: every other component at 100."""
    others = sum(w.WEIGHTS.values()) - w.WEIGHTS["skill"]
    return -(-(w.WEIGHTS["skill"] * skill + 100 * others) // (w.WEIGHTS["skill"] + others))


def _csr(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Group id -> the rows having it in any column, as offsets and rows (a row once per group)."""
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), keys.shape[1])
    flat = keys.ravel()
    keep = flat >= 0
    rows, flat = rows[keep], flat[keep]
    order = np.lexsort((rows, flat))
    rows, flat = rows[order], flat[order]
    first = np.ones(len(flat), dtype=bool)
    first[1:] = (flat[1:] != flat[:-1]) | (rows[1:] != rows[:-1])
    rows, flat = rows[first], flat[first]
    offsets = np.zeros(max(size, 1) + 1, dtype=np.int64)
    np.add.at(offsets, flat + 1, 1)
    return np.cumsum(offsets), rows


@dataclass(frozen=True)
class _Packed:
    W: tuple[np.ndarray, ...]  # the worker side, rows in trade order
    ids: np.ndarray
    rows: np.ndarray  # table row of each packed row
    csr: dict[str, tuple[np.ndarray, np.ndarray]]
    everyone: tuple[np.ndarray, np.ndarray]
