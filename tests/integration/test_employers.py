"""Employers people can trust: registration with the credit code, verification, who may do what.

The named cast: staff, employer A (the cast's verified company), employer B (registers here), a
worker with an archive, and a stranger (no login).
"""

import asyncio
import datetime as dt
import re
import time

import pytest
from sqlalchemy import func, select

from portal.db import make_engine, make_sessionmaker
from portal.employers.service import EmployerService, Registration, parse_employer_form
from portal.forms import FormError
from portal.jobs.service import JobService
from portal.models import AuditLog, Employer, Job, User
from portal.security import sign

from ..factories import (
    PASSWORD,
    add_job,
    as_user,
    credit_code,
    csrf_form,
    login,
    next_phone,
    wait_total,
)

POSTING = {
    "title": "包装工",
    "description": "县城食品厂包装车间，长白班，包午餐，工资月结。",
    "township": "锦屏镇",
    "industry": "制造",
    "wage_min": 3800,
    "wage_max": 4800,
    "headcount": 5,
    "skills": "包装",
}
SCAM = {**POSTING, "title": "打包员", "description": "入职先交押 金300元，加薇信详谈，包吃住。"}


def registration(**change) -> dict:
    return {
        "credit_code": credit_code(),
        "name": "蓬安县相如食品有限公司",
        "legal_rep": "王建军",
        "contact_name": "王丽",
        "contact_phone": next_phone(),
        "address": "相如街道工业园2号",
        "township": "相如街道",
        "industry": "制造",
        "password": PASSWORD,
        **change,
    }


def solve(question: str) -> str:
    """The check as a person answers it: the sum of the two numbers asked about."""
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    return str(a + b)


def api_check(client) -> dict:
    c = client.get("/api/v1/challenge").json()
    return {"challenge": c["token"], "challenge_answer": solve(c["question"])}


def page_check(client) -> dict:
    """The check as the registration page shows it, answered, with the form's CSRF token."""
    html = client.get("/employers/register").text
    token = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    question = re.search(r'<label for="challenge_answer">([^<]+)</label>', html).group(1)
    return {
        "challenge": token,
        "challenge_answer": solve(question),
        "_csrf_token": client.cookies.get("csrftoken"),
    }


def register(client, db, **change) -> dict:
    """Register through the API as an employer would; the new employer's id and state from the database."""
    body = registration(**change)
    r = client.post("/api/v1/employers", json={**body, **api_check(client)})
    assert r.status_code == 202, r.text
    e = db(
        lambda s: s.scalar(select(Employer).where(Employer.contact_phone == body["contact_phone"]))
    )
    return {
        "id": e.id,
        "credit_code": e.credit_code,
        "status": e.status,
        "phone": body["contact_phone"],
    }


def count(db, model) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(model)))


def test_a_new_employer_drafts_until_verified_then_clean_drafts_publish_and_flagged_ones_wait(
    client, cast, db
):
    b = register(client, db)
    assert b["status"] == "pending"
    as_user(client, b["phone"])
    clean = client.post("/api/v1/jobs", json=POSTING).json()
    scam = client.post("/api/v1/jobs", json=SCAM).json()
    assert clean["status"] == scam["status"] == "draft"
    as_user(client, None)
    assert (
        client.get(f"/jobs/{clean['id']}").status_code == 404
    )  # nothing of an unverified employer is public
    assert client.get(f"/employers/{b['id']}").status_code == 404

    as_user(client, cast.staff)
    assert "蓬安县相如食品有限公司" in client.get("/staff/employers").text
    r = client.post(
        f"/api/v1/employers/{b['id']}/review",
        json={"action": "verify", "methods": ["licence", "phone"], "note": "营业执照原件已核"},
    )
    assert (
        r.status_code == 201
        and r.json()["status"] == "verified"
        and r.json()["verify_methods"] == ["licence", "phone"]
    )
    assert (
        db(lambda s: s.scalar(select(AuditLog.action).where(AuditLog.subject_type == "employer")))
        == "employer_verify"
    )

    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{clean['id']}").json()["status"] == "published"
    assert client.get(f"/api/v1/jobs/{scam['id']}").status_code == 404  # flagged: staff look first
    wait_total(client, 1, q="包装")
    page = client.get(f"/jobs/{clean['id']}").text
    assert (
        "已认证单位" in page
        and "查验营业执照" in page
        and "电话核实" in page
        and "不得向你收取任何费用" in page
    )
    trust = client.get(f"/api/v1/jobs/{clean['id']}").json()["trust"]
    assert trust["verified"] and trust["vacancies_posted"] == 1 and trust["no_fees"]
    public = client.get(f"/employers/{b['id']}").text
    assert 'id="trust-card"' in public and "包装工" in public and "打包员" not in public
    shown = client.get(f"/api/v1/employers/{b['id']}").json()
    assert shown["trust"]["methods"] == ["licence", "phone"] and "contact_phone" not in shown
    as_user(client, cast.staff)
    assert f'id="screening-{scam["id"]}"' in client.get("/staff/review").text


def review(client, employer_id: int, **decision):
    return client.post(f"/api/v1/employers/{employer_id}/review", json=decision)


def status_of(db, employer_id: int) -> str:
    return db(lambda s: s.scalar(select(Employer.status).where(Employer.id == employer_id)))


def test_staff_must_say_how_they_checked_to_verify(client, cast, db):
    b = register(client, db)
    as_user(client, cast.staff)
    r = review(client, b["id"], action="verify", methods=[])
    assert r.status_code == 400 and "核实" in r.json()["errors"]["methods"]
    assert status_of(db, b["id"]) == "pending"


def test_staff_must_say_why_they_reject(client, cast, db):
    b = register(client, db)
    as_user(client, cast.staff)
    r = review(client, b["id"], action="reject", note="  ")
    assert r.status_code == 400 and "原因" in r.json()["errors"]["note"]
    assert status_of(db, b["id"]) == "pending"


def test_a_decision_other_than_verify_reject_or_block_is_refused(client, cast, db):
    b = register(client, db)
    as_user(client, cast.staff)
    r = review(client, b["id"], action="shrug")
    assert r.status_code == 400 and r.json()["errors"]["action"] == "请从选项中选一个。"
    assert status_of(db, b["id"]) == "pending"


def test_a_verified_employer_cannot_be_rejected_afterwards(client, cast, db):
    b = register(client, db)
    as_user(client, cast.staff)
    assert review(client, b["id"], action="verify", methods=["site_visit"]).status_code == 201
    r = review(client, b["id"], action="reject", note="重复")
    assert r.status_code == 400 and "已经审核" in r.json()["errors"]["status"]
    assert status_of(db, b["id"]) == "verified"


def test_a_rejected_employer_sees_the_reason_corrects_and_waits_again(client, cast, db):
    b = register(client, db)
    as_user(client, cast.staff)
    client.post(
        f"/api/v1/employers/{b['id']}/review",
        json={"action": "reject", "note": "单位名称与营业执照不一致"},
    )
    as_user(client, b["phone"])
    page = client.get("/employer").text
    assert "单位名称与营业执照不一致" in page and "重新提交认证" in page
    token = csrf_form(client, "/employer")
    form = {
        k: v
        for k, v in registration(
            credit_code=b["credit_code"], name="蓬安县相如食品加工有限公司"
        ).items()
        if k != "password"
    }
    r = client.post(
        "/employer/profile", data={**form, "_csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 302
    e = db(lambda s: s.get(Employer, b["id"]))
    assert e.status == "pending" and e.name == "蓬安县相如食品加工有限公司"


def test_a_blocked_employer_disappears_and_its_code_registers_nothing_again(client, cast, db):
    b = register(client, db)
    as_user(client, cast.staff)
    client.post(
        f"/api/v1/employers/{b['id']}/review", json={"action": "verify", "methods": ["licence"]}
    )
    as_user(client, b["phone"])
    job = client.post("/api/v1/jobs", json=POSTING).json()
    assert job["status"] == "published"
    as_user(client, cast.staff)
    assert (
        client.post(
            f"/api/v1/employers/{b['id']}/review",
            json={"action": "block", "note": "收取求职者押金"},
        ).status_code
        == 201
    )
    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{job['id']}").status_code == 404
    r = client.post("/api/v1/auth/login", json={"phone": b["phone"], "password": PASSWORD})
    assert r.status_code == 400
    # The same code, however it is typed, cannot come back: received, and nothing is created.
    again = registration(credit_code=b["credit_code"].lower())
    r = client.post("/api/v1/employers", json={**again, **api_check(client)})
    assert r.status_code == 202 and count(db, Employer) == 2
    assert (
        client.post(
            "/api/v1/auth/login", json={"phone": again["contact_phone"], "password": PASSWORD}
        ).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"credit_code": "91511323MA6X0Q1232"}, "credit_code", "信用代码"),  # one character changed
        ({"credit_code": "91511323MA6X0Q123"}, "credit_code", "信用代码"),  # too short
        ({"credit_code": "x" * 41}, "credit_code", "最多"),
        ({"name": "公司"}, "name", "太短"),
        ({"name": "蓬" * 101}, "name", "最多"),
        ({"legal_rep": ""}, "legal_rep", "必须填写"),
        ({"contact_name": "王" * 41}, "contact_name", "最多"),
        ({"contact_phone": "12345"}, "contact_phone", "手机"),
        ({"address": "x" * 121}, "address", "最多"),
        ({"township": "成都"}, "township", "乡镇"),
        ({"industry": "挖矿"}, "industry", "行业"),
        ({"password": "short"}, "password", "8"),
        ({"password": "p" * 129}, "password", "128"),
    ],
)
def test_each_registration_field_says_what_is_wrong_in_chinese_and_nothing_is_written(
    client, db, change, field, says
):
    r = client.post("/api/v1/employers", json={**registration(**change), **api_check(client)})
    assert r.status_code == 400, r.text
    assert says in r.json()["errors"][field]
    assert count(db, Employer) == 0 and count(db, User) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"credit_code": None}, "credit_code"),
        ({"township": ["锦屏镇"]}, "township"),
        ({"password": 12345678}, "password"),
    ],
)
def test_a_registration_field_of_the_wrong_type_is_refused_by_the_schema_asking_for_text(
    client, db, change, field
):
    r = client.post("/api/v1/employers", json={**registration(**change), **api_check(client)})
    assert r.status_code == 400, r.text
    assert r.json()["errors"][field] == "请填写文字。"
    assert count(db, Employer) == 0 and count(db, User) == 0


def test_a_missing_registration_field_is_required(client, db):
    body = {k: v for k, v in registration().items() if k != "credit_code"}
    r = client.post("/api/v1/employers", json={**body, **api_check(client)})
    assert r.status_code == 400 and "必须填写" in r.json()["errors"]["credit_code"]
    assert count(db, Employer) == 0


def test_a_code_typed_in_full_width_lower_case_with_spaces_registers_in_its_one_form(client, db):
    code = credit_code()
    typed = " ".join([code[:4], code[4:8], code[8:]]).lower().replace("9", "９")
    b = register(client, db, credit_code=typed)
    assert b["credit_code"] == code


def test_the_registration_page_says_received_and_the_employer_logs_in_to_see_the_waiting_state(
    client, db
):
    body = registration()
    r = client.post(
        "/employers/register", data={**body, "password2": PASSWORD, **page_check(client)}
    )
    assert r.status_code == 200 and "注册申请已收到" in r.text and 'href="/login"' in r.text
    login(client, body["contact_phone"])
    assert "等待人社局认证" in client.get("/employer").text
    r = client.post(
        "/employers/register",
        data={**registration(credit_code="91511323MA6X0Q1232"), **page_check(client)},
    )
    assert r.status_code == 400 and "统一社会信用代码不正确" in r.text and count(db, Employer) == 1


def test_a_known_and_an_unknown_credit_code_or_mobile_get_the_same_answer(client, cast, db):
    """Registering tells nobody which codes or mobiles are on the portal; a known one creates nothing."""
    known_code = client.post(
        "/api/v1/employers",
        json={**registration(credit_code="91511323MA6X0Q1231"), **api_check(client)},
    )
    known_phone = client.post(
        "/api/v1/employers", json={**registration(contact_phone=cast.staff), **api_check(client)}
    )
    unknown = client.post("/api/v1/employers", json={**registration(), **api_check(client)})
    assert known_code.status_code == known_phone.status_code == unknown.status_code == 202
    assert known_code.json() == known_phone.json() == unknown.json()
    assert count(db, Employer) == 2  # the cast's company and the unknown one
    pages = [
        client.post("/employers/register", data={**registration(**change), **page_check(client)})
        for change in ({"credit_code": "91511323MA6X0Q1231"}, {})
    ]
    assert pages[0].status_code == pages[1].status_code == 200 and pages[0].text == pages[1].text
    assert count(db, Employer) == 3


def test_the_sixth_registration_from_one_address_in_an_hour_is_refused_with_a_message(client, db):
    for _ in range(5):
        register(client, db)
    r = client.post("/api/v1/employers", json={**registration(), **api_check(client)})
    assert r.status_code == 429 and "一小时后再试" in r.json()["detail"]
    r = client.post("/employers/register", data={**registration(), **page_check(client)})
    assert r.status_code == 429 and "一小时后再试" in r.text
    assert count(db, Employer) == 5


def test_a_missing_wrong_forged_expired_or_reused_check_is_refused(client, settings, db):
    def post(check: dict) -> dict:
        r = client.post("/api/v1/employers", json={**registration(), **check})
        assert r.status_code == 400, r.text
        return r.json()["errors"]

    assert "过期" in post({})["challenge"]
    good = api_check(client)
    assert (
        "不对"
        in post({**good, "challenge_answer": str(int(good["challenge_answer"]) + 1)})["challenge"]
    )
    assert "用过" in post(good)["challenge"]  # a wrong answer used it up
    fresh = api_check(client)
    assert "过期" in post({**fresh, "challenge": fresh["challenge"][:-2] + "xx"})["challenge"]
    expired = sign(settings.secret_key, "challenge", f"00aa11bb22cc33dd-{int(time.time()) - 1}-2-3")
    assert "过期" in post({"challenge": expired, "challenge_answer": "5"})["challenge"]
    used = api_check(client)
    assert client.post("/api/v1/employers", json={**registration(), **used}).status_code == 202
    assert "用过" in post(used)["challenge"]
    assert count(db, Employer) == 1
    # On the page: the message at the check, a new check, what was typed kept (not the password).
    body = registration(name="蓬安县相如食品加工有限公司")
    r = client.post(
        "/employers/register", data={**body, **page_check(client), "challenge_answer": "99"}
    )
    assert (
        r.status_code == 400
        and 'id="challenge-error"' in r.text
        and "蓬安县相如食品加工有限公司" in r.text
    )
    assert 'name="challenge" value="' in r.text and PASSWORD not in r.text


def test_one_check_sent_five_times_at_once_registers_once(settings, db):
    async def five(token: str, answer: str) -> list[str]:
        engine = make_engine(settings.database_url)
        factory = make_sessionmaker(engine)

        async def one() -> str:
            async with factory() as session:
                reg = Registration(
                    parse_employer_form(registration()), token, answer, "203.0.113.5"
                )
                try:
                    await EmployerService(session).register(reg, settings.secret_key)
                    return "received"
                except FormError:
                    return "refused"

        try:
            return list(await asyncio.gather(*(one() for _ in range(5))))
        finally:
            await engine.dispose()

    from portal.security import new_challenge

    token, a, b = new_challenge(settings.secret_key)
    answers = asyncio.run(five(token, str(a + b)))
    assert answers.count("received") <= 1 and count(db, Employer) == answers.count("received")


@pytest.fixture
def vacancies(cast, settings):
    """Employer A's published vacancy and its vacancy waiting for review."""
    published = asyncio.run(add_job(settings.database_url, cast.employer_id))
    waiting = asyncio.run(add_job(settings.database_url, cast.employer_id, status="pending"))
    return published, waiting


VERIFY = {"action": "verify", "methods": ["licence"]}


def test_a_stranger_reads_published_vacancies_and_nothing_else(client, cast, db, vacancies):
    b = register(client, db)
    published, waiting = vacancies
    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{published}").status_code == 200
    assert client.get(f"/api/v1/jobs/{waiting}").status_code == 404
    # No session, and so no CSRF token either.
    assert review(client, b["id"], **VERIFY).status_code == 403
    report = client.post(f"/api/v1/jobs/{published}/report", json={"reason": "fee"})
    assert report.status_code == 403
    assert client.get("/staff/employers", follow_redirects=False).status_code == 302


def test_an_employer_cannot_verify_itself_nor_touch_another_ones_vacancies(
    client, cast, db, vacancies
):
    b = register(client, db)
    published, waiting = vacancies
    as_user(client, b["phone"])
    assert review(client, b["id"], **VERIFY).status_code == 403
    assert client.get("/staff/employers").status_code == 403
    assert client.get(f"/api/v1/jobs/{waiting}").status_code == 404
    assert client.put(f"/api/v1/jobs/{published}", json=POSTING).status_code == 404
    assert client.post(f"/api/v1/jobs/{published}/close").status_code == 404
    assert client.get(f"/jobs/{published}/edit").status_code == 404
    assert client.get(f"/api/v1/jobs/{published}/candidates").status_code == 404
    report = client.post(f"/api/v1/jobs/{published}/report", json={"reason": "fee"})
    assert report.status_code == 403


def test_a_worker_cannot_post_verify_or_manage_but_may_say_interested(client, cast, db, vacancies):
    b = register(client, db)
    published, _ = vacancies
    as_user(client, cast.worker)
    assert client.post("/api/v1/jobs", json=POSTING).status_code == 403
    assert review(client, b["id"], **VERIFY).status_code == 403
    assert client.put(f"/api/v1/jobs/{published}", json=POSTING).status_code == 403
    assert client.post(f"/api/v1/jobs/{published}/interest").status_code == 201


def test_an_employer_manages_its_own_vacancy_and_staff_verify(client, cast, db, vacancies):
    b = register(client, db)
    published, _ = vacancies
    as_user(client, cast.employer)
    assert client.put(f"/api/v1/jobs/{published}", json=POSTING).status_code == 200
    as_user(client, cast.staff)
    assert review(client, b["id"], **VERIFY).status_code == 201


def test_an_edit_of_wage_trade_or_place_sends_a_published_vacancy_back_to_review(client, cast):
    as_user(client, cast.employer)
    job = client.post("/api/v1/jobs", json=POSTING).json()
    assert job["status"] == "published"
    # Wording only: stays published.
    r = client.put(
        f"/api/v1/jobs/{job['id']}",
        json={**POSTING, "description": "县城食品厂包装车间，长白班，包午餐，工资每月10日发。"},
    )
    assert r.json()["status"] == "published"
    for change in (
        {"wage_max": 5200},
        {"township": "金溪镇"},
        {"trade_code": "6-01-01-02"},
        {"wage_unit": "day", "wage_min": 150, "wage_max": 200},
    ):
        job = client.post("/api/v1/jobs", json=POSTING).json()
        assert job["status"] == "published"
        r = client.put(f"/api/v1/jobs/{job['id']}", json={**POSTING, **change})
        assert r.status_code == 200 and r.json()["status"] == "pending", change
    # A fee written in later is screened and held too, with the reason.
    job = client.post("/api/v1/jobs", json=POSTING).json()
    r = client.put(
        f"/api/v1/jobs/{job['id']}",
        json={**POSTING, "description": POSTING["description"] + "入职交体检费100元。"},
    ).json()
    assert r["status"] == "pending" and r["screening"][0]["rule"] == "fee"
    # Taking the fee out again does not publish it behind the reviewer's back.
    r = client.put(f"/api/v1/jobs/{job['id']}", json=POSTING).json()
    assert r["status"] == "pending" and r["screening"] == []


def test_close_reopen_and_expiry(client, cast, settings, db):
    as_user(client, cast.employer)
    job = client.post(
        "/api/v1/jobs",
        json={**POSTING, "closes_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
    ).json()
    assert client.post(f"/api/v1/jobs/{job['id']}/close").json()["status"] == "closed"
    r = client.post(f"/api/v1/jobs/{job['id']}/close")
    assert r.status_code == 400 and "在招" in r.json()["errors"]["status"]
    assert client.post(f"/api/v1/jobs/{job['id']}/reopen").json()["status"] == "published"
    # The closing date passes: the vacancy closes itself and leaves search.
    wait_total(client, 1, q="包装")

    async def expire(session):
        return await JobService(session).expire_due(dt.date.today() + dt.timedelta(days=4))

    assert db(expire) == 1
    assert db(lambda s: s.scalar(select(Job.status).where(Job.id == job["id"]))) == "expired"
    wait_total(client, 0, q="包装")
    r = client.post(f"/api/v1/jobs/{job['id']}/reopen")
    assert r.status_code == 201  # the date has not passed today; the sweep ran with a later "today"
    r = client.put(f"/api/v1/jobs/{job['id']}", json={**POSTING, "closes_on": "2020-01-01"})
    assert r.status_code == 400 and "截止日期" in r.json()["errors"]["closes_on"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wage_unit": "week"}, "wage_unit"),
        ({"wage_unit": "day", "wage_min": 20}, "wage_min"),
        ({"wage_unit": "day", "wage_max": 6000}, "wage_max"),
        ({"hours": "八" * 61}, "hours"),
        ({"social_insurance": "all"}, "social_insurance"),
        ({"age_min": 12}, "age_min"),
        ({"age_max": 90}, "age_max"),
        ({"age_min": 45, "age_max": 30}, "age_max"),
        ({"age_max": 45, "accepts_over_50": True}, "accepts_over_50"),
        ({"address": "路" * 121}, "address"),
        ({"closes_on": "2020-01-01"}, "closes_on"),
        ({"closes_on": "明天"}, "closes_on"),
        ({"description": "短"}, "description"),
        ({"description": "长" * 2001}, "description"),
    ],
)
def test_each_new_posting_field_has_its_limits(client, cast, db, change, field):
    as_user(client, cast.employer)
    r = client.post("/api/v1/jobs", json={**POSTING, **change})
    assert r.status_code == 400, r.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["errors"][field])
    assert count(db, Job) == 0


def test_a_day_rate_is_shown_as_such_and_screened_as_a_month(client, cast):
    as_user(client, cast.employer)
    job = client.post(
        "/api/v1/jobs", json={**POSTING, "wage_unit": "day", "wage_min": 180, "wage_max": 220}
    ).json()
    assert job["status"] == "published" and job["wage_unit"] == "day"
    assert "元/天" in client.get(f"/jobs/{job['id']}").text
    bait = client.post(
        "/api/v1/jobs", json={**POSTING, "wage_unit": "day", "wage_min": 1500, "wage_max": 2000}
    ).json()
    assert (
        bait["status"] == "pending" and bait["screening"][0]["rule"] == "wage"
    )  # 2000 x 26 > 30,000


def test_the_registration_api_takes_json_only_so_a_cross_site_form_cannot_register(client, db):
    r = client.post(
        "/api/v1/employers", content="credit_code=x", headers={"content-type": "text/plain"}
    )
    assert r.status_code == 400 and count(db, Employer) == 0


def test_an_employer_sees_why_its_vacancy_is_held_on_the_vacancy_and_its_list(client, cast):
    as_user(client, cast.employer)
    held = client.post(
        "/api/v1/jobs",
        json={**POSTING, "description": POSTING["description"] + "入职先交押金300元。"},
    ).json()
    assert held["status"] == "pending" and held["screening"]
    reasons = [f["reason"] for f in held["screening"]]
    page = client.get(f"/jobs/{held['id']}").text
    assert "等待审核" in page and all(reason in page for reason in reasons)
    assert all(reason in client.get("/employer").text for reason in reasons)
    as_user(client, cast.staff)
    assert (
        client.post(
            f"/jobs/{held['id']}/reject",
            data={"note": "请删去押金的要求后重新提交"},
            follow_redirects=False,
        ).status_code
        == 302
    )
    as_user(client, cast.employer)
    listing = client.get("/employer").text
    assert "请删去押金的要求后重新提交" in listing and all(reason in listing for reason in reasons)
    client.cookies.set("lang", "en")
    english = client.get(f"/api/v1/jobs/{held['id']}").json()["screening"][0]["reason"]
    assert english != reasons[0] and english in client.get("/employer").text


def _shape(spec: dict, schema: dict) -> dict[str, str]:
    """A body's fields and their types, as /schema documents them (references followed)."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]

    def kind(field: dict) -> str:
        kinds = [kind(f) for f in field.get("oneOf") or field.get("anyOf") or []]
        return "|".join(kinds) if kinds else field.get("type") or field.get("$ref", "?")

    return {name: kind(field) for name, field in schema.get("properties", {}).items()}


def _bodies(spec: dict, path: str, method: str) -> tuple[dict, dict]:
    operation = spec["paths"][path][method]
    request = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    answers = [a for code, a in operation["responses"].items() if code.startswith("2")]
    response = answers[0].get("content", {}).get("application/json", {})
    return _shape(spec, request.get("schema", {})), _shape(spec, response.get("schema", {}))


def test_the_schema_documents_the_registration_request_and_its_answer(client):
    spec = client.get("/schema/openapi.json").json()
    request, response = _bodies(spec, "/api/v1/employers", "post")
    assert request["credit_code"] == request["challenge"] == "string"
    fields = spec["components"]["schemas"]["RegistrationForm"]["properties"]
    assert fields["name"]["maxLength"] == 100 and fields["password"]["minLength"] == 8
    assert request["challenge_answer"] == "string|integer"
    assert {"name", "legal_rep", "contact_phone", "township", "industry", "password"} <= set(
        request
    )
    assert response == {"status": "string", "detail": "string"}


def test_the_schema_documents_the_review_decision_and_the_employer_card(client):
    spec = client.get("/schema/openapi.json").json()
    request, response = _bodies(spec, "/api/v1/employers/{employer_id}/review", "post")
    assert request == {"action": "string", "methods": "array", "note": "string"}
    assert response["id"] == "integer" and response["verify_methods"] == "array"
    assert "trust" in response and "contact_phone" in response
    _, shown = _bodies(spec, "/api/v1/employers/{employer_id}", "get")
    trust = _shape(spec, {"$ref": shown["trust"]})
    assert trust["verified"] == "boolean" and trust["vacancies_posted"] == "integer"
