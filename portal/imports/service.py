"""Bulk entry: an employer's spreadsheet of vacancies (.xlsx or .csv), checked row by row.

Every row goes through the same form parser and the same screening as a vacancy typed on the
page. The valid rows are imported together in one transaction; the bad rows are not imported and
come back in a report (row number, column, problem). With ``strict`` one bad row imports nothing.
If the database refuses the batch, nothing is imported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import TradeVocabulary
from search.normalize import to_simplified

from ..employers.service import EmployerService
from ..forms import FormError
from ..i18n import N_, gettext
from ..jobs.form import parse_job_form
from ..jobs.screening import Finding, rules
from ..jobs.service import JobService, screened_text
from ..models import Employer, Job, SearchOutbox, Township
from ..sheets import csv_row

MAX_ROWS = 10_000
MAX_COLUMNS = 60  # more than every heading twice; a sheet claiming 16,384 columns is read to here
MAX_BYTES = 8 * 1024 * 1024
# An .xlsx is a zip of XML: what it unpacks to is checked before any XML is read.
MAX_UNPACKED = 50 * 1024 * 1024
MAX_RATIO = 100  # Excel's sheets pack 5-20 to 1; a part packed much tighter is a zip bomb
HEAD_BYTES = 64 * 1024  # where an XML part's DTD would be, before its first element
# Reading and checking a spreadsheet is seconds of CPU: done in a worker thread, two imports at a time
# per process (a third waits its turn), so the event loop keeps answering everyone else.
_IMPORTS = anyio.CapacityLimiter(2)
FLUSH_ROWS = 250

# Column headings as employers write them (Simplified, after Traditional is folded), and the form field each fills.
COLUMNS: dict[str, str] = {
    "岗位名称": "title",
    "岗位": "title",
    "职位": "title",
    "岗位描述": "description",
    "岗位职责": "description",
    "描述": "description",
    "工作内容": "description",
    "工作乡镇": "township",
    "乡镇": "township",
    "工作地点": "township",
    "工作地址": "address",
    "地址": "address",
    "行业": "industry",
    "工种代码": "trade_code",
    "职业代码": "trade_code",
    "工资单位": "wage_unit",
    "计薪方式": "wage_unit",
    "最低工资": "wage_min",
    "工资下限": "wage_min",
    "最高工资": "wage_max",
    "工资上限": "wage_max",
    "招聘人数": "headcount",
    "人数": "headcount",
    "技能要求": "skills",
    "技能": "skills",
    "证书要求": "certificates",
    "证书": "certificates",
    "包住": "has_housing",
    "包吃": "has_meals",
    "社保": "social_insurance",
    "社会保险": "social_insurance",
    "工作时间": "hours",
    "班次": "hours",
    "最小年龄": "age_min",
    "年龄下限": "age_min",
    "最大年龄": "age_max",
    "年龄上限": "age_max",
    "接受50岁以上": "accepts_over_50",
    "可带学徒": "takes_beginners",
    "到岗日期": "start_date",
    "截止日期": "closes_on",
}
FIELDS = set(COLUMNS.values())
# Columns a sheet must have; without 行业 or 技能 a row's industry and skills follow from its trade.
REQUIRED = ("title", "description", "township", "wage_min", "wage_max", "headcount")
HEADING = {
    f: next(h for h, v in COLUMNS.items() if v == f) for f in FIELDS
}  # the first heading names the field
YES = {"是", "有", "包", "√", "✓", "y", "yes", "1", "true", "on"}
UNITS = {
    "月": "month",
    "按月": "month",
    "月薪": "month",
    "天": "day",
    "日": "day",
    "按天": "day",
    "日薪": "day",
    "计件": "piece",
    "件": "piece",
}
INSURANCE = {
    "不缴": "none",
    "无": "none",
    "没有": "none",
    "工伤": "injury",
    "工伤保险": "injury",
    "五险": "five",
    "五险一金": "five_one",
}
# The optional columns, in the order the page lists them (the first heading of each field).
OPTIONAL = tuple(dict.fromkeys(f for f in COLUMNS.values() if f not in REQUIRED))


class ImportRefused(Exception):
    """The file as a whole cannot be read: nothing is imported. ``msgid`` and ``params`` say why."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid, self.params = msgid, params

    def render(self, lang: str) -> str:
        return gettext(lang, self.msgid, **self.params)


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the heading is row 1)
    field: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def column(self) -> str:
        return HEADING.get(self.field, self.field)


@dataclass
class ImportResult:
    rows: int
    imported: list[int]
    errors: list[RowError]
    published: int
    held: int  # imported but waiting (screening found something, or the employer is not verified)

    def report_csv(self, lang: str) -> str:
        """The per-row error report, as CSV Excel opens (UTF-8 with a byte-order mark)."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(csv_row(gettext(lang, m) for m in (N_("Row"), N_("Column"), N_("Problem"))))
        for e in self.errors:
            writer.writerow(csv_row([e.row, e.column(), gettext(lang, e.msgid, **e.params)]))
        return out.getvalue()


def _cell(value: Any) -> str:
    """A spreadsheet cell as the form parser reads typed text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_xlsx(data: bytes) -> None:
    """Refuse, before openpyxl reads it, an .xlsx that unpacks to too much or declares a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            if sum(p.file_size for p in parts) > MAX_UNPACKED or any(
                _packed_too_tight(p) for p in parts
            ):
                raise ImportRefused(
                    N_(
                        "The file unpacks to more than %(mb)s MB, more than any list of vacancies; "
                        "split it or save it again from Excel or WPS."
                    ),
                    mb=MAX_UNPACKED // 1024 // 1024,
                )
            if any(_declares_dtd(zf, p) for p in parts if p.filename.endswith((".xml", ".rels"))):
                raise ImportRefused(
                    N_(
                        "The file contains XML declarations the portal does not read; "
                        "save it again from Excel or WPS."
                    )
                )
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ):
        raise ImportRefused(N_("This is not an Excel (.xlsx) file that can be read.")) from None


def _packed_too_tight(part: zipfile.ZipInfo) -> bool:
    return part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1)


def _declares_dtd(zf: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """A DOCTYPE (and with it entity declarations) in the prolog, before the root element."""
    with zf.open(part) as fh:
        head = fh.read(HEAD_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    elif b"\x00" in head[:4]:  # UTF-16 without its mark
        text = head.decode("utf-16-be" if head[:1] == b"\x00" else "utf-16-le", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    root = re.search(r"<[A-Za-z_]", text)
    if root is None:
        return len(head) == HEAD_BYTES  # a prolog this long hides something
    prolog = text[: root.start()].upper()
    return "<!DOCTYPE" in prolog or "<!ENTITY" in prolog


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(N_("This is not an Excel (.xlsx) file that can be read.")) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the sheet's own claim (A1:XFD1048576) would pad every row to it
        rows = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            rows.append([_cell(v) for v in row])
        return rows
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        SyntaxError,
    ):  # XML errors are SyntaxErrors
        raise ImportRefused(N_("This is not an Excel (.xlsx) file that can be read.")) from None
    finally:
        book.close()


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The rows of an .xlsx (first sheet) or .csv file (UTF-8 or GB18030), as text. Blocking (seconds
    for a large sheet): requests call it through ``import_jobs``, in a worker thread."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            N_("The file is larger than %(mb)s MB; split it."), mb=MAX_BYTES // 1024 // 1024
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRefused(N_("The CSV file is neither UTF-8 nor GBK text."))
        if "\x00" in text:
            raise ImportRefused(N_("The CSV file is neither UTF-8 nor GBK text."))
        try:
            return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error:
            raise ImportRefused(N_("The CSV file could not be read.")) from None
    raise ImportRefused(N_("Please upload an .xlsx or .csv file."))


def _headings(row: list[str]) -> list[str | None]:
    """Each column's form field, from its heading (extra columns are ignored)."""
    out: list[str | None] = []
    for text in row:
        key = to_simplified(text.strip().replace(" ", "")).lower()
        out.append(COLUMNS.get(key) or (key if key in FIELDS else None))
    return out


def _raw(fields: list[str | None], row: list[str]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for name, value in zip(fields, row):
        if name is None or name in raw:
            continue
        if name in ("has_housing", "has_meals", "accepts_over_50", "takes_beginners"):
            value = "1" if value.strip().lower() in YES else ""
        elif name == "wage_unit":
            value = UNITS.get(to_simplified(value), value) if value else "month"
        elif name == "social_insurance":
            value = INSURANCE.get(to_simplified(value), value)
        raw[name] = value
    return raw


def check_rows(
    table: list[list[str]], trades: TradeVocabulary | None
) -> tuple[list[tuple[int, Any]], list[RowError]]:
    """Parse every row; the good ones as (row number, JobForm), the bad ones as errors, one per field."""
    if not table:
        raise ImportRefused(N_("The file is empty."))
    fields = _headings(table[0])
    missing = [HEADING[f] for f in REQUIRED if f not in fields]
    if missing:
        raise ImportRefused(
            N_("Columns missing: %(names)s. The first row must hold the column names."),
            names="、".join(missing),
        )
    body = table[1:]
    if len(body) > MAX_ROWS:
        raise ImportRefused(N_("More than %(n)s rows; split the file."), n=MAX_ROWS)
    good, errors = [], []
    for number, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines between blocks
        try:
            good.append((number, parse_job_form(_raw(fields, row), trades)))
        except FormError as exc:
            errors.extend(
                RowError(number, name, m.msgid, m.params) for name, m in exc.errors.items()
            )
    return good, errors


async def find_employer(session: AsyncSession, code: str) -> Employer:
    employer = await EmployerService(session).by_code(code)
    if employer is None:
        raise ImportRefused(N_("No employer with this credit code is registered."))
    if employer.status in ("blocked", "rejected"):
        raise ImportRefused(N_("This employer may not post vacancies."))
    return employer


def _read_and_check(
    data: bytes, filename: str, trades: TradeVocabulary | None, strict: bool
) -> tuple[list, list, dict]:
    """Blocking: the file read, every row parsed, and the text of the good rows screened
    (unless ``strict`` and a row is bad: nothing will be imported)."""
    good, errors = check_rows(read_table(data, filename), trades)
    screen = rules()
    found: dict[str, list[Finding]] = {}
    for _number, form in [] if strict and errors else good:
        text = screened_text(form)
        if text not in found:
            found[text] = screen.text(text)
    return good, errors, found


async def import_jobs(
    session: AsyncSession,
    employer: Employer,
    data: bytes,
    filename: str,
    trades: TradeVocabulary | None,
    *,
    strict: bool = False,
) -> ImportResult:
    """Check the whole file, then import the valid rows in one transaction (none if ``strict`` and any is bad)."""
    async with _IMPORTS:
        good, errors, found = await anyio.to_thread.run_sync(
            _read_and_check, data, filename, trades, strict
        )
        return await _store(session, employer, good, errors, found, strict)


async def _store(
    session: AsyncSession,
    employer: Employer,
    good: list,
    errors: list[RowError],
    found: dict[str, list[Finding]],
    strict: bool,
) -> ImportResult:
    rows = len(good) + len({e.row for e in errors})
    if strict and errors:
        return ImportResult(rows, [], errors, 0, 0)
    townships = {t.code: t for t in await session.scalars(select(Township))}
    service = JobService(session)
    service.prime_texts(found)
    await service.prime_repeats(employer.id, [form.description for _n, form in good])
    jobs = []
    try:
        for number, form in good:
            job = Job(employer_id=employer.id, status="draft", **form.__dict__)
            job.employer, job.township = employer, townships[form.township_code]
            await service.place(job)  # screened before it is added: no autoflush per row
            jobs.append(job)
            if number % 20 == 0:
                await anyio.sleep(0)  # place() rarely waits on the database: let other requests in
        # One transaction, flushed in parts: other requests are served between them.
        for i in range(0, len(jobs), FLUSH_ROWS):
            part = jobs[i : i + FLUSH_ROWS]
            session.add_all(part)
            await session.flush()
            session.add_all(SearchOutbox(entity="job", entity_id=job.id) for job in part)
            await anyio.sleep(0)
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    published = sum(1 for j in jobs if j.status == "published")
    return ImportResult(rows, [j.id for j in jobs], errors, published, len(jobs) - published)


class ImportService:
    """The staff page's one call: find the employer by its credit code, then import its file.
    (The command line calls ``find_employer`` and ``import_jobs`` with its own session.)"""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upload(
        self, code: str, data: bytes, filename: str, trades: TradeVocabulary, *, strict: bool
    ) -> tuple[Employer, ImportResult]:
        employer = await find_employer(self.session, code)
        result = await import_jobs(self.session, employer, data, filename, trades, strict=strict)
        return employer, result


async def provide_import_service(db_session: AsyncSession) -> ImportService:
    return ImportService(db_session)
