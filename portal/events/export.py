"""An event's contracts as an Excel workbook, for the county's own reporting (in Chinese, whoever
asks: the county files it as it is)."""

from __future__ import annotations

import io
from typing import Any

from ..contracts.states import label_zh
from ..models import Contract, Event, Worker
from ..security import mask_id_number
from ..sheets import append_row

# Column heading and width, in the order of ``_row``.
COLUMNS = (
    ("合同编号", 18),
    ("状态", 10),
    ("务工人员", 10),
    ("身份证号（脱敏）", 22),
    ("户籍乡镇", 10),
    ("工作站", 16),
    ("用人单位", 28),
    ("统一社会信用代码", 22),
    ("岗位", 14),
    ("月工资", 8),
    ("工作地点", 30),
    ("到岗日期", 12),
    ("试用期（月）", 8),
    ("签订时间", 18),
    ("报到日期", 12),
    ("在岗30天", 8),
    ("在岗90天", 8),
    ("取消原因", 20),
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _worker_cells(worker: Worker) -> tuple[str, str, str]:
    station = worker.station.name if worker.station else ""
    return mask_id_number(worker.id_number), worker.home_township.name, station


def _row(c: Contract) -> list[Any]:
    worker, employer = c.worker, c.job.employer
    return [
        c.number,
        label_zh(c.status),
        c.party_name,
        *(_worker_cells(worker) if worker else ("", "", "")),  # none once the account is deleted
        employer.name,
        employer.credit_code,
        c.position,
        c.wage,
        c.workplace,
        c.start_date,
        c.probation_months,
        c.signed_at.replace(tzinfo=None) if c.signed_at else None,  # Excel keeps no time zone
        c.reported_at,
        "是" if c.in_post_30_at else "",
        "是" if c.in_post_90_at else "",
        c.cancel_reason,
    ]


def contracts_xlsx(event: Event, contracts: list[Contract]) -> bytes:
    """A title line, the headings, one row per contract; every text cell stays text (sheets.py)."""
    from openpyxl import Workbook  # loaded only when a workbook is written
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "意向合同"
    append_row(sheet, [f"{event.title}（{event.held_on.isoformat()}，{event.place}）"])
    append_row(sheet, [heading for heading, _ in COLUMNS])
    for c in contracts:
        append_row(sheet, _row(c))
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
