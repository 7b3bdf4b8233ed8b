"""Job fairs and their contracts: numbering per event, the lifecycle, bad input, PDF, Excel, statistics."""

import asyncio
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.contracts.service import ContractService
from portal.models import Contract, FollowUp, User, Worker
from tests.factories import add_job, future, login

CAST_CODE = "91511323MA6X0Q1231"


@pytest.fixture
def staff(client, cast):
    login(client, cast.staff)
    return client


@pytest.fixture
def fair(staff, cast, settings):
    """A job fair where the cast's employer offers two vacancies (one with a single place)."""
    asyncio.run(add_job(settings.database_url, cast.employer_id, headcount=5))
    asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            title="钢筋工",
            description="县城工地招钢筋工，包住。",
            headcount=1,
            trade_code="",
        )
    )
    event = staff.post(
        "/api/v1/events",
        json={
            "kind": "job_fair",
            "title": "2027年春风行动专场招聘会",
            "held_on": dt.date.today().isoformat(),
            "place": "蓬安县人力资源市场",
        },
    ).json()
    added = staff.post(f"/api/v1/events/{event['id']}/jobs", json={"employer": CAST_CODE}).json()
    assert added["added"] == 2
    return {**event, "jobs": added["jobs"]}


def contract(staff, worker_id, job_id, event_id=None, **more):
    body = {"worker_id": worker_id, "job_id": job_id, "wage": 6500, "start_date": future(), **more}
    if event_id:
        body["event_id"] = event_id
    return staff.post("/api/v1/contracts", json=body)


def test_a_contract_at_a_fair_is_numbered_by_year_event_and_sequence(staff, cast, fair):
    r = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"])
    assert r.status_code == 201, r.text
    year = dt.date.today().year
    assert r.json()["number"] == f"PA{year}-E{fair['id']:03d}-0001"
    assert r.json()["verify_url"].startswith("/contracts/verify/")


def test_a_vacancy_not_offered_at_the_fair_is_refused(staff, cast, fair, settings, db):
    other = asyncio.run(
        add_job(
            settings.database_url, cast.employer_id, title="电工", description="县城电工，持证。"
        )
    )
    r = contract(staff, cast.worker_id, other, fair["id"])
    assert r.status_code == 400 and "本次活动" in r.json()["errors"]["job_id"]
    assert db(lambda s: s.scalar(select(func.count()).select_from(Contract))) == 0


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"start_date": "2020-01-01"}, "start_date", "早于今天"),
        ({"wage": 99999}, "wage", "原因"),
        ({"wage": 100}, "wage", "500"),
        ({"probation_months": 7}, "probation_months", "0 到 6"),
        ({"term_days": 1}, "term_days", "7 到 180"),
        ({"wage_reason": "长" * 101}, "wage_reason", "最多"),
        ({"event_id": 999999}, "event_id", "活动"),
    ],
)
def test_each_bad_contract_input_gets_a_message_and_nothing_is_written(
    staff, cast, fair, db, change, field, says
):
    r = contract(staff, cast.worker_id, fair["jobs"][0], **{"event_id": fair["id"], **change})
    assert r.status_code == 400, r.text
    assert says in r.json()["errors"][field]
    assert db(lambda s: s.scalar(select(func.count()).select_from(Contract))) == 0


def test_a_wage_outside_the_range_with_a_reason_is_kept_on_the_contract(staff, cast, fair):
    r = contract(
        staff,
        cast.worker_id,
        fair["jobs"][0],
        fair["id"],
        wage=9000,
        wage_reason="持高级焊工证，双方协商",
    )
    assert r.status_code == 201 and r.json()["wage_reason"] == "持高级焊工证，双方协商"


def more_workers(settings, db, cast, n: int) -> list[int]:
    from tests.integration.test_feedback import add_workers

    asyncio.run(add_workers(settings.database_url, n))
    return list(
        db(
            lambda s: s.scalars(
                select(Worker.id).where(Worker.id != cast.worker_id).order_by(Worker.id)
            )
        )
    )


def test_a_full_vacancy_is_refused(staff, cast, fair, settings, db):
    worker_ids = more_workers(settings, db, cast, 1)
    one_place = fair["jobs"][1]
    assert contract(staff, cast.worker_id, one_place, fair["id"]).status_code == 201
    full = contract(staff, worker_ids[0], one_place, fair["id"])
    assert full.status_code == 400 and "已满" in full.json()["errors"]["job_id"]


def test_refused_contracts_take_no_number(staff, cast, fair, settings, db):
    worker_ids = more_workers(settings, db, cast, 1)
    one_place = fair["jobs"][1]
    assert contract(staff, cast.worker_id, one_place, fair["id"]).status_code == 201
    assert contract(staff, worker_ids[0], one_place, fair["id"]).status_code == 400  # full
    assert contract(staff, cast.worker_id, one_place, fair["id"]).status_code == 400  # again
    nxt = contract(staff, worker_ids[0], fair["jobs"][0], fair["id"])
    assert nxt.json()["number"].endswith("-0002")


def test_a_contract_cannot_be_reported_before_it_is_signed(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    r = staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "reported"})
    assert r.status_code == 400 and "不能" in r.json()["errors"]["status"]


def a_contract_ninety_days_in_post(staff, cast, fair, db) -> dict:
    """A contract of the fair taken through every step; in post 90 days recorded 91 days on."""
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    url = f"/api/v1/contracts/{c['id']}/status"
    assert staff.post(url, json={"to": "signed"}).json()["status"] == "signed"
    reported_on = dt.date.today() - dt.timedelta(days=31)

    async def signed_earlier(session):  # a report for duty cannot predate the signing
        contract = await session.get(Contract, c["id"])
        contract.signed_at -= dt.timedelta(days=40)
        await session.commit()

    db(signed_earlier)
    r = staff.post(url, json={"to": "reported", "on": reported_on.isoformat()})
    assert r.json()["status"] == "reported"
    assert staff.post(url, json={"to": "in_post_30"}).json()["status"] == "in_post_30"

    async def later(session):  # 90 days on, the step is allowed
        staff_user = await session.get(User, (await session.get(Contract, c["id"])).created_by_id)
        later = reported_on + dt.timedelta(days=91)
        service = ContractService(session)
        return await service.advance(c["id"], staff_user, "in_post_90", "回访：仍在岗", today=later)

    assert db(later).status == "in_post_90"
    return c


def test_each_step_of_the_lifecycle_is_recorded_in_order(staff, cast, fair, db):
    c = a_contract_ninety_days_in_post(staff, cast, fair, db)
    steps = db(
        lambda s: s.scalars(
            select(FollowUp.status).where(FollowUp.contract_id == c["id"]).order_by(FollowUp.id)
        )
    )
    assert list(steps) == ["draft", "signed", "reported", "in_post_30", "in_post_90"]


def test_the_statistics_count_a_contract_at_every_step_it_reached(staff, cast, fair, db):
    a_contract_ninety_days_in_post(staff, cast, fair, db)
    stats = staff.get("/api/v1/stats/contracts").json()
    assert stats["total"] == {
        "signed": 1,
        "reported": 1,
        "in_post_30": 1,
        "in_post_90": 1,
        "reported_rate": 1.0,
    }


def test_the_statistics_name_the_event_and_the_home_township(staff, cast, fair, db):
    a_contract_ninety_days_in_post(staff, cast, fair, db)
    stats = staff.get("/api/v1/stats/contracts").json()
    assert stats["event"][0]["name"] == "2027年春风行动专场招聘会"
    assert stats["township"][0]["name"] == "锦屏镇"


def test_the_statistics_page_shows_the_signed_intents(staff, cast, fair, db):
    a_contract_ninety_days_in_post(staff, cast, fair, db)
    page = staff.get("/staff/stats")
    assert page.status_code == 200
    assert re.search(r"已签意向[^<]*<strong>1</strong>", page.text), page.text


def test_a_contract_without_an_event_is_counted_as_such(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][0]).json()
    staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "signed"})
    stats = staff.get("/api/v1/stats/contracts").json()
    assert stats["event"][0]["name"] == "（未经活动）"


def test_a_cancellation_needs_a_reason(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][1], fair["id"]).json()
    r = staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "cancelled"})
    assert r.status_code == 400 and "原因" in r.json()["errors"]["note"]


def test_a_cancellation_keeps_its_reason(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][1], fair["id"]).json()
    reason = "家中老人生病，暂不返乡"
    body = {"to": "cancelled", "note": reason}
    r = staff.post(f"/api/v1/contracts/{c['id']}/status", json=body)
    assert r.json()["status"] == "cancelled" and r.json()["cancel_reason"] == reason


def test_a_cancelled_intent_cannot_be_signed(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][1], fair["id"]).json()
    url = f"/api/v1/contracts/{c['id']}/status"
    staff.post(url, json={"to": "cancelled", "note": "家中老人生病，暂不返乡"})
    assert staff.post(url, json={"to": "signed"}).status_code == 400


def test_a_cancelled_intent_frees_its_place(staff, cast, fair, settings, db):
    other = more_workers(settings, db, cast, 1)[0]
    one_place = fair["jobs"][1]
    c = contract(staff, cast.worker_id, one_place, fair["id"]).json()
    staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "cancelled", "note": "不去了"})
    assert contract(staff, other, one_place, fair["id"]).status_code == 201


def test_signed_intents_never_reported_expire(staff, cast, fair, db):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"], term_days=7).json()
    staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "signed"})
    start = dt.date.fromisoformat(c["start_date"])
    assert db(lambda s: ContractService(s).expire_due(start + dt.timedelta(days=7))) == 0
    assert db(lambda s: ContractService(s).expire_due(start + dt.timedelta(days=8))) == 1
    assert staff.get(f"/api/v1/contracts/{c['id']}").json()["status"] == "expired"


def test_the_verification_page_shows_the_number_and_a_masked_name(client, staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    client.cookies.clear()
    ok = client.get(c["verify_url"])
    assert ok.status_code == 200
    assert c["number"] in ok.text and "李*华" in ok.text and "李国华" not in ok.text


def test_the_verification_page_refuses_unknown_and_tampered_tokens_with_a_message(
    client, staff, cast, fair
):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    client.cookies.clear()
    token = c["verify_url"].rsplit("/", 1)[1]
    for bad in (
        "/contracts/verify/1",
        "/contracts/verify/" + token[:-2] + ("xx" if not token.endswith("xx") else "yy"),
        "/contracts/verify/" + "A" * 300,
        "/contracts/verify/" + token.replace(".", ".."),
    ):
        r = client.get(bad)
        assert r.status_code == 404 and "验证链接无效" in r.text and c["number"] not in r.text


def test_the_contract_pdf_carries_the_names_wage_and_number_in_chinese_glyphs(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    r = staff.get(f"/contracts/{c['id']}.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) == 2  # two copies, one page each
    texts = [page.extract_text().replace(" ", "") for page in reader.pages]
    for expected in (
        c["number"],
        "李国华",
        "蓬安县锦屏建筑工程有限公司",
        "6,500",
        "就业意向合同",
        "提供住宿，提供工作餐",
        "不得以任何名义向乙方收取押金",
        "见证人",
    ):
        assert all(expected in text for text in texts), expected
    assert "甲方留存" in texts[0] and "乙方留存" in texts[1]
    assert "11010519491231002X" not in "".join(texts)  # the ID number is masked on paper too
    fonts = {
        str(f.get("/BaseFont"))
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    # The Chinese is set in an embedded CJK font, not a fallback.
    assert any("CJK" in f for f in fonts), fonts


def page_png(pdf: bytes, tmp_path, artifacts, name: str) -> Path:
    """The PDF's first page as a PNG drawn by poppler (not by the renderer under test)."""
    (tmp_path / "doc.pdf").write_bytes(pdf)
    out = artifacts / name
    command = ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(tmp_path / "doc.pdf"), str(out)], check=True)
    return out.with_suffix(".png")


def test_the_printed_contract_page_is_drawn_and_its_qr_code_opens_the_verify_link(
    staff, cast, fair, settings, artifacts, tmp_path
):
    from PIL import Image

    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    png = page_png(staff.get(f"/contracts/{c['id']}.pdf").content, tmp_path, artifacts, "contract")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height  # text and the QR code, not a blank page
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert read.stdout.strip() == settings.public_base_url + c["verify_url"]


def three_contracts(staff, cast, fair, settings, db) -> list[dict]:
    ids = [cast.worker_id, *more_workers(settings, db, cast, 2)]
    return [contract(staff, w, fair["jobs"][0], fair["id"]).json() for w in ids]


def test_an_event_prints_all_its_contracts_in_one_pdf_in_order(staff, cast, fair, settings, db):
    numbers = [c["number"] for c in three_contracts(staff, cast, fair, settings, db)]
    r = staff.get(f"/events/{fair['id']}/contracts.pdf")
    reader = PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) == 6
    assert [n for page in reader.pages[::2] for n in numbers if n in page.extract_text()] == numbers


def test_a_fair_printed_in_parts_is_still_one_pdf_with_every_page_in_order(
    staff, cast, fair, settings, db, monkeypatch
):
    """A fair is compiled a part at a time (bounded memory) and joined: here parts of 2 contracts,
    so 3 contracts make two compiles, and the file still reads as one run in order."""
    import portal.contracts.printing

    monkeypatch.setattr(portal.contracts.printing, "PART", 2)
    numbers = [c["number"] for c in three_contracts(staff, cast, fair, settings, db)]
    r = staff.get(f"/events/{fair['id']}/contracts.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 6
    assert [n for text in texts for n in numbers if n in text] == [n for n in numbers for _ in "ab"]
    assert ["甲方留存" in t for t in texts] == [True, False] * 3
    assert reader.metadata.title == "就业意向合同"


def test_the_event_pdf_leaves_out_cancelled_intents(staff, cast, fair, settings, db):
    first, *others = three_contracts(staff, cast, fair, settings, db)
    url = f"/api/v1/contracts/{first['id']}/status"
    staff.post(url, json={"to": "cancelled", "note": "不去了"})
    numbers = [first["number"], *(c["number"] for c in others)]
    page = staff.get(f"/events/{fair['id']}/print").text
    assert numbers[0] not in page and numbers[1] in page and numbers[2] in page
    reader = PdfReader(io.BytesIO(staff.get(f"/events/{fair['id']}/contracts.pdf").content))
    printed = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 4 and numbers[0] not in printed and numbers[2] in printed


def test_the_excel_export_lists_every_contract_of_the_event_in_order(
    staff, cast, fair, settings, db
):
    numbers = [c["number"] for c in three_contracts(staff, cast, fair, settings, db)]
    r = staff.get(f"/events/{fair['id']}/contracts.xlsx")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "合同编号" and [row[0] for row in rows[2:]] == numbers


def test_the_excel_export_masks_id_numbers(staff, cast, fair, settings, db):
    three_contracts(staff, cast, fair, settings, db)
    book = load_workbook(io.BytesIO(staff.get(f"/events/{fair['id']}/contracts.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert all("*" in row[3] for row in rows[2:])


def test_the_excel_export_writes_statuses_in_chinese_whatever_the_reader(staff, cast, fair):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "signed"})
    staff.cookies.set("lang", "en")
    book = load_workbook(io.BytesIO(staff.get(f"/events/{fair['id']}/contracts.xlsx").content))
    assert list(book.active.iter_rows(values_only=True))[2][1] == "已签字"


DDE = "=cmd|' /C calc'!A0"


def test_the_excel_export_keeps_formula_like_text_as_text(staff, cast, settings):
    """A title, position, workplace or cancel reason typed like a formula is text in the export: staff
    opening it in Excel or WPS run nothing and follow no link."""
    asyncio.run(add_job(settings.database_url, cast.employer_id, headcount=5))
    event = staff.post(
        "/api/v1/events",
        json={
            "kind": "job_fair",
            "title": '=HYPERLINK("http://x.cn","点我")',
            "held_on": dt.date.today().isoformat(),
            "place": "蓬安县人力资源市场",
        },
    ).json()
    job = staff.post(f"/api/v1/events/{event['id']}/jobs", json={"employer": CAST_CODE}).json()[
        "jobs"
    ][0]
    c = contract(
        staff, cast.worker_id, job, event["id"], position=DDE, workplace="@SUM(1+1)"
    ).json()
    staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "cancelled", "note": "=1+1"})
    book = load_workbook(io.BytesIO(staff.get(f"/events/{event['id']}/contracts.xlsx").content))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value for cell in cells}
    assert {"'" + DDE, "'@SUM(1+1)", "'=1+1"} <= texts
    assert book.active["A1"].value.startswith("'=HYPERLINK(")


def test_a_pdf_that_fails_to_render_says_why_and_keeps_the_contract(
    staff, cast, fair, monkeypatch, tmp_path
):
    from portal.documents import render

    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    monkeypatch.setenv("PORTAL_FONT_DIR", str(tmp_path))  # a folder without the CJK fonts
    render.restart()
    try:
        r = staff.get(f"/contracts/{c['id']}.pdf")
    finally:
        monkeypatch.undo()
        render.restart()
    assert r.status_code == 503 and "PDF" in r.text and "fonts-noto-cjk" in r.text
    assert "网页" in r.text
    assert staff.get(f"/api/v1/contracts/{c['id']}").json()["number"] == c["number"]
    assert staff.get(f"/contracts/{c['id']}.pdf").status_code == 200  # the fonts back, it prints


def test_a_render_process_that_died_is_started_again(staff, cast, fair):
    import os
    import signal

    from portal.documents import render

    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    assert staff.get(f"/contracts/{c['id']}.pdf").status_code == 200
    os.kill(render.process_id(), signal.SIGKILL)
    r = staff.get(f"/contracts/{c['id']}.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_the_worker_sees_their_own_contracts(client, cast, fair, staff):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    client.cookies.clear()
    login(client, cast.worker)
    mine = client.get("/api/v1/me/contracts").json()["contracts"]
    assert [m["number"] for m in mine] == [c["number"]]
    assert c["number"] in client.get("/me/contracts").text


def test_a_worker_cannot_open_a_contract_by_its_staff_links(client, cast, fair, staff):
    c = contract(staff, cast.worker_id, fair["jobs"][0], fair["id"]).json()
    client.cookies.clear()
    login(client, cast.worker)
    assert client.get(f"/api/v1/contracts/{c['id']}").status_code == 403
    assert client.get(f"/contracts/{c['id']}.pdf").status_code == 403


def test_the_fair_table_finds_the_worker_and_ranks_the_fair_vacancies(staff, cast, fair):
    page = staff.post(f"/events/{fair['id']}/desk", data={"q": "李国华"}).text
    assert 'id="worker"' in page and 'id="desk-matches"' in page and "电焊工" in page
    assert f"event_id={fair['id']}" in page


def test_the_fair_table_offers_a_new_archive_with_the_phone_searched_for(staff, cast, fair):
    none = staff.post(f"/events/{fair['id']}/desk", data={"q": "13512345678"}).text
    assert 'id="quick-archive"' in none and 'value="13512345678"' in none


def test_the_fair_table_finds_by_id_number_through_its_posted_form(staff, cast, fair):
    """A full ID number never rides in a URL: the search box posts."""
    desk = staff.get(f"/events/{fair['id']}/desk").text
    assert re.search(rf'<form method="post" action="/events/{fair["id"]}/desk"', desk)
    assert "_csrf_token" in desk
    page = staff.post(f"/events/{fair['id']}/desk", data={"q": "11010519491231002X"}).text
    assert 'id="worker"' in page and "李国华" in page
    assert re.search(r'(?:href|action|src)="[^"]*11010519491231', page) is None


@pytest.mark.parametrize("param", ["q", "id_number"])
def test_an_id_number_in_the_query_string_finds_no_one_and_is_dropped(staff, cast, fair, param):
    url = f"/events/{fair['id']}/desk"
    r = staff.get(url, params={param: "11010519491231002X"}, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == url
    page = staff.get(r.headers["location"]).text
    assert 'id="worker"' not in page and "11010519491231002X" not in page


def test_a_worker_chosen_by_archive_id_stays_chosen_when_the_query_string_is_cleaned(
    staff, cast, fair
):
    url = f"/events/{fair['id']}/desk"
    params = {"worker_id": cast.worker_id, "q": "x"}
    r = staff.get(url, params=params, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == f"{url}?worker_id={cast.worker_id}"


def quick_archive(staff, fair, **more) -> dict:
    from tests.factories import csrf_form

    return {
        "name": "张志栋",
        "phone": "13512345678",
        "id_number": "511323198203150016",
        "home_township": "锦屏镇",
        "skills": "电焊",
        "expected_wage": "6000",
        "_csrf_token": csrf_form(staff, f"/events/{fair['id']}/desk"),
        **more,
    }


def test_a_minimal_archive_at_the_table_needs_consent(staff, cast, fair):
    r = staff.post(f"/events/{fair['id']}/workers", data=quick_archive(staff, fair))
    assert r.status_code == 400 and "同意" in r.text


def test_a_minimal_archive_at_the_table_returns_to_the_table_with_the_worker_chosen(
    staff, cast, fair
):
    form = quick_archive(staff, fair, consent="1")
    r = staff.post(f"/events/{fair['id']}/workers", data=form, follow_redirects=False)
    assert r.status_code == 302, re.findall(r'role="alert">([^<]*)<', r.text)
    assert "worker_id=" in r.headers["location"]


def test_a_minimal_archive_at_the_table_reads_the_birth_year_from_the_id_number(
    staff, cast, fair, db
):
    form = quick_archive(staff, fair, consent="1")
    staff.post(f"/events/{fair['id']}/workers", data=form, follow_redirects=False)
    born = db(lambda s: s.scalar(select(Worker.birth_year).where(Worker.name == "张志栋")))
    assert born == 1982


def test_a_worker_archived_at_the_table_attended_the_event(staff, cast, fair):
    form = quick_archive(staff, fair, consent="1")
    staff.post(f"/events/{fair['id']}/workers", data=form, follow_redirects=False)
    assert "到场务工人员 1 人" in staff.get(f"/events/{fair['id']}").text


def test_a_ticked_consent_stays_ticked_when_the_table_form_comes_back(staff, cast, fair):
    """Another field was wrong: the form comes back with the box still ticked, so sending it again
    after the correction does not meet a consent message for a box that was ticked."""
    from tests.factories import csrf_form, form_fields

    token = csrf_form(staff, f"/events/{fair['id']}/desk")
    form = {
        "name": "张志栋",
        "phone": "1351234",
        "id_number": "511323198203150016",
        "home_township": "511323101",
        "skills": "电焊",
        "expected_wage": "6000",
        "consent": "1",
        "_csrf_token": token,
    }
    back = staff.post(f"/events/{fair['id']}/workers", data=form)
    assert (
        back.status_code == 400
        and 'id="phone-error"' in back.text
        and 'id="consent-error"' not in back.text
    )
    again = form_fields(back.text, f"/events/{fair['id']}/workers")
    assert again["consent"] == ["1"]
    again["phone"] = ["13512345678"]
    r = staff.post(f"/events/{fair['id']}/workers", data=again, follow_redirects=False)
    assert r.status_code == 302, re.findall(r'role="alert">([^<]*)<', r.text)


def test_fifty_tables_confirming_at_once_get_fifty_numbers_with_no_gap(settings, cast, staff, fair):
    """Fifty confirmations at one fair in parallel, each in its own session (on PostgreSQL, its own
    connection), plus five that must be refused (the same worker and vacancy again): the fifty get
    numbers 1..50 of the event, and the refusals take none."""
    from stdnum.cn import ric

    from portal.contracts.service import ContractForm
    from portal.db import make_engine, make_sessionmaker
    from portal.forms import FormError
    from portal.workers.service import WorkerService, parse_worker_form

    async def scenario():
        engine = make_engine(settings.database_url)
        factory = make_sessionmaker(engine)
        job = await add_job(
            settings.database_url,
            cast.employer_id,
            title="装配工",
            description="县城工厂装配线，长白班。",
            headcount=60,
            trade_code="",
        )
        async with factory() as s:
            from portal.events.service import EventService

            await EventService(s).add_jobs(fair["id"], [job])
            staff_user = await s.scalar(select(User).where(User.phone == cast.staff))
            workers = []
            for i in range(50):
                body = f"51132319800101{i:03d}0"
                raw = {
                    "name": f"测试{i:02d}",
                    "phone": f"1370000{i:04d}",
                    "id_number": body[:17] + ric.calc_check_digit(body),
                    "home_township": "锦屏镇",
                    "birth_year": 1980,
                    "skills": [{"name": "装配"}],
                    "expected_wage": 5000,
                    "consent": True,
                }
                workers.append((await WorkerService(s).create(parse_worker_form(raw))).id)

        async def confirm(worker_id):
            async with factory() as s:
                user = await s.get(User, staff_user.id)
                form = ContractForm(
                    worker_id,
                    job,
                    6500,
                    dt.date.today() + dt.timedelta(days=7),
                    "",
                    "",
                    event_id=fair["id"],
                )
                try:
                    return (await ContractService(s).create(form, user)).number
                except FormError:
                    return None

        results = await asyncio.gather(*(confirm(w) for w in workers + workers[:5]))
        await engine.dispose()
        return results

    results = asyncio.run(scenario())
    numbers = [n for n in results if n]
    assert len(numbers) == 50 and results.count(None) == 5
    sequence = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequence == list(range(1, 51))
    assert all(n.startswith(f"PA{dt.date.today().year}-E{fair['id']:03d}-") for n in numbers)


def test_the_schema_documents_the_event_api_writes(client):
    """/schema shows the fields and types of the event API's request and response bodies."""
    api = client.get("/schema/openapi.json").json()
    create = api["paths"]["/api/v1/events"]["post"]
    assert fields(api, request_body(create)) >= {"kind", "title", "held_on", "place", "station_id"}
    assert fields(api, response_body(create, "201")) >= {"id", "kind", "title", "held_on", "url"}
    offer = api["paths"]["/api/v1/events/{event_id}/jobs"]["post"]
    assert fields(api, request_body(offer)) == {"job_ids", "employer"}
    assert fields(api, response_body(offer, "201")) == {"event_id", "added", "jobs"}
    assert schema_of(api, request_body(create))["properties"]["held_on"]["format"] == "date"


def test_the_schema_documents_the_statistics_report(client):
    api = client.get("/schema/openapi.json").json()
    report = api["paths"]["/api/v1/stats/contracts"]["get"]
    assert fields(api, response_body(report, "200")) == {
        "total",
        "event",
        "station",
        "township",
        "trade",
    }


def schema_of(api: dict, schema: dict) -> dict:
    """A schema with its reference followed (Litestar names the structs under components)."""
    while "$ref" in schema:
        schema = api["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def request_body(operation: dict) -> dict:
    return operation["requestBody"]["content"]["application/json"]["schema"]


def response_body(operation: dict, status: str) -> dict:
    return operation["responses"][status]["content"]["application/json"]["schema"]


def fields(api: dict, schema: dict) -> set[str]:
    return set(schema_of(api, schema)["properties"])
