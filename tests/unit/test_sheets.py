"""Spreadsheet cells the portal writes: text that would start a formula is neutralised, the rest kept."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from portal.sheets import append_row, csv_row, safe_value


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "＝1+1", "=cmd|' /C calc'!A0"]
)
def test_text_that_would_start_a_formula_gets_a_leading_apostrophe(text):
    assert safe_value(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["电焊工", "蓬安县锦屏镇", "", " =1+1 在中间", 6500, -3, dt.date(2027, 3, 1), None]
)
def test_ordinary_text_numbers_and_dates_are_left_as_they_are(value):
    assert safe_value(value) == value


def test_a_csv_row_is_neutralised_cell_by_cell():
    assert csv_row([2, "=HYPERLINK(1)", "工资"]) == [2, "'=HYPERLINK(1)", "工资"]


def test_an_excel_row_has_no_formula_when_opened_again():
    book = Workbook()
    append_row(
        book.active, ['=HYPERLINK("http://x.cn")', 6500, dt.date(2027, 3, 1), "电焊工", None, "@A1"]
    )
    buf = io.BytesIO()
    book.save(buf)
    row = next(load_workbook(io.BytesIO(buf.getvalue())).active.iter_rows())
    assert [c.data_type for c in row] == ["s", "n", "d", "s", "n", "s"]
    assert [c.value for c in row][:4] == [
        '\'=HYPERLINK("http://x.cn")',
        6500,
        dt.datetime(2027, 3, 1),
        "电焊工",
    ]
