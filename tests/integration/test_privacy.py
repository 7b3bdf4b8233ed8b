"""The worker's data rights: a copy of everything held, the say on sharing, deleting the account."""

import asyncio
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.events.export import _row
from portal.models import (
    AccessCode,
    AuditLog,
    Contract,
    Event,
    EventAttendee,
    FollowUp,
    JobInterest,
    JobReport,
    LoginFailure,
    Notice,
    Station,
    User,
    Worker,
    WorkerSkill,
)
from portal.privacy.service import PrivacyService
from tests.factories import PASSWORD, add_job, csrf_form, form_fields, future, user

from .test_feedback import as_user

CHINESE = re.compile("[\u4e00-\u9fff]")
STAFF_NAME = "王秀英"  # the staff member who reads the archive: never in the worker's copy


def count(db, model, *where) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(model).where(*where)))


@pytest.fixture
def station_staff(cast, db) -> str:
    """A staff member of the Chengdu station, with a name the worker must not learn."""
    phone = "13700000077"

    async def make(s):
        station = await s.scalar(select(Station).order_by(Station.id))
        s.add(user(phone, "staff", STAFF_NAME, station_id=station.id))
        await s.commit()
        return station.name

    return phone, db(make)


@pytest.fixture
def history(client, cast, settings, db, station_staff):
    """Everything a worker leaves behind: an interest, a report, a signed contract at a fair and a
    draft, staff's read of the archive, an inbox notice, a claim code."""
    url = settings.database_url
    wanted, reported, signed_job, draft_job = (
        asyncio.run(add_job(url, cast.employer_id, title=t))
        for t in ("电焊工", "钢筋工", "焊工", "切割工")
    )

    async def fair(s):
        staff_id = await s.scalar(select(User.id).where(User.phone == cast.staff))
        s.add(
            Event(
                kind="job_fair",
                title="春风行动招聘会",
                held_on=dt.date.today(),
                place="县城",
                created_by_id=staff_id,
            )
        )
        await s.flush()
        event_id = await s.scalar(select(func.max(Event.id)))
        s.add(EventAttendee(event_id=event_id, worker_id=cast.worker_id))
        worker_user = await s.scalar(select(User.id).where(User.phone == cast.worker))
        s.add(Notice(user_id=worker_user, kind="match", subject_id=wanted, detail=""))
        s.add(
            AccessCode(
                purpose="claim",
                code_hash="x" * 64,
                phone=cast.worker,
                worker_id=cast.worker_id,
                expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
            )
        )
        await s.commit()

    db(fair)
    as_user(client, cast.worker)
    assert client.post(f"/api/v1/jobs/{wanted}/interest").status_code == 201
    assert (
        client.post(
            f"/api/v1/jobs/{reported}/report", json={"reason": "fee", "note": "要押金"}
        ).status_code
        == 201
    )
    as_user(client, cast.staff)
    body = {"worker_id": cast.worker_id, "wage": 6500, "start_date": future()}
    signed = client.post("/api/v1/contracts", json={**body, "job_id": signed_job}).json()
    assert (
        client.post(f"/api/v1/contracts/{signed['id']}/status", json={"to": "signed"}).status_code
        == 201
    )
    draft = client.post("/api/v1/contracts", json={**body, "job_id": draft_job}).json()
    as_user(client, station_staff[0])
    assert client.get(f"/workers/{cast.worker_id}").status_code == 200  # the read, audited
    as_user(client, cast.worker)
    return {"wanted": wanted, "reported": reported, "signed": signed, "draft": draft,
            "station": station_staff[1]}  # fmt: skip


# Access


def test_the_export_holds_every_kind_of_record_and_who_read_the_archive_by_role_and_station_only(
    client, cast, history
):
    r = client.get("/api/v1/me/export")
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    held = r.json()
    assert held["account"]["phone"] == cast.worker
    assert held["archive"]["name"] == "李国华" and held["archive"]["skills"][0]["name"] == "电焊"
    assert held["archive"]["certificates"] == [{"name": "焊工证", "expires": None}]
    assert held["archive"]["consent"]["shared_with_employers"] is True
    assert [i["job_id"] for i in held["interests"]] == [history["wanted"]]
    assert [(x["job_id"], x["note"]) for x in held["reports"]] == [(history["reported"], "要押金")]
    numbers = {c["number"]: c for c in held["contracts"]}
    assert set(numbers) == {history["signed"]["number"], history["draft"]["number"]}
    assert [f["status"] for f in numbers[history["signed"]["number"]]["follow_ups"]] == [
        "draft",
        "signed",
    ]
    assert [e["title"] for e in held["events_attended"]] == ["春风行动招聘会"]
    # The signed contract's line; a visit to /me may also have noted new matches.
    assert [n["detail"] for n in held["notices"] if n["kind"] == "contract"] == ["signed"]
    assert [(x["role"], x["station"]) for x in held["archive_reads"]] == [
        ("staff", history["station"])
    ]
    assert STAFF_NAME not in r.text and "测试staff" not in r.text
    assert "11010519491231002X" not in r.text  # the ID number is masked, as on every page


def test_the_data_page_offers_the_download_the_switch_the_read_log_and_the_delete_form(
    client, cast, history
):
    page = client.get("/me/data").text
    assert 'href="/api/v1/me/export"' in page and "下载我的全部资料" in page
    assert "现在：用人单位可以看到您的档案" in page and 'action="/me/consent"' in page
    assert history["station"] in page and "工作人员" in page and STAFF_NAME not in page
    assert 'action="/me/delete"' in page and "我明白删除后不能恢复" in page
    assert '<meta name="viewport"' in page


def test_only_the_worker_reaches_their_data(client, cast, stranger):
    assert stranger.get("/api/v1/me/export").status_code == 401
    assert stranger.get("/me/data", follow_redirects=False).status_code == 302
    for someone in (cast.employer, cast.staff):
        as_user(client, someone)
        assert client.get("/api/v1/me/export").status_code == 403
        assert client.post("/api/v1/me/consent", json={"consent": False}).status_code == 403


# Withdrawing consent


def candidate_names(client, job_id) -> tuple[list[str], list[str]]:
    board = client.get(f"/api/v1/jobs/{job_id}/candidates").json()
    return [h["name"] for h in board["hits"]], [h["name"] for h in board["interested"]]


def test_withdrawing_takes_the_archive_off_every_employer_list_and_giving_it_brings_it_back(
    client, cast, settings, db
):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.worker)
    assert client.post(f"/api/v1/jobs/{job}/interest").status_code == 201
    as_user(client, cast.employer)
    assert candidate_names(client, job) == (["李*华"], ["李*华"])
    as_user(client, cast.worker)
    r = client.post("/api/v1/me/consent", json={"consent": False})
    assert r.status_code == 201 and r.json() == {"shared": False}
    as_user(client, cast.employer)
    assert candidate_names(client, job) == ([], [])
    assert "李*华" not in client.get(f"/jobs/{job}/candidates").text
    as_user(client, cast.staff)  # staff still open the archive, and see that it is withdrawn
    archive = client.get(f"/workers/{cast.worker_id}")
    assert archive.status_code == 200 and 'id="not-shared"' in archive.text
    as_user(client, cast.worker)
    assert client.post("/api/v1/me/consent", json={"consent": True}).json() == {"shared": True}
    as_user(client, cast.employer)
    assert candidate_names(client, job) == (["李*华"], ["李*华"])
    actions = db(lambda s: s.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert [a for a in actions if a.startswith("share")] == ["share_withdrawn", "share_given"]


def test_the_page_switch_says_plainly_whether_employers_see_the_archive(client, cast):
    as_user(client, cast.worker)
    token = csrf_form(client, "/me/data")
    r = client.post("/me/consent", data={"consent": "0", "_csrf_token": token})
    assert r.status_code in (301, 302, 303) or r.history
    page = client.get("/me/data").text
    assert "现在：用人单位看不到您的档案" in page and "让用人单位看我的档案" in page


def test_an_account_without_an_archive_is_told_there_is_nothing_to_share(client, db):
    phone = "13700000088"

    async def make(s):
        s.add(user(phone, "worker", "新用户"))
        await s.commit()

    db(make)
    as_user(client, phone)
    r = client.post("/api/v1/me/consent", json={"consent": False})
    assert r.status_code == 400 and "还没有档案" in r.json()["errors"]["consent"]
    assert client.get("/api/v1/me/export").json()["archive"] is None


def test_a_consent_that_is_not_a_boolean_is_refused_in_chinese(client, cast):
    as_user(client, cast.worker)
    # (0 and 1, "true" and "false" are read as the API reads every yes-or-no field.)
    for bad in ({"consent": "no"}, {"consent": None}, {"consent": [True]}, {}):
        r = client.post("/api/v1/me/consent", json=bad)
        assert r.status_code == 400 and CHINESE.search(r.json()["errors"]["consent"]), bad


# Deletion


def delete_me(client, password=PASSWORD):
    return client.request("DELETE", "/api/v1/me", json={"password": password})


def everything(db, cast) -> dict[str, int]:
    return {
        "users": count(db, User, User.phone == cast.worker),
        "workers": count(db, Worker),
        "skills": count(db, WorkerSkill),
        "contracts": count(db, Contract),
        "follow_ups": count(db, FollowUp),
        "interests": count(db, JobInterest),
        "attendees": count(db, EventAttendee),
        "notices": count(db, Notice),
        "codes": count(db, AccessCode),
        "reports_by_someone": count(db, JobReport, JobReport.reporter_id.is_not(None)),
    }


def test_a_wrong_password_deletes_nothing(client, cast, db, history):
    before = everything(db, cast)
    r = delete_me(client, "not-my-password")
    assert r.status_code == 400 and "密码不对" in r.json()["errors"]["password"]
    assert everything(db, cast) == before
    assert client.get("/api/v1/me/export").status_code == 200  # still logged in


def test_a_failure_half_way_leaves_everything_as_it_was(client, cast, db, history, monkeypatch):
    before = everything(db, cast)
    erase = PrivacyService._erase_archive

    async def erase_then_fail(self, worker):
        await erase(self, worker)  # contracts masked, drafts and interests deleted ... then:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(PrivacyService, "_erase_archive", erase_then_fail)
    assert delete_me(client).status_code == 500
    assert everything(db, cast) == before
    assert count(db, Contract, Contract.worker_masked != "") == 0


def test_deleting_leaves_only_the_signed_contract_with_a_masked_name_number_and_employer(
    client, cast, db, history
):
    signed, draft = history["signed"], history["draft"]
    old_cookies = dict(client.cookies)
    r = delete_me(client)
    assert r.status_code == 200 and r.json() == {"deleted": True}
    left = everything(db, cast)
    assert left == {"users": 0, "workers": 0, "skills": 0, "contracts": 1, "follow_ups": 2,
                    "interests": 0, "attendees": 0, "notices": 0, "codes": 0,
                    "reports_by_someone": 0}  # fmt: skip
    assert (
        count(db, JobReport, JobReport.note == "要押金") == 1
    )  # the report stays, not who made it
    kept = db(lambda s: s.scalar(select(Contract)))
    assert (kept.number, kept.worker_id, kept.worker_masked) == (signed["number"], None, "李*华")
    assert count(db, Contract, Contract.number == draft["number"]) == 0
    assert count(db, LoginFailure, LoginFailure.phone == cast.worker) == 0
    deleted = db(lambda s: s.scalar(select(AuditLog).where(AuditLog.action == "delete_account")))
    assert (deleted.actor_id, deleted.subject_type, deleted.subject_id) == (
        None,
        "worker",
        cast.worker_id,
    )
    # The old session is logged out, and the password no longer opens anything.
    client.cookies.update(old_cookies)
    assert client.get("/api/v1/me/export").status_code == 401
    r = client.post("/api/v1/auth/login", json={"phone": cast.worker, "password": PASSWORD})
    assert r.status_code == 400
    # The county's record still verifies and prints; staff find no one by the phone.
    as_user(client, None)
    verified = client.get(signed["verify_url"])
    assert (
        verified.status_code == 200
        and "李*华" in verified.text
        and signed["number"] in verified.text
    )
    as_user(client, cast.staff)
    card = client.get(f"/api/v1/contracts/{kept.id}").json()
    assert (card["worker_id"], card["worker_name"], card["employer"]) == (
        None,
        "李*华",
        signed["employer"],
    )
    shown = client.get(f"/contracts/{kept.id}").text
    assert "李*华" in shown and "李国华" not in shown
    token = csrf_form(client, "/staff")
    found = client.post("/staff", data={"q": cast.worker, "_csrf_token": token}).text
    assert "李国华" not in found and "没有找到档案" in found
    stats = client.get("/staff/stats")
    assert stats.status_code == 200 and "已注销账号" in stats.text  # counted, under no station
    sheet_row = _row(kept)  # the event's Excel sheet
    assert sheet_row[2:6] == ["李*华", "", "", ""]
    pdf = client.get(f"/contracts/{kept.id}.pdf")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(
        " ", ""
    )
    assert signed["number"] in text and "李*华" in text and "李国华" not in text


def test_the_delete_form_needs_the_tick_then_logs_out_and_lands_home(client, cast, db):
    as_user(client, cast.worker)
    token = csrf_form(client, "/me/data")
    page = client.get("/me/data").text
    sent = {k: v[-1] for k, v in form_fields(page, "/me/delete").items()} | {"password": PASSWORD}
    refused = client.post("/me/delete", data=sent)
    assert refused.status_code == 400 and "请勾选" in refused.text
    assert count(db, Worker) == 1
    r = client.post("/me/delete", data={**sent, "confirm": "1", "_csrf_token": token})
    assert r.status_code == 200 and str(r.url).endswith("/?done=deleted")
    assert "您的账号和档案已经删除" in r.text and 'action="/logout"' not in r.text
    assert count(db, Worker) == 0


def test_password_tries_are_limited_like_logins(client, cast, db):
    as_user(client, cast.worker)
    answers = [delete_me(client, f"guess-{n}").status_code for n in range(6)]
    assert answers == [400] * 5 + [429]
    assert delete_me(client).status_code == 429  # even the right one, until the window has passed
    assert count(db, Worker) == 1


def test_a_password_too_long_or_missing_is_refused_in_chinese(client, cast, db):
    as_user(client, cast.worker)
    long = delete_me(client, "x" * 201)
    assert long.status_code == 400 and "最多" in long.json()["errors"]["password"]
    missing = client.request("DELETE", "/api/v1/me", json={})
    assert missing.status_code == 400 and missing.json()["errors"]["password"]
    assert count(db, Worker) == 1


def test_the_schema_documents_the_data_rights_writes(client):
    from tests.factories import openapi_body

    doc = client.get("/schema/openapi.json").json()
    assert openapi_body(doc, "/api/v1/me/consent", "post") == {"consent": "boolean"}
    assert openapi_body(doc, "/api/v1/me/consent", "post", "201") == {"shared": "boolean"}
    assert openapi_body(doc, "/api/v1/me", "delete") == {"password": "string"}
    assert openapi_body(doc, "/api/v1/me", "delete", "200") == {"deleted": "boolean"}


def test_every_column_that_points_at_a_person_says_what_deleting_them_does():
    from portal.models import Base
    from portal.privacy.service import PERSON_LINKS

    links = {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name in ("worker", "user_account")
    }
    assert links - set(PERSON_LINKS) == set(), "decide what deleting a person does to these"


def test_a_business_owner_and_an_employee_can_delete_their_accounts(client, cast, db):
    from portal.models import Business, BusinessEmployee, Worker

    async def business(s):
        other = Worker(
            name="周小红",
            phone="13911112222",
            id_number="511323199001011232",
            birth_year=1990,
            home_township_code="511323101",
            expected_wage=4000,
        )
        s.add(other)
        await s.flush()
        firm = Business(
            name="锦屏农家乐",
            owner_worker_id=cast.worker_id,
            township_code="511323101",
            industry="catering",
            kind="individual",
            stage="operating",
            registered_on=dt.date(2025, 1, 1),
        )
        s.add(firm)
        await s.flush()
        s.add(BusinessEmployee(business_id=firm.id, worker_id=other.id, since=dt.date(2025, 2, 1)))
        await s.commit()
        return firm.id

    firm_id = db(business)
    as_user(client, cast.worker)
    assert delete_me(client).status_code == 200
    kept = db(lambda s: s.get(Business, firm_id))
    assert kept is not None and kept.owner_worker_id is None
    assert count(db, BusinessEmployee) == 1  # the employee's own record is theirs, not the owner's
