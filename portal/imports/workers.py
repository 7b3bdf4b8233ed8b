"""Bulk entry of worker archives: a station's spreadsheet (.xlsx or .csv), checked row by row.

Every row goes through the archive form's own parser (``parse_worker_form``), as if staff typed it.
The consent column is required and every row must say the worker agreed (是 / 签字 / 电话): a row
without it is refused. A row whose ID number or phone an archive already has is a duplicate: it is
not imported but kept apart, shown beside the archive it clashes with, for staff to decide. Rows
that repeat an earlier row of the same file are errors. The good rows are imported together in one
transaction; with ``strict`` any bad row imports nothing (duplicates never count as bad).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import TradeVocabulary
from search.normalize import to_simplified

from ..forms import FormError, Message, split_list
from ..i18n import N_
from ..models import Station, Worker, WorkerSkill, utcnow
from ..reference import find_township
from ..security import mask_id_number, mask_phone
from ..workers.form import WorkerForm, parse_worker_form
from .service import MAX_ROWS, ImportRefused, RowError, read_table

CHUNK = 500  # rows checked between progress reports (and flushed per part when stored)

# Column headings as stations write them (Simplified, after Traditional is folded) -> form field.
COLUMNS: dict[str, str] = {
    "姓名": "name",
    "手机号": "phone",
    "手机": "phone",
    "联系电话": "phone",
    "电话": "phone",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "身份证": "id_number",
    "户籍乡镇": "home_township",
    "乡镇": "home_township",
    "户籍地": "home_township",
    "出生年份": "birth_year",
    "技能": "skills",
    "技能特长": "skills",
    "工种": "skills",
    "证书": "certificates",
    "职业资格证书": "certificates",
    "期望工资": "expected_wage",
    "期望月薪": "expected_wage",
    "务工城市": "current_city",
    "所在城市": "current_city",
    "工作单位": "current_employer",
    "现工作单位": "current_employer",
    "从事工作": "occupation",
    "外出年限": "years_away",
    "文化程度": "education",
    "学历": "education",
    "就业意向": "intent",
    "可到岗日期": "available_from",
    "同意建档": "consent",
    "本人同意": "consent",
    "同意": "consent",
    "备注": "family_notes",
    "家庭情况": "family_notes",
}
FIELDS = set(COLUMNS.values())
REQUIRED = ("name", "phone", "id_number", "home_township", "expected_wage", "consent")
OPTIONAL = tuple(dict.fromkeys(f for f in COLUMNS.values() if f not in REQUIRED))
HEADING = {f: next(h for h, v in COLUMNS.items() if v == f) for f in FIELDS}
# What the consent column may say: agreed in person (signed) or by phone; anything else is no.
CONSENT = {"是": "in_person", "同意": "in_person", "签字": "in_person", "已签字": "in_person"}
CONSENT |= {"当面": "in_person", "y": "in_person", "yes": "in_person", "1": "in_person"}
CONSENT |= {"√": "in_person", "✓": "in_person", "电话": "phone", "电话同意": "phone"}
INTENTS = {"返乡就业": "local_job", "回乡就业": "local_job", "返乡创业": "business"}
INTENTS |= {"回乡创业": "business", "暂不返乡": "stay_away", "不返乡": "stay_away"}
NO_CONSENT = N_(
    "No consent in this row: an archive is kept only if the worker agreed (是, 签字 or 电话)."
)
REPEATED = N_("The same %(what)s as row %(row)s of this file.")


@dataclass(frozen=True)
class Duplicate:
    """A row whose ID number or phone an archive already has: the file's row beside the archive."""

    row: int
    field: str  # id_number / phone
    file: dict[str, str]  # masked: what the row says
    archive: dict[str, Any]  # masked: the archive it clashes with, and its id and station


@dataclass
class WorkerImport:
    rows: int = 0
    imported: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


def headings(row: list[str]) -> list[str | None]:
    out: list[str | None] = []
    for text in row:
        key = to_simplified(text.strip().replace(" ", "")).lower()
        out.append(COLUMNS.get(key) or (key if key in FIELDS else None))
    return out


def raw_row(fields: list[str | None], row: list[str], station_id: int) -> dict[str, Any]:
    """A row as the archive form's fields; the station is the one importing."""
    raw: dict[str, Any] = {"station_id": station_id}
    for name, value in zip(fields, row):
        if name is None or name in raw:
            continue
        value = value.strip()
        if name == "consent":
            method = CONSENT.get(value.lower())
            raw["consent"], raw["consent_method"] = bool(method), method or "in_person"
        elif name == "skills":
            raw["skills"] = [{"name": s} for s in split_list(value)]
        elif name == "intent":
            raw["intent"] = INTENTS.get(value, value)
        else:
            raw[name] = value
    return raw


def check_table(table: list[list[str]]) -> tuple[list[str | None], list[list[str]]]:
    """The headings checked (the required columns, the consent column among them); the body."""
    if not table:
        raise ImportRefused(N_("The file is empty."))
    fields = headings(table[0])
    missing = [HEADING[f] for f in REQUIRED if f not in fields]
    if missing:
        raise ImportRefused(
            N_("Columns missing: %(names)s. The first row must hold the column names."),
            names="、".join(missing),
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportRefused(N_("More than %(n)s rows; split the file."), n=MAX_ROWS)
    return fields, table[1:]


def check_rows(
    fields: list[str | None],
    body: list[tuple[int, list[str]]],
    station_id: int,
    trades: TradeVocabulary | None,
    timings: list[float] | None = None,
) -> tuple[list[tuple[int, WorkerForm]], list[RowError]]:
    """Blocking: each row parsed as the archive form parses it (numbered as the sheet numbers it)."""
    good, errors = [], []
    for number, row in body:
        if not any(cell.strip() for cell in row):
            continue
        started = time.perf_counter()
        try:
            good.append(
                (number, parse_worker_form(raw_row(fields, row, station_id), trades=trades))
            )
        except FormError as exc:
            found = dict(exc.errors)
            if "consent" in found:
                found["consent"] = Message(NO_CONSENT)
            errors.extend(RowError(number, f, m.msgid, m.params) for f, m in found.items())
        if timings is not None:
            timings.append(time.perf_counter() - started)
    return good, errors


def repeated_in_file(good: list[tuple[int, WorkerForm]]) -> tuple[list, list[RowError]]:
    """Rows repeating an earlier row's ID number or phone are errors; the first one stays."""
    seen: dict[tuple[str, str], int] = {}
    kept, errors = [], []
    for number, form in good:
        keys = [("id_number", form.id_number), ("phone", form.phone)]
        first = next(((k, seen[k]) for k in keys if k in seen), None)
        if first is not None:
            what = HEADING[first[0][0]]
            errors.append(RowError(number, first[0][0], REPEATED, {"what": what, "row": first[1]}))
            continue
        seen.update({k: number for k in keys})
        kept.append((number, form))
    return kept, errors


def _file_side(form: WorkerForm) -> dict[str, str]:
    township = find_township(form.home_township_code)
    return {
        "name": form.name,
        "phone": mask_phone(form.phone),
        "id_number": mask_id_number(form.id_number),
        "township": township.name if township else "",
    }


def _archive_side(worker: Worker) -> dict[str, Any]:
    return {
        "id": worker.id,
        "name": worker.name,
        "phone": mask_phone(worker.phone),
        "id_number": mask_id_number(worker.id_number),
        "township": worker.home_township.name,
        "station": worker.station.name if worker.station else "",
    }


async def split_duplicates(
    session: AsyncSession, good: list[tuple[int, WorkerForm]]
) -> tuple[list[tuple[int, WorkerForm]], list[Duplicate]]:
    """The rows no archive has yet, and the duplicates kept apart (matched by ID number or phone)."""
    by_id, by_phone = {}, {}
    for i in range(0, len(good), CHUNK):
        part = [form for _n, form in good[i : i + CHUNK]]
        ids, phones = [f.id_number for f in part], [f.phone for f in part]
        found = await session.scalars(
            select(Worker).where(or_(Worker.id_number.in_(ids), Worker.phone.in_(phones)))
        )
        for w in found:
            by_id[w.id_number], by_phone[w.phone] = w, w
    fresh, duplicates = [], []
    for number, form in good:
        clash = by_id.get(form.id_number) or by_phone.get(form.phone)
        if clash is None:
            fresh.append((number, form))
            continue
        where = "id_number" if clash.id_number == form.id_number else "phone"
        duplicates.append(Duplicate(number, where, _file_side(form), _archive_side(clash)))
    return fresh, duplicates


async def store(
    session: AsyncSession, fresh: list[tuple[int, WorkerForm]], recorded_by: int | None
) -> list[int]:
    """The new archives in one transaction, flushed in parts so other requests are served between."""
    now, workers = utcnow(), []
    try:
        for i in range(0, len(fresh), CHUNK):
            part = []
            for _number, form in fresh[i : i + CHUNK]:
                values = {k: v for k, v in form.__dict__.items() if k != "skills"}
                part.append(
                    Worker(
                        **values,
                        skills=[WorkerSkill(**s) for s in form.skills],
                        consent_at=now,
                        consent_recorded_by_id=recorded_by,
                    )
                )
            session.add_all(part)
            await session.flush()
            workers.extend(part)
            await anyio.sleep(0)
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    return [w.id for w in workers]


Progress = Callable[[int, int], Awaitable[None]]


async def import_workers(
    session: AsyncSession,
    station_id: int,
    data: bytes,
    filename: str,
    trades: TradeVocabulary | None,
    *,
    recorded_by: int | None = None,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    timings: list[float] | None = None,
) -> WorkerImport:
    """Read and check the file (in a worker thread, a part at a time, reporting ``progress(done,
    total)``), keep duplicates apart, then import the rest unless ``dry_run`` (or ``strict`` and a row
    is bad)."""
    if await session.get(Station, station_id) is None:
        raise ImportRefused(N_("There is no station with this number."))
    table = await anyio.to_thread.run_sync(read_table, data, filename)
    fields, body = check_table(table)
    numbered = list(enumerate(body, start=2))
    good, errors = [], []
    for i in range(0, len(numbered), CHUNK):
        part = numbered[i : i + CHUNK]
        ok, bad = await anyio.to_thread.run_sync(
            check_rows, fields, part, station_id, trades, timings
        )
        good.extend(ok)
        errors.extend(bad)
        if progress is not None:
            await progress(min(i + CHUNK, len(numbered)), len(numbered))
    good, repeats = repeated_in_file(good)
    errors = sorted(errors + repeats, key=lambda e: e.row)
    fresh, duplicates = await split_duplicates(session, good)
    rows = len(good) + len({e.row for e in errors})  # duplicates are among the good rows
    result = WorkerImport(rows, [], errors, duplicates, dry_run=dry_run, strict=strict)
    if dry_run or (strict and errors):
        return result
    result.imported = await store(session, fresh, recorded_by)
    return result
