"""Bulk import of worker archives from a station's spreadsheet: each row checked as the archive form
checks it, consent required, duplicates of archives kept apart and shown beside them, the rest in one
transaction; the page hands the file to a background import and follows it to the result."""

import io
import itertools

from openpyxl import Workbook
from sqlalchemy import func, select
from stdnum.cn import ric

from portal.cli import main as portal
from portal.models import Worker
from tests.factories import eventually, login

HEAD = ["姓名", "手机号", "身份证号", "户籍乡镇", "技能", "期望工资", "务工城市", "同意建档"]
CAST_ID = "11010519491231002X"  # the cast's worker, already in an archive
_ids = itertools.count(700)
_phones = itertools.count(15800000000)


def fresh_id() -> str:
    body = f"51132319850101{next(_ids):03d}"
    return body + ric.calc_check_digit(body + "0")


def good_row(name: str = "张建国", **change) -> list:
    row = {
        "姓名": name,
        "手机号": str(next(_phones)),
        "身份证号": fresh_id(),
        "户籍乡镇": "锦屏镇",
        "技能": "电焊、木工",
        "期望工资": 6000,
        "务工城市": "广州",
        "同意建档": "是",
    } | change
    return [row[h] for h in HEAD]


def xlsx(rows: list[list], head=HEAD) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def archives(db) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(Worker)))


def spreadsheet() -> list[list]:
    first = good_row("张建国")
    return [
        first,  # row 2: imported
        good_row("李四", 手机号="12345"),  # row 3: phone wrong
        good_row("王五", 同意建档=""),  # row 4: no consent
        good_row("赵六", 身份证号=CAST_ID),  # row 5: an archive has this ID number
        good_row("钱七", 手机号=first[1]),  # row 6: the same phone as row 2
        good_row("孙八", 同意建档="电话"),  # row 7: imported, consent by phone
    ]


def run(settings, path, *extra) -> int:
    return portal(["import-workers", str(path), "--database-url", settings.database_url, *extra])


def test_the_command_imports_good_rows_and_reports_errors_consent_and_duplicates(
    cast, settings, db, tmp_path, capsys
):
    path = tmp_path / "guangzhou.xlsx"
    path.write_bytes(xlsx(spreadsheet()))
    code = run(settings, path, "--station", "2")
    out = capsys.readouterr().out
    assert code == 3
    assert "6 rows, 2 imported, 3 rows with errors, 1 already in an archive" in out
    assert archives(db) == 3  # the cast's worker and the two new ones
    made = db(lambda s: s.scalars(select(Worker).where(Worker.name.in_(["张建国", "孙八"]))))
    made = {w.name: w for w in made}
    assert {w.station_id for w in made.values()} == {2}
    assert made["孙八"].consent_method == "phone" and made["张建国"].consent_at is not None
    assert [s.name for s in made["张建国"].skills] == ["电焊", "木工"]
    report = (tmp_path / "guangzhou.errors.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "行,栏目,问题"
    rows = {line.split(",")[0]: line for line in report[1:]}
    assert "手机号" in rows["3"] and "同意" in rows["4"] and "第 2 行" in rows["6"]
    assert "已有档案" in rows["5"] and "李国华" in rows["5"]


def test_a_dry_run_or_an_all_or_nothing_run_with_a_bad_row_imports_nothing(
    cast, settings, db, tmp_path, capsys
):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(xlsx(spreadsheet()))
    assert run(settings, path, "--station", "2", "--dry-run") == 3
    assert "dry run: nothing imported" in capsys.readouterr().out
    assert run(settings, path, "--station", "2", "--strict") == 3
    assert "strict: nothing imported" in capsys.readouterr().out
    assert archives(db) == 1


def test_a_sheet_without_the_consent_column_imports_nothing(cast, settings, db, tmp_path, capsys):
    path = tmp_path / "no-consent.xlsx"
    path.write_bytes(xlsx([good_row()[:-1]], head=HEAD[:-1]))
    assert run(settings, path, "--station", "2") == 1
    assert "同意建档" in capsys.readouterr().err
    assert archives(db) == 1


def test_an_unknown_station_imports_nothing(cast, settings, db, tmp_path, capsys):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(xlsx([good_row()]))
    assert run(settings, path, "--station", "9") == 1
    assert "没有这个编号的工作站" in capsys.readouterr().err
    assert archives(db) == 1


def test_the_page_imports_in_the_background_and_shows_duplicates_beside_their_archive(
    client, cast, db
):
    login(client, cast.staff)
    client.get("/staff/import-workers")
    token = client.cookies.get("csrftoken")
    r = client.post(
        "/staff/import-workers",
        data={"station": "2", "_csrf_token": token},
        files={"file": ("guangzhou.xlsx", xlsx(spreadsheet()))},
        follow_redirects=False,
    )
    assert r.status_code in (302, 303), r.text
    follow = r.headers["location"]

    def done():
        page = client.get(follow).text
        return page if 'id="import-result"' in page else None

    page = eventually(done, what="the import's result")
    assert "共读取 6 行，导入档案 2 份，3 行有错误，1 行已有档案" in page
    duplicates = page.split('id="import-duplicates"')[1]
    assert "赵六" in duplicates and "李国华" in duplicates and "110105********002X" in duplicates
    assert CAST_ID not in page  # ID numbers only masked
    assert archives(db) == 3
    report = client.get(follow + "/report.csv")
    assert report.status_code == 200 and "已有档案" in report.text
    partial = client.get(follow, headers={"hx-request": "true"}).text
    assert partial.lstrip().startswith('<section id="import-run"')


def test_the_page_refuses_an_upload_without_a_station_or_a_file(client, cast, db):
    login(client, cast.staff)
    client.get("/staff/import-workers")
    token = client.cookies.get("csrftoken")
    r = client.post(
        "/staff/import-workers",
        data={"station": "", "_csrf_token": token},
        files={"file": ("a.xlsx", xlsx([good_row()]))},
    )
    assert r.status_code == 400 and "请选择档案所属的工作站" in r.text
    r = client.post("/staff/import-workers", data={"station": "2", "_csrf_token": token})
    assert r.status_code == 400 and "xlsx" in r.text
    assert client.get("/staff/import-workers/nonsense").status_code == 404
    assert archives(db) == 1
