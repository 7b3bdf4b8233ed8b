"""Cells of the spreadsheets the portal writes (the Excel export of an event's contracts, the CSV
report of an import): text someone typed stays text.

Excel, WPS and LibreOffice read a cell that starts with = + - @ (or a tab or carriage return) as a
formula: a position typed as ``=cmd|' /C calc'!A0`` or a name ``=HYPERLINK(...)`` would run or
link when staff open the file. Such text gets a leading apostrophe, as OWASP advises for CSV, and
Excel cells are typed as text besides. Numbers and dates are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# Full-width forms too: Chinese input methods type them, and some programs read them as the ASCII ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_value(value: Any) -> Any:
    """A cell's value that no spreadsheet program will take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``, every text neutralised."""
    return [safe_value(v) for v in values]


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet: text neutralised and typed as text, never a formula."""
    from openpyxl.cell.cell import Cell  # openpyxl loads only when a sheet is written

    cells = []
    for value in values:
        cell = Cell(sheet, value=safe_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)
