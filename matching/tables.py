"""The matcher's tables: workers and open jobs as columns of small integers (codes, townships,
licences as bit masks), with room to grow and rows overwritten in place when an archive or a vacancy
changes. ``vector.Matcher`` chooses the pairs over them."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from . import weights as w
from .licences import valid_on
from .scoring import LEVELS, Context, level_rank
from .text import fold
from .types import JobProfile, WorkerProfile

_WORDS = 1  # 64-bit words a licence mask starts with; the masks widen as more names are seen


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
        self.words = _WORDS  # 64-bit words per licence mask; grows with the names seen
        self.tables: list[_Table] = []  # whose mask columns grow with it

    def trade(self, code: str) -> tuple[int, int, int]:
        parts = code.split("-") if code else []
        return self.code(code), self.minor("-".join(parts[:3])), self.middle("-".join(parts[:2]))

    def mask(self, names: Iterable[str]) -> np.ndarray:
        indexes = [self.licence(fold(name)) for name in names]
        if indexes and max(indexes) >= 64 * self.words:
            self.words = max(indexes) // 64 + 1
            for table in self.tables:  # workers' and jobs' masks must stay the same width
                table.widen_masks(self.words)
        bits = np.zeros(self.words, dtype=np.uint64)
        for i in indexes:
            bits[i // 64] |= np.uint64(1) << np.uint64(i % 64)
        return bits


class _Table:
    """Columns with spare capacity; ``rows`` maps an id to its row, dead rows are skipped."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.version = 0  # bumped on every change: indexes built from the table check it
        self.n = 0
        self.rows: dict[int, int] = {}
        self.free: list[int] = []  # rows of removed ids, reused before the table grows
        self.changed: set[int] = set()  # ids changed since the matcher last packed the table
        self.cols: dict[str, np.ndarray] = {}

    def _alloc(self, specs: dict[str, tuple[tuple[int, ...], type]], capacity: int) -> None:
        self.cols = {
            name: np.full((capacity, *shape), -1 if np.dtype(dt_).kind == "i" else 0, dtype=dt_)
            for name, (shape, dt_) in specs.items()
        }

    def _row_for(self, key: int) -> int:
        self.version += 1
        self.changed.add(key)
        if key in self.rows:
            return self.rows[key]
        if self.free:
            self.rows[key] = self.free.pop()
            return self.rows[key]
        if self.n == len(self.cols["id"]):
            self.cols = {
                name: np.concatenate([col, np.full_like(col, -1 if col.dtype.kind == "i" else 0)])
                for name, col in self.cols.items()
            }
        self.rows[key] = self.n
        self.n += 1
        return self.n - 1

    def remove(self, key: int) -> None:
        row = self.rows.pop(key, None)
        if row is not None:
            self.cols["alive"][row] = False
            self.free.append(row)
            self.changed.add(key)
            self.version += 1

    def widen_masks(self, words: int) -> None:
        for name in ("valid", "required"):
            if name in self.cols and self.cols[name].shape[1] < words:
                col = self.cols[name]
                self.cols[name] = np.concatenate(
                    [col, np.zeros((len(col), words - col.shape[1]), dtype=col.dtype)], axis=1
                )
                self.version += 1

    def live(self) -> np.ndarray:
        return np.flatnonzero(self.cols["alive"][: self.n])


WORKER_SIDE = (
    "town",
    "expected",
    "homebound",
    "commute",
    "housing",
    "meals",
    "avail",
    "older",
    "code",
    "minor",
    "middle",
    "rank",
    "valid",
    "age",
)
JOB_SIDE = (
    "town",
    "wage_min",
    "wage_max",
    "start",
    "housing",
    "meals",
    "over50",
    "beginners",
    "level",
    "code",
    "minor",
    "middle",
    "required",
    "has_required",
    "max_age",
)


class WorkerTable(_Table):
    def __init__(self, books: Books, ctx: Context, capacity: int = 1024, skills: int = 10) -> None:
        super().__init__(skills)
        self.books, self.ctx = books, ctx
        self._alloc(
            {
                "id": ((), np.int64),
                "alive": ((), np.bool_),
                "town": ((), np.int32),
                "expected": ((), np.int32),
                "homebound": ((), np.bool_),
                "commute": ((), np.bool_),
                "housing": ((), np.bool_),
                "meals": ((), np.bool_),
                "avail": ((), np.int32),
                "older": ((), np.bool_),
                "age": ((), np.int32),
                "code": ((skills,), np.int32),
                "minor": ((skills,), np.int32),
                "middle": ((skills,), np.int32),
                "rank": ((skills,), np.int8),
                "valid": ((books.words,), np.uint64),
            },
            capacity,
        )

    def side(self) -> tuple[np.ndarray, ...]:
        """The columns in the order the kernel reads them."""
        return tuple(self.cols[name] for name in WORKER_SIDE)

    def upsert(self, p: WorkerProfile) -> int:
        row = self._row_for(p.id)
        c, today = self.cols, self.ctx.today
        c["id"][row], c["alive"][row] = p.id, True
        c["town"][row] = self.books.town(p.home_township)
        c["expected"][row] = p.expected_wage
        c["homebound"][row] = p.work_area == "township"
        c["commute"][row], c["housing"][row], c["meals"][row] = (
            p.daily_commute,
            p.wants_housing,
            p.wants_meals,
        )
        c["avail"][row] = max(p.available_from or today, today).toordinal()
        c["age"][row] = today.year - p.birth_year if p.birth_year else 0
        c["older"][row] = bool(p.birth_year) and c["age"][row] >= w.AGE_OLDER
        for col in ("code", "minor", "middle", "rank"):
            c[col][row] = -1
        coded = [s for s in p.skills if s.code][: self.width]
        for i, item in enumerate(coded):
            c["code"][row, i], c["minor"][row, i], c["middle"][row, i] = self.books.trade(item.code)
            c["rank"][row, i] = level_rank(item)
        bits = self.books.mask(valid_on(p.certificates, today))
        self.widen_masks(len(bits))
        c["valid"][row] = bits
        return row


class JobTable(_Table):
    def __init__(self, books: Books, ctx: Context, capacity: int = 256, trades: int = 4) -> None:
        super().__init__(trades)
        self.books, self.ctx = books, ctx
        self._alloc(
            {
                "id": ((), np.int64),
                "alive": ((), np.bool_),
                "town": ((), np.int32),
                "wage_min": ((), np.int32),
                "wage_max": ((), np.int32),
                "start": ((), np.int32),
                "housing": ((), np.bool_),
                "meals": ((), np.bool_),
                "over50": ((), np.bool_),
                "beginners": ((), np.bool_),
                "max_age": ((), np.int32),
                "level": ((), np.int8),
                "code": ((trades,), np.int32),
                "minor": ((trades,), np.int32),
                "middle": ((trades,), np.int32),
                "required": ((books.words,), np.uint64),
                "has_required": ((), np.bool_),
            },
            capacity,
        )

    def side(self) -> tuple[np.ndarray, ...]:
        return tuple(self.cols[name] for name in JOB_SIDE)

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
        c["housing"][row], c["meals"][row], c["over50"][row] = (
            p.has_housing,
            p.has_meals,
            p.accepts_over_50,
        )
        c["max_age"][row] = p.max_age
        c["beginners"][row], c["level"][row] = p.takes_beginners, LEVELS.get(p.level, 0)
        for col in ("code", "minor", "middle"):
            c[col][row] = -1
        for i, code in enumerate(p.trades[: self.width]):
            c["code"][row, i], c["minor"][row, i], c["middle"][row, i] = self.books.trade(code)
        bits = self.books.mask(p.certificates)
        self.widen_masks(len(bits))
        c["required"][row] = bits
        c["has_required"][row] = bool(p.certificates)
        return row
