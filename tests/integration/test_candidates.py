"""Candidates for a vacancy: ranked, explained, consent-limited, and only for its employer and staff."""

import asyncio
import itertools

import pytest

from portal.accounts.service import new_user
from portal.models import Employer, Worker, WorkerSkill
from tests.factories import PASSWORD, WELDER, add_job, login, next_phone

CAST_ID = "11010519491231002X"  # the cast worker's ID number


_serials = itertools.count(1)


def add_worker(
    db,
    name,
    *,
    consent=True,
    intent="local_job",
    skill="电焊",
    code=WELDER,
    wage=6000,
    id_number=None,
):
    async def make(s):
        import datetime as dt

        w = Worker(
            name=name,
            phone=next_phone(),
            id_number=id_number or f"5113231980{next(_serials):07d}X",
            gender="男",
            birth_year=1980,
            home_township_code="511323101",
            expected_wage=wage,
            consent_at=dt.datetime.now(dt.UTC) if consent else None,
            intent=intent,
            skills=[WorkerSkill(name=skill, level="中级", years=5, trade_code=code)],
        )
        s.add(w)
        await s.commit()
        return w.id

    return db(make)


def other_employer(db) -> str:
    phone = next_phone()

    async def make(s):
        company = Employer(
            name="蓬安县河舒食品有限公司",
            credit_code="91511323MA6X0Q9999",
            industry="制造",
            township_code="511323102",
            legal_rep="王",
            contact_name="王",
            contact_phone="13800000001",
        )
        s.add(company)
        await s.flush()
        s.add(new_user(phone, PASSWORD, "employer", "别家", employer_id=company.id))
        await s.commit()

    db(make)
    return phone


@pytest.fixture
def welding_job(settings, cast):
    return asyncio.run(add_job(settings.database_url, cast.employer_id))


def test_the_employer_sees_ranked_candidates_with_reasons_and_no_contact_details(
    client, cast, db, welding_job
):
    cheaper = add_worker(db, "张国栋", wage=5000)
    login(client, cast.employer)
    hits = client.get(f"/api/v1/jobs/{welding_job}/candidates").json()["hits"]
    assert [h["name"] for h in hits] == [
        "张*栋",
        "李*华",
    ]  # both fit; 李 is over 50 and the job did not say it takes them
    assert {c["reason"] for c in hits[0]["explanation"]} >= {"skill_same", "wage_meets"}
    for hit in hits:
        assert not {"phone", "id_number", "full_name", "worker_id", "family_notes", "url"} & set(
            hit
        )
    page = client.get(f"/jobs/{welding_job}/candidates").text
    assert "张*栋" in page and "张国栋" not in page and cast.worker not in page
    assert cheaper  # stored


def test_staff_see_full_names_and_the_archive_link(client, cast, welding_job):
    login(client, cast.staff)
    hits = client.get(f"/api/v1/jobs/{welding_job}/candidates").json()["hits"]
    assert hits[0]["full_name"] == "李国华" and hits[0]["url"] == f"/workers/{cast.worker_id}"


def test_workers_who_did_not_consent_or_stay_away_are_never_offered(client, cast, db, welding_job):
    add_worker(db, "赵无同意", consent=False)
    add_worker(db, "钱不回来", intent="stay_away")
    login(client, cast.employer)
    names = [h["name"] for h in client.get(f"/api/v1/jobs/{welding_job}/candidates").json()["hits"]]
    assert names == ["李*华"]


def test_a_new_archive_is_a_candidate_at_once(client, cast, db, welding_job):
    login(client, cast.employer)
    assert len(client.get(f"/api/v1/jobs/{welding_job}/candidates").json()["hits"]) == 1
    add_worker(db, "孙新来")
    assert len(client.get(f"/api/v1/jobs/{welding_job}/candidates").json()["hits"]) == 2


def test_another_employer_cannot_see_the_candidates(client, db, welding_job):
    login(client, other_employer(db))
    assert client.get(f"/api/v1/jobs/{welding_job}/candidates").status_code == 404
    assert client.get(f"/jobs/{welding_job}/candidates").status_code == 404


def test_a_stranger_cannot_see_candidates(stranger, welding_job):
    assert stranger.get(f"/api/v1/jobs/{welding_job}/candidates").status_code == 401
    page = stranger.get(f"/jobs/{welding_job}/candidates", follow_redirects=False)
    assert page.status_code == 302


def test_a_worker_cannot_see_candidates(client, cast, welding_job):
    login(client, cast.worker)
    assert client.get(f"/api/v1/jobs/{welding_job}/candidates").status_code == 403
    assert client.get(f"/jobs/{welding_job}/candidates").status_code == 403


@pytest.mark.parametrize("role", ["staff", "employer", "worker"])
def test_no_page_or_answer_shows_an_unmasked_id_number_to_any_role(client, cast, role, welding_job):
    login(client, getattr(cast, role))
    paths = {
        "staff": [
            "/staff",
            f"/workers/{cast.worker_id}",
            f"/api/v1/workers/{cast.worker_id}",
            f"/api/v1/workers/{cast.worker_id}/matches",
            f"/jobs/{welding_job}/candidates",
            f"/api/v1/jobs/{welding_job}/candidates",
        ],
        "employer": [
            f"/jobs/{welding_job}/candidates",
            f"/api/v1/jobs/{welding_job}/candidates",
            f"/jobs/{welding_job}",
        ],
        "worker": [
            "/me",
            "/api/v1/me/matches",
            f"/jobs/{welding_job}",
            f"/api/v1/jobs/{welding_job}",
        ],
    }[role]
    for path in paths:
        r = client.get(path)
        assert r.status_code == 200, path
        assert CAST_ID not in r.text and CAST_ID.lower() not in r.text, path
        assert "19491231" not in r.text, (
            path
        )  # the birth date inside the number is not shown either


def test_a_vacancy_that_closes_leaves_the_workers_matches_at_once(client, cast, db, welding_job):
    from portal.models import Job

    login(client, cast.worker)
    assert welding_job in [h["job_id"] for h in client.get("/api/v1/me/matches").json()["hits"]]

    async def close(s):
        job = await s.get(Job, welding_job)
        job.status = "closed"
        await s.commit()

    db(close)
    assert welding_job not in [h["job_id"] for h in client.get("/api/v1/me/matches").json()["hits"]]
