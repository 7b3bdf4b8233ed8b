"""Issue 15 end to end in Chromium at 360 px: a returnee answers the questionnaire and sees the
start-up subsidy "还差N个月" and the loan ceiling; registers the business; staff add two employees;
a later check day makes the subsidy apply, and it reaches the worker's inbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
from playwright.sync_api import Page, expect

from policies.facts import add_months
from portal.db import make_engine, make_sessionmaker
from portal.eligibility.service import find_people
from tests.e2e.steps import name_the_employees
from tests.integration.test_businesses import workers

from .test_county_loop import log_in

pytestmark = pytest.mark.e2e
TODAY = dt.date.today()
REGISTERED = add_months(TODAY, -5)  # five months ago: one month short of the subsidy's six


def answer_everything(page: Page, profile: dict) -> list[str]:
    """Answer each question the questionnaire asks from ``profile`` (skipping what it lacks)."""
    asked = []
    for _ in range(40):
        if page.locator("#check-question").count() == 0:
            return asked
        name = page.locator("input[name=ask]").get_attribute("value")
        asked.append(name)
        value = profile.get(name)
        before = page.locator("#check-question").inner_text()
        if value is None:
            page.click("#check-skip")
        elif isinstance(value, bool):
            page.click(f"button[name=answer][value={'yes' if value else 'no'}]")
        elif isinstance(value, dt.date):
            page.select_option("select[name=answer_year]", str(value.year))
            page.select_option("select[name=answer_month]", str(value.month))
            page.select_option("select[name=answer_day]", str(value.day))
            page.click("#check-card .actions button")
        elif isinstance(value, str):
            page.check(f"input[name=answer][value={value}]")
            page.click("#check-card .actions button")
        else:
            page.fill("#answer", str(value))
            page.click("#check-card .actions button")
        expect(page.locator("#check-card")).not_to_contain_text(before, timeout=5000)
    raise AssertionError(f"the questionnaire did not end: {asked}")


@pytest.fixture
def returnee(settings):
    owner, *cooks = workers(settings, "刘建国", "王小燕", "赵建军", accounts=True)
    return owner, cooks


def test_a_returnee_sees_the_gap_registers_and_hears_when_the_subsidy_applies(
    cast, returnee, settings, live_server, artifacts, phone
):
    owner, cooks = returnee
    base = live_server
    page = phone()
    log_in(page, base, owner.phone)

    # 1. The questionnaire: what they want help with, then one question per screen.
    page.goto(f"{base}/policies/check")
    page.click("button[name=aim_choice][value=business]")
    profile = {
        "hukou_in_county": True,
        "is_returnee": True,
        "returned_on": add_months(TODAY, -14),
        "business_registered": True,
        "business_in_county": True,
        "business_kind": "individual",
        "business_registered_on": REGISTERED,
        "employees": 0,
        "received_startup_subsidy": False,
        "in_incubator": False,
    }
    asked = answer_everything(page, profile)
    assert len(asked) <= 14, asked
    page.screenshot(path=str(artifacts / "policy-check-results-phone.png"), full_page=True)
    expect(page.locator("#group-not-yet ~ #result-M13")).to_contain_text("还差1个月")
    expect(page.locator("#group-eligible ~ #result-M12")).to_contain_text("200,000")

    # 2. The business, registered from their page; staff name two employees.
    page.goto(f"{base}/me")
    page.click("#my-business")
    page.fill("#name", "锦屏镇老刘面馆")
    page.select_option("#kind", "individual")
    page.select_option("#township", label="锦屏镇")
    page.select_option("#industry", "catering")
    page.select_option("#stage", "registered")
    page.fill("#registered_on", REGISTERED.isoformat())
    page.click("#business-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("锦屏镇老刘面馆")
    business_url = page.url
    staff = phone()
    log_in(staff, base, cast.staff)
    name_the_employees(staff, business_url, cooks)

    # 3. Today nothing new applies; the daily check a month later finds the subsidy.
    page.goto(f"{base}/me/inbox")
    expect(page.locator("#inbox")).not_to_contain_text("一次性创业补贴")
    later = add_months(REGISTERED, 6)
    # Playwright's loop runs in this thread: the daily check runs in its own.
    found: list = []
    checker = threading.Thread(
        target=lambda: found.append(asyncio.run(_check_on(settings.database_url, later)))
    )
    checker.start()
    checker.join(60)
    assert found and [m.code for m in found[0]] == ["M13"], found
    page.goto(f"{base}/me")
    expect(page.locator("#inbox-count .badge")).to_be_visible()
    page.goto(f"{base}/me/inbox")
    line = page.locator("#inbox li", has_text="一次性创业补贴")
    expect(line).to_contain_text("政策")
    page.screenshot(path=str(artifacts / "inbox-measure-phone.png"), full_page=True)
    line.locator("a").click()
    expect(page.locator("h1")).to_contain_text("一次性创业补贴")


async def _check_on(url: str, on: dt.date):
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await find_people(session, on)
    finally:
        await engine.dispose()
