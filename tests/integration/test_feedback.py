"""Workers' voice on a vacancy: "I'm interested" and reports; several reports hide it for staff."""

import asyncio
import datetime as dt

from sqlalchemy import func, select

from portal.accounts.service import new_user
from portal.db import make_engine, make_sessionmaker
from portal.feedback.service import HIDE_AFTER
from portal.models import JobInterest, JobReport, Worker, WorkerSkill

from ..factories import PASSWORD, WELDER, add_job, as_user, next_phone, openapi_body, wait_total


async def add_workers(url: str, n: int, *, archive: bool = True) -> list[str]:
    """n worker logins (with consenting archives of welders unless archive=False)."""
    engine = make_engine(url)
    phones = []
    async with make_sessionmaker(engine)() as session:
        for i in range(n):
            phone = next_phone()
            user = new_user(phone, PASSWORD, "worker", f"工人{i}")
            session.add(user)
            await session.flush()
            if archive:
                session.add(
                    Worker(
                        user_id=user.id,
                        name=f"陈{'一二三四五六七八九十'[i % 10]}军",
                        phone=phone,
                        id_number=f"51132319800101{i:03d}X"[:18],
                        birth_year=1980,
                        home_township_code="511323101",
                        expected_wage=6000,
                        skills=[WorkerSkill(name="电焊", years=5, trade_code=WELDER)],
                        consent_at=dt.datetime.now(dt.UTC),
                        consent_method="self",
                    )
                )
            phones.append(phone)
        await session.commit()
    await engine.dispose()
    return phones


def test_reports_from_several_workers_hide_a_vacancy_until_staff_decide(client, cast, settings, db):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    wait_total(client, 1, q="电焊")
    reporters = asyncio.run(add_workers(settings.database_url, HIDE_AFTER, archive=False))
    for n, phone in enumerate(reporters, 1):
        as_user(client, phone)
        r = client.post(
            f"/api/v1/jobs/{job}/report", json={"reason": "fee", "note": "电话里要交三百押金"}
        )
        assert r.status_code == 201 and r.json()["hidden"] == (n == HIDE_AFTER)
        if n == 1:  # the same worker twice counts once, and is told so
            again = client.post(f"/api/v1/jobs/{job}/report", json={"reason": "fake"})
            assert again.status_code == 400 and "已经举报" in again.json()["errors"]["reason"]
    assert db(lambda s: s.scalar(select(func.count()).select_from(JobReport))) == HIDE_AFTER
    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{job}").status_code == 404
    wait_total(client, 0, q="电焊")
    # Staff see the vacancy and what the workers said; approving it settles the reports and shows it again.
    as_user(client, cast.staff)
    queue = client.get("/staff/review").text
    assert (
        f'id="reports-{job}"' in queue
        and "电话里要交三百押金" in queue
        and "因被举报暂时下架" in queue
    )
    assert client.post(f"/api/v1/jobs/{job}/approve").json()["status"] == "published"
    assert db(lambda s: s.scalar(select(func.count()).where(JobReport.resolved_at.is_(None)))) == 0
    assert f'id="reports-{job}"' not in client.get("/staff/review").text
    wait_total(client, 1, q="电焊")


def test_one_report_reaches_staff_without_hiding_the_vacancy(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id, status="published"))
    as_user(client, cast.worker)
    token = client.get(f"/jobs/{job}").text  # the page carries the report form
    assert f'action="/jobs/{job}/report"' in token
    r = client.post(f"/api/v1/jobs/{job}/report", json={"reason": "contact"})
    assert r.json() == {"job_id": job, "reported": True, "hidden": False}
    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{job}").status_code == 200
    as_user(client, cast.employer)
    assert "待处理举报：1 条" in client.get(f"/jobs/{job}").text


def test_a_report_with_a_bad_reason_or_a_long_note_is_refused_and_not_kept(
    client, cast, settings, db
):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.worker)
    for body in (
        {"reason": "boring"},
        {"reason": "fee", "note": "太" * 201},
        {"reason": ["fee"]},
        {"reason": "fee", "note": 5},
    ):
        r = client.post(f"/api/v1/jobs/{job}/report", json=body)
        assert r.status_code == 400, body
        assert any("\u4e00" <= ch <= "\u9fff" for ch in " ".join(r.json()["errors"].values()))
    assert db(lambda s: s.scalar(select(func.count()).select_from(JobReport))) == 0
    assert client.post("/api/v1/jobs/999999/report", json={"reason": "fee"}).status_code == 404


def test_interest_is_one_tap_once_and_the_employer_sees_the_worker_ranked_and_masked(
    client, cast, settings, db
):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.worker)
    assert "我有意向" in client.get(f"/jobs/{job}").text
    assert client.post(f"/api/v1/jobs/{job}/interest").json()["new"] is True
    assert client.post(f"/api/v1/jobs/{job}/interest").json()["new"] is False
    assert db(lambda s: s.scalar(select(func.count()).select_from(JobInterest))) == 1
    assert "您已表达意向" in client.get(f"/jobs/{job}").text
    as_user(client, cast.employer)
    page = client.get(f"/jobs/{job}/candidates").text
    assert (
        'id="interested"' in page
        and "李*华" in page
        and "李国华" not in page
        and "11010519491231002X" not in page
    )
    body = client.get(f"/api/v1/jobs/{job}/candidates").json()
    assert body["interested"][0]["name"] == "李*华" and "phone" not in body["interested"][0]
    as_user(client, cast.staff)
    assert "有意向的求职者：1 人" in client.get(f"/jobs/{job}").text


def test_a_worker_without_an_archive_is_asked_to_fill_one_first(client, cast, settings, db):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    [phone] = asyncio.run(add_workers(settings.database_url, 1, archive=False))
    as_user(client, phone)
    r = client.post(f"/api/v1/jobs/{job}/interest")
    assert r.status_code == 400 and "档案" in r.json()["errors"]["archive"]
    assert db(lambda s: s.scalar(select(func.count()).select_from(JobInterest))) == 0


def test_interest_in_or_reports_of_a_vacancy_not_published_are_not_found(client, cast, settings):
    pending = asyncio.run(add_job(settings.database_url, cast.employer_id, status="pending"))
    as_user(client, cast.worker)
    assert client.post(f"/api/v1/jobs/{pending}/interest").status_code == 404
    assert client.post(f"/api/v1/jobs/{pending}/report", json={"reason": "fee"}).status_code == 404


def _reported(settings, client, cast, **values) -> int:
    """A published vacancy with one open report from the cast's worker."""
    job = asyncio.run(add_job(settings.database_url, cast.employer_id, **values))
    as_user(client, cast.worker)
    client.post(f"/api/v1/jobs/{job}/report", json={"reason": "fake", "note": f"举报{job}"})
    return job


def test_staff_see_single_reports_on_published_vacancies_in_the_queue(client, cast, settings):
    job = _reported(settings, client, cast)
    as_user(client, cast.staff)
    queue = client.get("/staff/review").text
    assert f'id="reported-{job}"' in queue and f"举报{job}" in queue


def test_dismissing_the_reports_keeps_the_vacancy_public_and_clears_the_queue(
    client, cast, settings
):
    job = _reported(settings, client, cast)
    as_user(client, cast.staff)
    r = client.post(f"/api/v1/jobs/{job}/reports/settle", json={"action": "dismiss"})
    assert r.status_code == 201 and r.json()["status"] == "published"
    assert 'id="reported-' not in client.get("/staff/review").text
    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{job}").status_code == 200


def test_taking_a_reported_vacancy_down_hides_it_and_tells_the_employer_why(client, cast, settings):
    job = _reported(settings, client, cast, title="钢筋工", description="县城工地招钢筋工，包住。")
    as_user(client, cast.staff)
    r = client.post(
        f"/api/v1/jobs/{job}/reports/settle", json={"action": "remove", "note": "核实为虚假招聘"}
    )
    assert r.json()["status"] == "rejected"
    as_user(client, None)
    assert client.get(f"/api/v1/jobs/{job}").status_code == 404
    as_user(client, cast.employer)
    assert "核实为虚假招聘" in client.get(f"/jobs/{job}").text


def test_settling_reports_already_settled_is_refused_with_a_message(client, cast, settings):
    job = _reported(settings, client, cast)
    as_user(client, cast.staff)
    client.post(f"/api/v1/jobs/{job}/reports/settle", json={"action": "remove"})
    again = client.post(f"/api/v1/jobs/{job}/reports/settle", json={"action": "remove"})
    assert again.status_code == 400 and "已经处理" in again.json()["errors"]["status"]


def test_an_unknown_settling_action_is_refused(client, cast, settings):
    job = _reported(settings, client, cast)
    as_user(client, cast.staff)
    r = client.post(f"/api/v1/jobs/{job}/reports/settle", json={"action": "shrug"})
    assert r.status_code == 400 and "action" in r.json()["errors"]


def test_a_settling_note_longer_than_the_limit_is_refused_not_cut(client, cast, settings, db):
    job = _reported(settings, client, cast)
    as_user(client, cast.staff)
    r = client.post(
        f"/api/v1/jobs/{job}/reports/settle", json={"action": "remove", "note": "假" * 201}
    )
    assert r.status_code == 400 and "note" in r.json()["errors"]
    assert db(lambda s: s.scalar(select(func.count()).where(JobReport.resolved_at.is_(None)))) == 1


def test_the_employer_may_not_settle_reports_on_its_own_vacancy(client, cast, settings):
    job = _reported(settings, client, cast)
    as_user(client, cast.employer)
    r = client.post(f"/api/v1/jobs/{job}/reports/settle", json={"action": "dismiss"})
    assert r.status_code == 403


def test_a_stranger_is_asked_to_log_in_before_typing_a_report(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    page = client.get(f"/jobs/{job}").text
    assert f'action="/jobs/{job}/report"' not in page  # nothing to type that a login would lose
    assert f'<a class="button danger" href="/login?next=/jobs/{job}">登录后举报这个岗位</a>' in page


def test_a_stranger_who_sends_a_report_lands_on_the_vacancy_after_login_not_on_a_405(
    client, cast, settings
):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    (phone,) = asyncio.run(add_workers(settings.database_url, 1))
    client.get(f"/jobs/{job}")  # an old tab with the form still open
    token = client.cookies.get("csrftoken")
    sent = client.post(
        f"/jobs/{job}/report",
        data={"reason": "fee", "_csrf_token": token},
        headers={"referer": f"http://testserver.local/jobs/{job}"},
        follow_redirects=False,
    )
    assert sent.status_code == 302 and sent.headers["location"] == f"/login?next=%2Fjobs%2F{job}"
    logged_in = client.post(
        "/login",
        data={"phone": phone, "password": PASSWORD, "next": f"/jobs/{job}", "_csrf_token": token},
        follow_redirects=False,
    )
    assert logged_in.headers["location"] == f"/jobs/{job}"
    page = client.get(logged_in.headers["location"])
    assert page.status_code == 200 and f'action="/jobs/{job}/report"' in page.text


def test_a_form_sent_without_a_known_page_leads_home_after_login(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    client.get(f"/jobs/{job}")
    sent = client.post(
        f"/jobs/{job}/interest",
        data={"_csrf_token": client.cookies.get("csrftoken")},
        follow_redirects=False,
    )
    assert sent.status_code == 302 and sent.headers["location"] == "/login"


def test_the_employer_is_not_offered_to_report_its_own_vacancy(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.employer)
    page = client.get(f"/jobs/{job}").text
    assert 'id="manage"' in page and "举报这个岗位" not in page and 'id="report"' not in page
    as_user(client, cast.staff)
    page = client.get(f"/jobs/{job}").text
    assert 'id="manage"' in page and "举报这个岗位" not in page
    as_user(client, cast.worker)
    assert f'action="/jobs/{job}/report"' in client.get(f"/jobs/{job}").text


def test_the_api_schema_documents_the_body_and_the_answer_of_every_feedback_write(client):
    doc = client.get("/schema/openapi.json").json()
    report = "/api/v1/jobs/{job_id}/report"
    assert openapi_body(doc, report, "post") == {"reason": "string", "note": "string"}
    assert openapi_body(doc, report, "post", "201") == {
        "job_id": "integer",
        "reported": "boolean",
        "hidden": "boolean",
    }
    interest = openapi_body(doc, "/api/v1/jobs/{job_id}/interest", "post", "201")
    assert interest == {"job_id": "integer", "interested": "boolean", "new": "boolean"}
    settle = "/api/v1/jobs/{job_id}/reports/settle"
    assert openapi_body(doc, settle, "post") == {"action": "string", "note": "string"}
    assert openapi_body(doc, settle, "post", "201")["status"] == "JobStatus"
