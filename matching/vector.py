"""The same totals as scoring.score(), computed over whole arrays: county scale in milliseconds.

Workers and open jobs are kept as columns of small integers (codes, townships, licences as bit
masks), with room to grow and rows overwritten in place when an archive or a vacancy changes.
Candidates are blocked by trade: a vacancy only looks at workers with a skill in its trade's middle
group (建筑施工人员, 焊接人员 ...), and at everyone only when it takes beginners. The reference
scorer explains the few pairs a page shows; a test holds the two to the same totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np

from . import weights as w
from .licences import valid_on
from .places import Places, place_score
from .scoring import LEVELS, Context, level_rank
from .text import fold
from .types import JobProfile, WorkerProfile

_WORDS = 2  # licence masks are 128 bits: the vocabulary has about 50 licences
_ORDER_BITS = 22
_SKILL_COLS = frozenset({"code", "minor", "middle", "rank"})
_UNSCORED = frozenset({"id", "alive"})  # top_all packs (total, job order) in one integer; room for 4 million jobs


class Book:
    """Strings to small integers, shared by both tables so their columns compare."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, key: str) -> int:
        if not key:
            return -1
        return self.index.setdefault(key, len(self.index))


class Books:
    def __init__(self) -> None:
        self.code, self.minor, self.middle = Book(), Book(), Book()
        self.town, self.licence = Book(), Book()

    def trade(self, code: str) -> tuple[int, int, int]:
        parts = code.split("-") if code else []
        return self.code(code), self.minor("-".join(parts[:3])), self.middle("-".join(parts[:2]))

    def mask(self, names: Iterable[str]) -> np.ndarray:
        bits = np.zeros(_WORDS, dtype=np.uint64)
        for name in names:
            i = self.licence(fold(name))
            if i >= 64 * _WORDS:
                raise ValueError("more licence names than the masks hold")
            bits[i // 64] |= np.uint64(1) << np.uint64(i % 64)
        return bits


class _Table:
    """Columns with spare capacity; ``rows`` maps an id to its row, dead rows are skipped."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.used = 1  # columns of the widest row so far: scoring looks at no more than these
        self.n = 0
        self.rows: dict[int, int] = {}
        self.cols: dict[str, np.ndarray] = {}

    def _alloc(self, specs: dict[str, tuple[tuple[int, ...], type]], capacity: int) -> None:
        self.cols = {name: np.full((capacity, *shape), -1 if np.dtype(dt_).kind == "i" else 0, dtype=dt_)
                     for name, (shape, dt_) in specs.items()}

    def _row_for(self, key: int) -> int:
        if key in self.rows:
            return self.rows[key]
        if self.n == len(self.cols["id"]):
            self.cols = {name: np.concatenate([col, np.full_like(col, -1 if col.dtype.kind == "i" else 0)])
                         for name, col in self.cols.items()}
        self.rows[key] = self.n
        self.n += 1
        return self.n - 1

    def remove(self, key: int) -> None:
        row = self.rows.pop(key, None)
        if row is not None:
            self.cols["alive"][row] = False

    def live(self) -> np.ndarray:
        return np.flatnonzero(self.cols["alive"][: self.n])


class WorkerTable(_Table):
    def __init__(self, books: Books, ctx: Context, capacity: int = 1024, skills: int = 10) -> None:
        super().__init__(skills)
        self.books, self.ctx = books, ctx
        self._alloc({
            "id": ((), np.int64), "alive": ((), np.bool_), "town": ((), np.int32), "expected": ((), np.int32),
            "homebound": ((), np.bool_), "commute": ((), np.bool_), "housing": ((), np.bool_),
            "meals": ((), np.bool_), "avail": ((), np.int32), "older": ((), np.bool_),
            "code": ((skills,), np.int32), "minor": ((skills,), np.int32), "middle": ((skills,), np.int32),
            "rank": ((skills,), np.int8), "valid": ((_WORDS,), np.uint64),
        }, capacity)

    def upsert(self, p: WorkerProfile) -> int:
        row = self._row_for(p.id)
        c, today = self.cols, self.ctx.today
        c["id"][row], c["alive"][row] = p.id, True
        c["town"][row] = self.books.town(p.home_township)
        c["expected"][row] = p.expected_wage
        c["homebound"][row] = p.work_area == "township"
        c["commute"][row], c["housing"][row], c["meals"][row] = p.daily_commute, p.wants_housing, p.wants_meals
        c["avail"][row] = max(p.available_from or today, today).toordinal()
        c["older"][row] = bool(p.birth_year) and today.year - p.birth_year >= w.AGE_OLDER
        for col in ("code", "minor", "middle", "rank"):
            c[col][row] = -1
        coded = [s for s in p.skills if s.code][: self.width]
        for i, item in enumerate(coded):
            c["code"][row, i], c["minor"][row, i], c["middle"][row, i] = self.books.trade(item.code)
            c["rank"][row, i] = level_rank(item)
        self.used = max(self.used, len(coded))
        c["valid"][row] = self.books.mask(valid_on(p.certificates, today))
        return row


class JobTable(_Table):
    def __init__(self, books: Books, ctx: Context, capacity: int = 256, trades: int = 4) -> None:
        super().__init__(trades)
        self.books, self.ctx = books, ctx
        self._alloc({
            "id": ((), np.int64), "alive": ((), np.bool_), "town": ((), np.int32), "wage_min": ((), np.int32),
            "wage_max": ((), np.int32), "start": ((), np.int32), "housing": ((), np.bool_),
            "meals": ((), np.bool_), "over50": ((), np.bool_), "beginners": ((), np.bool_),
            "level": ((), np.int8), "code": ((trades,), np.int32), "minor": ((trades,), np.int32),
            "middle": ((trades,), np.int32), "required": ((_WORDS,), np.uint64), "has_required": ((), np.bool_),
        }, capacity)

    def upsert(self, p: JobProfile) -> int | None:
        """Store an open job; a closed one is removed (it can match no one)."""
        if not p.is_open:
            self.remove(p.id)
            return None
        row = self._row_for(p.id)
        c, today = self.cols, self.ctx.today
        c["id"][row], c["alive"][row] = p.id, True
        c["town"][row] = self.books.town(p.township)
        c["wage_min"][row], c["wage_max"][row] = p.wage_min, p.wage_max
        c["start"][row] = max(p.start_date or today, today).toordinal()
        c["housing"][row], c["meals"][row], c["over50"][row] = p.has_housing, p.has_meals, p.accepts_over_50
        c["beginners"][row], c["level"][row] = p.takes_beginners, LEVELS.get(p.level, 0)
        for col in ("code", "minor", "middle"):
            c[col][row] = -1
        for i, code in enumerate(p.trades[: self.width]):
            c["code"][row, i], c["minor"][row, i], c["middle"][row, i] = self.books.trade(code)
        self.used = max(self.used, len(p.trades[: self.width]))
        c["required"][row] = self.books.mask(p.certificates)
        c["has_required"][row] = bool(p.certificates)
        return row


class Matcher:
    """Best jobs for a worker, best workers for a job, everyone's top N: totals equal to score()."""

    def __init__(self, ctx: Context, places: Places | None = None) -> None:
        self.ctx = ctx if places is None else Context(ctx.today, places)
        self.books = Books()
        self.workers = WorkerTable(self.books, self.ctx)
        self.jobs = JobTable(self.books, self.ctx)
        self._place: tuple[int, np.ndarray, np.ndarray] | None = None

    @classmethod
    def build(cls, ctx: Context, workers: Iterable[WorkerProfile], jobs: Iterable[JobProfile]) -> Matcher:
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
            away = np.array([[place_score(d, False) for d in row] for row in km], dtype=np.int32).reshape(len(names), len(names))
            home = np.array([[place_score(d, True) for d in row] for row in km], dtype=np.int32).reshape(len(names), len(names))
            self._place = (len(towns), away, home)
        return self._place[1], self._place[2]

    def totals(
        self, wrows: np.ndarray, jrows: np.ndarray, workers: WorkerTable | None = None, near: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """(total, eligible) for each pair of worker row and job row.

        With ``near``, the pairs kept out only by a missing licence in the worker's own or a close
        trade count as eligible instead: the jobs a course and a card would open.
        """
        table = workers or self.workers
        wc, jc = table.cols, self.jobs.cols
        away, home = self._place_tables()
        ws_, jt_ = max(table.used, self.workers.used), self.jobs.used
        W = {k: (v[wrows, :ws_] if k in _SKILL_COLS else v[wrows]) for k, v in wc.items() if k not in _UNSCORED}
        J = {k: (v[jrows, :jt_] if k in _SKILL_COLS else v[jrows]) for k, v in jc.items() if k not in _UNSCORED}
        skill = self._skill(W, J)
        eligible = (skill > 0) & ~(W["homebound"] & (W["town"] != J["town"]))
        lacking = (J["required"] & ~W["valid"]).any(axis=-1)
        eligible &= (lacking & (skill >= w.SAME_MINOR)) if near else ~lacking

        expected, low, high = W["expected"], J["wage_min"], J["wage_max"]
        gap_score = np.maximum(0, 100 - (w.WAGE_GAP_COST * (expected - high)) // np.maximum(expected, 1))
        wage = np.where(high <= 0, w.WAGE_UNSTATED,
                        np.where((expected <= 0) | (low >= expected), 100,
                                 np.where(high >= expected, w.WAGE_RANGE_COVERS, gap_score)))
        place = np.where(W["commute"], home[W["town"], J["town"]], away[W["town"], J["town"]])
        delay = W["avail"] - J["start"]
        timing = np.full(np.shape(delay), w.TIMING_LATE, dtype=np.int32)
        for limit, value in reversed(w.TIMING):
            timing = np.where(delay <= limit, value, timing)
        asked = W["housing"].astype(np.int32) + W["meals"]
        given = (W["housing"] & J["housing"]).astype(np.int32) + (W["meals"] & J["meals"])
        benefits = 100 * given // np.maximum(asked, 1)
        age = np.where(J["over50"], w.AGE_WELCOME, w.AGE_NOT_STATED)

        ws = w.WEIGHTS
        weighted = ws["skill"] * skill + ws["wage"] * wage + ws["place"] * place + ws["timing"] * timing
        weight = ws["skill"] + ws["wage"] + ws["place"] + ws["timing"]
        weighted = weighted + np.where(asked > 0, ws["benefits"] * benefits, 0) + np.where(W["older"], ws["age"] * age, 0)
        weighted = weighted + np.where(J["has_required"] & ~lacking, ws["certificates"] * 100, 0)
        weight = weight + np.where(asked > 0, ws["benefits"], 0) + np.where(W["older"], ws["age"], 0)
        weight = weight + np.where(J["has_required"], ws["certificates"], 0)
        total = (2 * weighted + weight) // (2 * weight)
        return np.where(eligible, total, 0).astype(np.int32), eligible

    @staticmethod
    def _skill(W: dict[str, np.ndarray], J: dict[str, np.ndarray]) -> np.ndarray:
        code, minor, middle = (W[k][..., :, None] for k in ("code", "minor", "middle"))
        jcode, jminor, jmiddle = (J[k][..., None, :] for k in ("code", "minor", "middle"))
        known = (code >= 0) & (jcode >= 0)
        fit = np.where(known & (code == jcode), w.SAME_TRADE,
                       np.where(known & (minor == jminor), w.SAME_MINOR,
                                np.where(known & (middle == jmiddle), w.SAME_MIDDLE, 0)))
        asked = J["level"][..., None, None].astype(np.int32)
        rank = W["rank"][..., :, None].astype(np.int32)
        short = (fit > 0) & (asked > 0) & (rank < asked)
        fit = np.where(short, np.maximum(w.LEVEL_FLOOR, fit - w.LEVEL_STEP * (asked - rank)), fit)
        best = fit.max(axis=(-2, -1), initial=0)
        return np.where(J["beginners"] & (best < w.BEGINNER), w.BEGINNER, best)

    def best_jobs(self, worker: WorkerProfile, limit: int = 10, near: bool = False) -> list[tuple[int, int]]:
        """[(job id, total)] best first; ties: higher wage, then the older posting.

        The worker need not be in the table (a worker who has not consented to be offered to
        employers still sees jobs). With ``near``: the jobs only a missing licence keeps them from.
        """
        scratch = WorkerTable(self.books, self.ctx, capacity=1, skills=self.workers.width)
        row = scratch.upsert(worker)
        jrows = self.jobs.live()
        total, eligible = self.totals(np.full(len(jrows), row), jrows, scratch, near)
        jc = self.jobs.cols
        keep = np.flatnonzero(eligible)
        order = np.lexsort((jc["id"][jrows[keep]], -jc["wage_max"][jrows[keep]], -total[keep]))[:limit]
        return [(int(jc["id"][jrows[keep[i]]]), int(total[keep[i]])) for i in order]

    def best_workers(self, job: JobProfile, limit: int = 10) -> list[tuple[int, int]]:
        """[(worker id, total)] best first; ties: the earlier archive."""
        jrow = self.jobs.rows.get(job.id)
        if jrow is None:
            if not job.is_open:
                return []
            jrow = self.jobs.upsert(job)
        wrows = self._candidates(jrow)
        total, eligible = self.totals(wrows, np.full(len(wrows), jrow))
        keep = np.flatnonzero(eligible)
        ids = self.workers.cols["id"][wrows[keep]]
        if len(keep) > limit:
            cut = np.partition(total[keep], len(keep) - limit)[len(keep) - limit]
            top = total[keep] >= cut
            keep, ids = keep[top], ids[top]
        order = np.lexsort((ids, -total[keep]))[:limit]
        return [(int(ids[i]), int(total[keep[i]])) for i in order]

    def _candidates(self, jrow: int) -> np.ndarray:
        """Worker rows that can score above zero: everyone for a job taking beginners."""
        live = self.workers.live()
        if self.jobs.cols["beginners"][jrow]:
            return live
        middles = self.jobs.cols["middle"][jrow]
        middles = middles[middles >= 0]
        hit = np.isin(self.workers.cols["middle"][live], middles).any(axis=1)
        return live[hit]

    def top_all(self, limit: int = 10) -> dict[int, list[tuple[int, int]]]:
        """Every worker's best jobs, as best_jobs() would give them, computed job by job."""
        wc, jc = self.workers.cols, self.jobs.cols
        n = self.workers.n
        jrows = self.jobs.live()
        jrows = jrows[np.lexsort((jc["id"][jrows], -jc["wage_max"][jrows]))]  # best-first tie order
        best = np.full((n, limit), -1, dtype=np.int64)  # (total << ORDER_BITS) | (MAX - order)
        floor = np.full(n, -1, dtype=np.int64)
        groups = self._middle_groups()
        everyone = self.workers.live()
        top = (1 << _ORDER_BITS) - 1
        for order, jrow in enumerate(jrows):
            if jc["beginners"][jrow]:
                wrows = everyone
            else:
                found = [groups[m] for m in jc["middle"][jrow] if m in groups]
                if not found:
                    continue
                wrows = found[0] if len(found) == 1 else np.unique(np.concatenate(found))
            total, eligible = self.totals(wrows, np.full(len(wrows), jrow))
            key = (total.astype(np.int64) << _ORDER_BITS) | (top - order)
            better = eligible & (key > floor[wrows])
            rows, key = wrows[better], key[better]
            if not len(rows):
                continue
            slot = best[rows].argmin(axis=1)
            best[rows, slot] = key
            floor[rows] = best[rows].min(axis=1)
        result: dict[int, list[tuple[int, int]]] = {}
        ids = jc["id"][jrows]
        for row in everyone:
            keys = np.sort(best[row][best[row] >= 0])[::-1]
            result[int(wc["id"][row])] = [(int(ids[top - (k & top)]), int(k >> _ORDER_BITS)) for k in keys]
        return result

    def _middle_groups(self) -> dict[int, np.ndarray]:
        live = self.workers.live()
        middle = self.workers.cols["middle"][live]
        rows = np.repeat(live, middle.shape[1])
        flat = middle.ravel()
        keep = flat >= 0
        rows, flat = rows[keep], flat[keep]
        order = np.lexsort((rows, flat))
        rows, flat = rows[order], flat[order]
        cuts = np.flatnonzero(np.diff(flat)) + 1
        return {int(g[0]): np.unique(r) for g, r in zip(np.split(flat, cuts), np.split(rows, cuts)) if len(g)}


def as_of(today: dt.date, places: Places | None = None) -> Context:
    return Context(today, places or Places())


__all__: Sequence[str] = ("Matcher", "WorkerTable", "JobTable", "as_of")
