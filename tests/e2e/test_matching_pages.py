"""Matches both ways on a phone's screen: the worker's jobs with reasons, the vacancy's candidates."""

from __future__ import annotations

import asyncio

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_county_loop import log_in
from tests.factories import add_job

pytestmark = pytest.mark.e2e


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def jobs(settings, cast):
    url = settings.database_url
    return {
        "welding": asyncio.run(
            add_job(url, cast.employer_id, title="电焊工", wage_min=5000, wage_max=5500)
        ),
        "licence": asyncio.run(
            add_job(
                url,
                cast.employer_id,
                title="电焊工",
                description="高空钢结构焊接，持证上岗。",
                certificates=["高处作业证"],
                wage_min=8000,
                wage_max=9000,
            )
        ),
    }


def test_the_worker_sees_why_each_job_fits_and_what_a_licence_would_open(
    jobs, cast, live_server, artifacts, phone
):
    page = phone()
    log_in(page, live_server, cast.worker)
    page.goto(f"{live_server}/me")
    card = page.locator("#matches article").first
    expect(card).to_contain_text("电焊工")
    expect(card.locator(".reasons")).to_contain_text("你会电焊，正是这个岗位要的工种")
    expect(card.locator(".reasons li.bad", has_text="工资")).to_contain_text(
        "工资比你想要的少 500 元"
    )
    expect(page.locator("#near")).to_contain_text("只差：高处作业证")
    expect(page.locator("#measures a").first).to_be_visible()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "jobs-for-me-phone.png"), full_page=True)
    page.locator("#measures a").first.click()
    expect(page.locator("h1")).to_contain_text("培训")


def test_the_employer_and_staff_see_the_candidates_with_reasons(
    jobs, cast, live_server, artifacts, phone
):
    page = phone()
    log_in(page, live_server, cast.employer)
    page.goto(f"{live_server}/employer")
    page.locator(f"a[href='/jobs/{jobs['welding']}/candidates']").click()
    first = page.locator("#candidates article").first
    expect(first).to_contain_text("李*华")
    expect(first.locator(".reasons")).to_contain_text("会电焊，正是岗位要的工种")
    assert "李国华" not in page.content()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "candidates-phone.png"), full_page=True)

    staff = phone()
    log_in(staff, live_server, cast.staff)
    staff.goto(f"{live_server}/jobs/{jobs['welding']}/candidates")
    staff.locator("#candidates a", has_text="李国华").click()
    expect(staff.locator("#archive")).to_contain_text("110105********002X")


def test_staff_typing_a_skill_get_trades_to_pick_from(cast, live_server, artifacts, phone):
    page = phone()
    log_in(page, live_server, cast.staff)
    page.goto(f"{live_server}/workers/new")
    page.locator("#skill_name_0").press_sequentially("鉤機", delay=60)
    pick = page.locator("#skill-trade-0 input[value='6-30-05-05']")
    expect(pick).to_be_visible(timeout=20_000)
    expect(pick).to_be_checked()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "archive-form-phone.png"), full_page=True)
