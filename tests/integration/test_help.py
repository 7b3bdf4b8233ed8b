"""Help requests: a worker asks from their phone, a station takes it, refers it and follows it to an
outcome, each step in the worker's inbox; staff record calls; every refusal said in Chinese;
statistics by kind, station and outcome with the amounts recovered."""

import pytest
from sqlalchemy import func, select, update

from portal.models import HelpRequest, User, Worker
from tests.factories import PASSWORD, as_user

WAGES = {
    "kind": "unpaid_wages",
    "story": "在东莞电子厂做了三个月，老板一直拖欠工资不发。",
    "employer": "东莞某电子厂",
    "amount_owed": 18000,
}


def place(db, phone: str, station_id: int | None) -> None:
    async def go(s):
        await s.execute(update(User).where(User.phone == phone).values(station_id=station_id))
        await s.commit()

    db(go)


def inbox_texts(client) -> list[str]:
    return [line["text"] for line in client.get("/api/v1/me/inbox").json()["lines"]]


def test_a_request_goes_from_asking_to_its_outcome_with_each_step_in_the_inbox(client, cast, db):
    place(db, cast.staff, 2)
    as_user(client, cast.worker)
    asked = client.post("/api/v1/me/help", json=WAGES)
    assert asked.status_code == 201, asked.text
    help_id = asked.json()["id"]
    assert asked.json()["status"] == "open" and asked.json()["source"] == "self"
    assert inbox_texts(client)[0] == "您的求助（欠薪）：已提交，等待工作站受理"

    as_user(client, cast.staff)
    url = f"/api/v1/help/{help_id}/steps"
    taken = client.post(url, json={"status": "taken", "note": "已联系本人"})
    assert taken.status_code == 201, taken.text
    assert taken.json()["station_id"] == 2  # the taker's station has it now
    referred = client.post(url, json={"status": "referred", "referred_to": "labour_inspection"})
    assert referred.status_code == 201
    again = client.post(url, json={"status": "referred", "referred_to": "legal_aid"})
    assert again.status_code == 201
    done = client.post(url, json={"status": "resolved", "amount_recovered": 15000})
    assert done.json()["status"] == "resolved" and done.json()["amount_recovered"] == 15000
    steps = [(s["status"], s["referred_to"]) for s in done.json()["steps"]]
    assert steps == [
        ("open", ""),
        ("taken", ""),
        ("referred", "labour_inspection"),
        ("referred", "legal_aid"),
        ("resolved", ""),
    ]

    as_user(client, cast.worker)
    texts = inbox_texts(client)
    assert len(texts) == 5 and texts[0] == "您的求助（欠薪）：已解决"
    assert any("已转介" in t for t in texts) and any("工作站正在办理" in t for t in texts)
    page = client.get("/me/help").text
    assert f'id="help-{help_id}"' in page and "劳动保障监察" in page and "15,000" in page

    as_user(client, cast.staff)
    stats = client.get("/api/v1/stats/help").json()
    assert stats["total"] == {"requests": 1, "resolved": 1, "owed": 18000, "recovered": 15000}
    assert stats["kind"][0]["name"] == "unpaid_wages"
    assert stats["station"][0]["name"] == "蓬安县驻广州农民工服务工作站"
    assert stats["outcome"] == [
        {"name": "resolved", "requests": 1, "resolved": 1, "owed": 18000, "recovered": 15000}
    ]
    assert "15,000" in client.get("/staff/stats").text


def test_a_finished_request_moves_no_further_and_an_open_one_is_not_resolved_unseen(client, cast):
    as_user(client, cast.worker)
    help_id = client.post("/api/v1/me/help", json=WAGES).json()["id"]
    as_user(client, cast.staff)
    url = f"/api/v1/help/{help_id}/steps"
    skip = client.post(url, json={"status": "resolved"})
    assert skip.status_code == 400 and "不能" in skip.json()["errors"]["status"]
    assert client.post(url, json={"status": "closed", "note": "本人撤回"}).status_code == 201
    after = client.post(url, json={"status": "taken"})
    assert after.status_code == 400


def test_staff_record_a_call_and_list_requests_by_station(client, cast, db):
    place(db, cast.staff, 3)
    as_user(client, cast.staff)
    r = client.post(f"/api/v1/workers/{cast.worker_id}/help", json={**WAGES, "kind": "hardship"})
    assert r.status_code == 201 and r.json()["source"] == "call" and r.json()["station_id"] == 3
    assert [h["id"] for h in client.get("/api/v1/help?station=3").json()] == [r.json()["id"]]
    assert client.get("/api/v1/help?station=1").json() == []
    page = client.get("/staff/help").text
    assert "李国华" in page and "生活困难" in page
    assert "李国华" not in client.get("/staff/help?station=1").text


def test_a_worker_sees_only_their_own_requests(client, cast, db):
    as_user(client, cast.staff)
    help_id = client.post(f"/api/v1/workers/{cast.worker_id}/help", json=WAGES).json()["id"]
    as_user(client, cast.worker)
    assert client.get(f"/api/v1/help/{help_id}").status_code == 200

    async def other(s):  # the request belongs to someone else now
        other = Worker(
            name="王五",
            phone="13700000001",
            id_number="110105194912310029",
            birth_year=1949,
            home_township_code="511323101",
            expected_wage=3000,
        )
        s.add(other)
        await s.flush()
        await s.execute(update(HelpRequest).values(worker_id=other.id))
        await s.commit()

    db(other)
    assert client.get(f"/api/v1/help/{help_id}").status_code == 404
    assert client.post(f"/api/v1/help/{help_id}/steps", json={"status": "taken"}).status_code == 403


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kind": "lottery"}, "kind", "选项"),
        ({"story": "欠钱"}, "story", "太短"),
        ({"story": "欠" * 501}, "story", "500"),
        ({"story": None}, "story", "必须填写"),
        ({"employer": "厂" * 61}, "employer", "60"),
        ({"amount_owed": -1}, "amount_owed", "0"),
        ({"amount_owed": 10_000_001}, "amount_owed", "10000000"),
        ({"amount_owed": 0}, "amount_owed", "欠多少"),
        ({"amount_owed": "很多"}, "amount_owed", "整数"),
    ],
)
def test_a_request_that_cannot_be_taken_is_refused_in_chinese(
    client, cast, db, change, field, words
):
    as_user(client, cast.worker)
    sent = {k: v for k, v in (WAGES | change).items() if v is not None}
    r = client.post("/api/v1/me/help", json=sent)
    if r.status_code == 422:  # the typed body refused the shape before the form did
        assert field in r.text
    else:
        assert r.status_code == 400, r.text
        assert words in r.json()["errors"][field]
    assert db(lambda s: s.scalar(select(func.count()).select_from(HelpRequest))) == 0


@pytest.mark.parametrize(
    ("step", "field", "words"),
    [
        ({"status": "referred"}, "referred_to", "选项"),
        ({"status": "referred", "referred_to": "measure"}, "measure", "必须填写"),
        ({"status": "referred", "referred_to": "measure", "measure": "M999"}, "measure", "没有"),
        ({"status": "referred", "referred_to": "measure", "measure": "M" * 11}, "measure", "10"),
        ({"status": "resolved", "amount_recovered": -5}, "amount_recovered", "0"),
        ({"status": "resolved", "amount_recovered": 10_000_001}, "amount_recovered", "10000000"),
        ({"status": "taken", "note": "记" * 201}, "note", "200"),
        ({"status": "open"}, "status", "选项"),
    ],
)
def test_a_step_that_cannot_be_recorded_is_refused_in_chinese(client, cast, step, field, words):
    as_user(client, cast.staff)
    help_id = client.post(f"/api/v1/workers/{cast.worker_id}/help", json=WAGES).json()["id"]
    url = f"/api/v1/help/{help_id}/steps"
    if step["status"] in ("referred", "resolved"):
        assert client.post(url, json={"status": "taken"}).status_code == 201
    r = client.post(url, json=step)
    if r.status_code == 422:
        assert field in r.text
    else:
        assert r.status_code == 400, r.text
        assert words in r.json()["errors"][field]


def test_the_pages_ask_and_move_a_request_with_their_forms(client, cast):
    as_user(client, cast.worker)
    token = client.get("/me/help").cookies.get("csrftoken") or client.cookies.get("csrftoken")
    r = client.post(
        "/me/help",
        data={**WAGES, "_csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code in (302, 303), r.text
    short = client.post("/me/help", data={**WAGES, "story": "短", "_csrf_token": token})
    assert short.status_code == 400 and 'id="story-error"' in short.text
    as_user(client, cast.staff)
    page = client.get("/staff/help").text
    help_id = int(page.split('href="/staff/help/')[1].split('"')[0])
    token = client.cookies.get("csrftoken")
    moved = client.post(
        f"/staff/help/{help_id}/steps",
        data={"status": "taken", "note": "已受理", "_csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code in (302, 303)
    assert "工作站正在办理" in client.get(f"/staff/help/{help_id}").text


def test_the_worker_takes_their_requests_and_plan_home_and_deleting_the_account_erases_them(
    client, cast, db
):
    as_user(client, cast.worker)
    client.post("/api/v1/me/help", json=WAGES)
    month = client.put(
        "/api/v1/me/return-plan", json={"month": "2099-01", "work": "电焊"}
    )  # too far ahead: refused, nothing kept
    assert month.status_code == 400
    held = client.get("/api/v1/me/export").json()
    [asked] = held["help_requests"]
    assert asked["amount_owed"] == 18000 and asked["steps"][0]["status"] == "open"
    assert held["return_plan"] is None
    r = client.request("DELETE", "/api/v1/me", json={"password": PASSWORD})
    assert r.status_code == 200, r.text
    assert db(lambda s: s.scalar(select(func.count()).select_from(HelpRequest))) == 0


def test_the_forms_say_each_limit_the_parser_keeps(client, cast):
    as_user(client, cast.staff)
    call = client.get(f"/workers/{cast.worker_id}/help").text
    assert 'maxlength="500"' in call and 'maxlength="60"' in call
    help_id = client.post(f"/api/v1/workers/{cast.worker_id}/help", json=WAGES).json()["id"]
    step = client.get(f"/staff/help/{help_id}").text
    assert 'maxlength="200"' in step and 'maxlength="10"' in step
    plan = client.get(f"/workers/{cast.worker_id}/return-plan").text
    assert 'maxlength="30"' in plan and 'type="month"' in plan
