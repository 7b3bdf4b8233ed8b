"""Closing and reopening a vacancy, as the service decides it (no HTTP): reopening goes back where
review left the vacancy and screens its text again; whether search sees it is tested over HTTP in
tests/integration/test_jobs.py."""

import datetime as dt

import pytest

from portal.jobs.service import JobService, parse_job_form

from .conftest import people

POSTING = {
    "title": "电焊工（熟练）",
    "description": "县城周边钢结构工地，熟练二保焊，包吃住，每月休四天。",
    "township": "锦屏镇",
    "industry": "construction",
    "wage_min": 6000,
    "wage_max": 8000,
    "headcount": 3,
    "skills": ["电焊", "二保焊"],
}


@pytest.fixture
def posted(rolled_back):
    """A published vacancy of a verified employer: (service, the employer's user, the job's id)."""

    async def go(session):
        cast = await people(session)
        service = JobService(session)
        job = await service.create(cast["employer"], parse_job_form(POSTING))
        assert job.status == "published"
        return service, cast["employer"], job.id

    return rolled_back(go)


def test_a_fee_written_in_while_closed_is_screened_and_held_on_reopening(rolled_back, posted):
    service, boss, job_id = posted
    changed = {**POSTING, "description": POSTING["description"] + "入职交体检费100元。"}

    async def go(_session):
        await service.close(job_id, boss)
        await service.update(job_id, boss, parse_job_form(changed))
        return await service.reopen(job_id, boss)

    job = rolled_back(go)
    assert job.status == "pending" and [f["rule"] for f in job.screening] == ["fee"]


def test_wording_changed_while_closed_is_published_again_on_reopening(rolled_back, posted):
    service, boss, job_id = posted
    changed = {**POSTING, "description": POSTING["description"] + "工资月结。"}

    async def go(_session):
        await service.close(job_id, boss)
        await service.update(job_id, boss, parse_job_form(changed))
        return await service.reopen(job_id, boss)

    assert rolled_back(go).status == "published"


def test_a_vacancy_in_review_that_expires_is_still_in_review_when_reopened(rolled_back, posted):
    service, boss, job_id = posted
    closes = (dt.date.today() + dt.timedelta(days=3)).isoformat()

    async def go(_session):
        await service.update(job_id, boss, parse_job_form({**POSTING, "closes_on": closes}))
        edited = {**POSTING, "closes_on": closes, "wage_max": 9000}
        assert (await service.update(job_id, boss, parse_job_form(edited))).status == "pending"
        assert await service.expire_due(dt.date.today() + dt.timedelta(days=4)) == 1
        return await service.reopen(job_id, boss)  # today: the closing date has not passed yet

    assert rolled_back(go).status == "pending"
