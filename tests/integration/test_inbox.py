"""The worker's inbox: what changed for them since they last looked, and the unread count."""

import asyncio
import datetime as dt

from sqlalchemy import update

from portal.models import User
from tests.factories import add_job, as_user, future


def inbox(client) -> dict:
    r = client.get("/api/v1/me/inbox")
    assert r.status_code == 200, r.text
    return r.json()


def test_a_vacancy_the_worker_wanted_closing_reaches_the_inbox_once_and_is_read_by_looking(
    client, cast, settings
):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id, title="电焊工 急招"))
    as_user(client, cast.worker)
    client.post(f"/api/v1/jobs/{job}/interest")
    inbox(client)  # read what there was so far
    as_user(client, cast.employer)
    assert client.post(f"/api/v1/jobs/{job}/close").status_code == 201
    as_user(client, cast.worker)
    assert 'class="badge"' in client.get("/me/inbox/count").text
    seen = inbox(client)
    [line] = [x for x in seen["lines"] if x["kind"] == "job_ended"]
    assert line["subject_id"] == job and line["detail"] == "closed" and line["is_new"]
    assert "电焊工 急招" in line["text"] and "停止招聘" in line["text"]
    assert seen["unread"] >= 1
    # Looking marked it read: no badge, and the line is no longer new.
    assert 'class="badge"' not in client.get("/me/inbox/count").text
    again = inbox(client)
    assert again["unread"] == 0 and not any(x["is_new"] for x in again["lines"])


def test_a_contracts_new_status_reaches_the_workers_inbox(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.staff)
    body = {"worker_id": cast.worker_id, "job_id": job, "wage": 6500, "start_date": future()}
    contract = client.post("/api/v1/contracts", json=body).json()
    r = client.post(f"/api/v1/contracts/{contract['id']}/status", json={"to": "signed"})
    assert r.status_code in (200, 201), r.text
    as_user(client, cast.worker)
    [line] = [x for x in inbox(client)["lines"] if x["kind"] == "contract"]
    assert line["detail"] == "signed" and contract["number"] in line["text"]
    assert line["link"] == "/me/contracts"


def test_the_answer_to_a_report_reaches_the_reporter(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id, title="高薪日结"))
    as_user(client, cast.worker)
    assert client.post(f"/api/v1/jobs/{job}/report", json={"reason": "fee"}).status_code == 201
    as_user(client, cast.staff)
    r = client.post(f"/api/v1/jobs/{job}/reports/settle", json={"action": "remove"})
    assert r.status_code in (200, 201), r.text
    as_user(client, cast.worker)
    [line] = [x for x in inbox(client)["lines"] if x["kind"] == "report"]
    assert line["detail"] == "removed" and "下架" in line["text"] and "高薪日结" in line["text"]
    assert "岗位已下架" in client.get("/me").text


def test_a_fitting_vacancy_published_after_the_last_look_is_a_new_match(client, cast, settings, db):
    async def looked_yesterday(s):
        yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        await s.execute(
            update(User).where(User.phone == cast.worker).values(inbox_seen_at=yesterday)
        )
        await s.commit()

    db(looked_yesterday)
    job = asyncio.run(add_job(settings.database_url, cast.employer_id, title="焊工（新）"))
    as_user(client, cast.worker)
    client.get("/me")  # the matches are worked out here, and the new one noted
    assert 'class="badge"' in client.get("/me/inbox/count").text
    lines = inbox(client)["lines"]
    assert [x["subject_id"] for x in lines if x["kind"] == "match"] == [job]
    client.get("/me")  # seen once: not noted again
    assert len([x for x in inbox(client)["lines"] if x["kind"] == "match"]) == 1


def test_the_worker_sees_when_the_employer_has_looked_at_their_interest(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.worker)
    client.post(f"/api/v1/jobs/{job}/interest")
    assert "用人单位还没查看" in client.get("/me").text
    as_user(client, cast.staff)  # staff looking is not the employer looking
    client.get(f"/jobs/{job}/candidates")
    as_user(client, cast.worker)
    assert "用人单位还没查看" in client.get("/me").text
    as_user(client, cast.employer)
    client.get(f"/jobs/{job}/candidates")
    as_user(client, cast.worker)
    assert "用人单位已查看" in client.get("/me").text


def test_only_a_worker_has_an_inbox(client, cast, stranger):
    assert stranger.get("/api/v1/me/inbox").status_code in (401, 403)
    as_user(client, cast.employer)
    assert client.get("/api/v1/me/inbox").status_code == 403
