"""Plans to come home: a worker or staff record "around <month>" and the work wanted; staff see,
per township and trade, who comes home when with the open vacancies that fit; every limit refused."""

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.models import ReturnPlan
from portal.returns.forms import month_of
from tests.factories import add_job, as_user

NEXT_MONTH = month_of(dt.date.today(), 1).isoformat()[:7]


def plans(db) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(ReturnPlan)))


def test_the_list_shows_who_comes_home_when_with_the_vacancies_that_fit(client, cast, settings, db):
    job_id = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.worker)
    r = client.put("/api/v1/me/return-plan", json={"month": NEXT_MONTH, "work": "电焊"})
    assert r.status_code == 200, r.text
    assert r.json()["township"] == "锦屏镇" and r.json()["month"] == NEXT_MONTH
    assert r.json()["trade_code"]  # 电焊 is read as the welder's trade
    as_user(client, cast.staff)
    [group] = client.get("/api/v1/returning").json()
    assert group["township"] == "锦屏镇"
    [person] = group["people"]
    assert person["name"] == "李国华" and person["month"] == NEXT_MONTH
    assert job_id in [j["id"] for j in person["jobs"]]
    page = client.get("/staff/returning").text
    assert "李国华" in page and f"/jobs/{job_id}" in page and "锦屏镇" in page


def test_a_new_plan_replaces_the_old_and_staff_can_record_one(client, cast, db):
    as_user(client, cast.worker)
    client.put("/api/v1/me/return-plan", json={"month": NEXT_MONTH, "work": "电焊"})
    as_user(client, cast.staff)
    later = month_of(dt.date.today(), 3).isoformat()[:7]
    r = client.put(
        f"/api/v1/workers/{cast.worker_id}/return-plan",
        json={"month": later, "work": "开挖机", "township": "巨龙镇"},
    )
    assert r.status_code == 200 and r.json()["township"] == "巨龙镇"
    assert plans(db) == 1
    assert "开挖机" in client.get(f"/workers/{cast.worker_id}").text
    # a plan three months on is outside a two-month list, inside a six-month one
    assert client.get("/api/v1/returning?months=2").json() == []
    assert len(client.get("/api/v1/returning?months=6").json()) == 1
    code = r.json()["township_code"]
    assert client.get(f"/api/v1/returning?township={code}").json()[0]["township"] == "巨龙镇"
    assert client.get("/api/v1/returning?township=511323101").json() == []


def test_the_worker_records_a_plan_from_the_page(client, cast, db):
    as_user(client, cast.worker)
    assert 'href="/me/return-plan"' in client.get("/me").text
    client.get("/me/return-plan")
    token = client.cookies.get("csrftoken")
    r = client.post(
        "/me/return-plan",
        data={"month": NEXT_MONTH, "work": "家政", "township": "511323101", "_csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code in (302, 303) and plans(db) == 1
    bad = client.post("/me/return-plan", data={"month": "明年", "work": "", "_csrf_token": token})
    assert (
        bad.status_code == 400 and 'id="month-error"' in bad.text and 'id="work-error"' in bad.text
    )


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"month": "二月"}, "month", "2027-02"),
        ({"month": "2027-13"}, "month", "2027-02"),
        ({"month": month_of(dt.date.today(), -1).isoformat()[:7]}, "month", "两年内"),
        ({"month": month_of(dt.date.today(), 25).isoformat()[:7]}, "month", "两年内"),
        ({"work": "焊" * 31}, "work", "30"),
        ({"work": ""}, "work", "必须填写"),
        ({"township": "火星镇"}, "township", "乡镇"),
    ],
)
def test_a_plan_that_cannot_be_true_is_refused_in_chinese(client, cast, db, change, field, words):
    as_user(client, cast.worker)
    r = client.put("/api/v1/me/return-plan", json={"month": NEXT_MONTH, "work": "电焊"} | change)
    assert r.status_code == 400, r.text
    assert words in r.json()["errors"][field]
    assert plans(db) == 0


def test_the_list_is_for_staff_only(client, cast):
    as_user(client, cast.worker)
    assert client.get("/staff/returning").status_code == 403
    assert client.get("/api/v1/returning").status_code == 403
