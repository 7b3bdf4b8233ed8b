"""What follows a commit reaches search and the matcher whoever wrote it: here with the outbox loop's
own timer set to a minute, so only the wake-up after the commit can make a change searchable soon."""

import asyncio
import dataclasses
import time

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from portal.app import create_app
from portal.db import make_engine, make_sessionmaker
from portal.models import Employer

from ..factories import add_job, login, wait_total


@pytest.fixture
def slow_loop_client(settings):
    slow = dataclasses.replace(settings, outbox_interval=60.0)
    with TestClient(app=create_app(slow), base_url="http://testserver.local") as client:
        time.sleep(
            0.5
        )  # the loop's first pass at start-up is over: from now on only a wake-up sends
        yield client


def set_status(url: str, employer_id: int, status: str) -> None:
    async def go():
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as session:
            await session.execute(
                update(Employer).where(Employer.id == employer_id).values(status=status)
            )
            await session.commit()
        await engine.dispose()

    asyncio.run(go())


def test_verifying_an_employer_makes_its_clean_draft_searchable_at_once(
    slow_loop_client, cast, settings
):
    set_status(settings.database_url, cast.employer_id, "pending")
    asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            status="draft",
            title="包装工",
            description="食品厂包装车间，计件工资，包午餐。",
            skills=["包装"],
        )
    )
    client = slow_loop_client
    login(client, cast.staff)
    review = {"action": "verify", "methods": ["licence"], "note": "执照已核"}
    # verifying staff a pending employer: the factory's company, set back to pending above
    r = client.post(f"/api/v1/employers/{cast.employer_id}/review", json=review)
    assert r.status_code == 201
    wait_total(client, 1, seconds=10.0, q="包装")


def test_a_posting_is_searchable_without_waiting_for_the_loops_timer(slow_loop_client, cast):
    client = slow_loop_client
    login(client, cast.employer)
    posting = {
        "title": "叉车司机",
        "description": "物流园区叉车装卸，持叉车证，白班。",
        "township": "锦屏镇",
        "wage_min": 5000,
        "wage_max": 6500,
        "headcount": 2,
        "skills": ["叉车"],
        "industry": "物流运输",
    }
    assert client.post("/api/v1/jobs", json=posting).status_code == 201
    wait_total(client, 1, seconds=10.0, q="叉车")
