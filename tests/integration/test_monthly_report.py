"""The monthly report: a month's figures and charts as PDF (its text, a page that is drawn) and as
XLSX (the same tables as the overview), staff only, a bad month refused in Chinese."""

import io
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import login
from tests.integration.test_dashboard import MONTH, NOVEMBER, seed_november

PDF = "/reports/monthly/2025-11.pdf"
XLSX = "/reports/monthly/2025-11.xlsx"


@pytest.fixture
def staff(client, cast, db):
    db(lambda s: seed_november(s, cast))
    login(client, cast.staff)
    return client


def overview(staff) -> dict:
    return staff.get("/api/v1/stats/overview", params=MONTH).json()


def test_the_pdf_names_the_month_and_carries_every_figure_with_its_value(staff):
    r = staff.get(PDF)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    first = reader.pages[0].extract_text()
    flat = first.replace(" ", "").replace("\n", "")
    assert "月报（2025年11月）" in flat and "2025-11-01—2025-11-30" in flat
    for f in overview(staff)["figures"]:
        assert f["label"].replace(" ", "") in flat, f["label"]
    assert "105,000" in first and "经微信群链接的访问" in flat
    charts = "".join(page.extract_text() for page in reader.pages[1:])
    assert "2025-11" in charts and "巨龙镇" in charts  # the month chart's table, the township's


def test_the_pdf_page_is_drawn_not_blank(staff, tmp_path, artifacts):
    from PIL import Image

    (tmp_path / "report.pdf").write_bytes(staff.get(PDF).content)
    out = artifacts / "monthly-report"
    command = ["pdftoppm", "-png", "-r", "100", "-f", "2", "-l", "2", "-singlefile"]
    subprocess.run([*command, str(tmp_path / "report.pdf"), str(out)], check=True)
    image = Image.open(out.with_suffix(".png")).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * image.width * image.height  # the chart's bars and its table


def test_the_xlsx_holds_the_overviews_figures_and_breakdowns(staff):
    r = staff.get(XLSX)
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(r.content))
    answer = overview(staff)
    figures = list(book["指标"].iter_rows(values_only=True))
    assert figures[0] == ("指标", "数值", "口径")
    expected = [
        (f["label"], f["value"] if f["value"] is not None else "尚无数据", f["definition"])
        for f in answer["figures"]
    ]
    assert figures[1:] == expected
    assert {row[0]: row[1] for row in figures[1:]}["扶持资金（元）"] == NOVEMBER["support"]
    parts = [row for row in book["分项"].iter_rows(values_only=True)][1:]
    assert parts == [
        (f["label"], b["title"], r["name"], r["value"])
        for f in answer["figures"]
        for b in f["breakdowns"]
        for r in b["rows"]
    ]


def test_the_xlsx_has_each_charts_table(staff):
    book = load_workbook(io.BytesIO(staff.get(XLSX).content))
    for chart in overview(staff)["charts"]:
        rows = list(book[chart["key"]].iter_rows(values_only=True))
        assert rows[0] == (chart["column"], chart["title"])
        got = {name: n for name, n in rows[1:]}
        if chart["key"] == "signed-by-month":  # the report's month chart shows the whole year
            assert len(got) == 12 and got["2025-11"] == 3 and sum(got.values()) == 3
        else:
            assert got == {r["name"]: r["value"] for r in chart["rows"]}


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/reports/monthly/2025-13.pdf", 404, "页面不存在"),
        ("/reports/monthly/11-2025.xlsx", 404, "页面不存在"),
        ("/reports/monthly/2025-11.doc", 404, "页面不存在"),
        ("/reports/monthly/2999-01.pdf", 400, "这个月份还没有开始"),
        ("/reports/monthly/1999-12.xlsx", 400, "2000 年以前"),
    ],
)
def test_a_bad_month_is_refused_in_chinese(staff, path, status, says):
    r = staff.get(path)
    assert r.status_code == status and says in r.text
