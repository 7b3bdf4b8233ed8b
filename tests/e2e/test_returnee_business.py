"""Issue 15's E2E step for the registry, in Chromium at 360 px: a returnee registers their business
from their page; staff add two employees by phone; the business shows two jobs created."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import name_the_employees
from tests.integration.test_businesses import workers

from .test_county_loop import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def cooks(settings):
    """Two archives to name as employees (stored before the browser's event loop starts)."""
    return workers(settings, "王小燕", "赵建军")


def test_a_returnee_registers_a_business_and_staff_add_two_employees(
    cast, cooks, live_server, artifacts, phone
):
    base = live_server
    owner = phone()
    log_in(owner, base, cast.worker)
    owner.goto(f"{base}/me")
    owner.click("#my-business")
    owner.fill("#name", "锦屏镇老李面馆")
    owner.select_option("#kind", "individual")
    owner.select_option("#township", label="锦屏镇")
    owner.select_option("#industry", "catering")
    owner.select_option("#stage", "registered")
    owner.fill("#registered_on", (dt.date.today() - dt.timedelta(days=150)).isoformat())
    owner.screenshot(path=str(artifacts / "register-business-phone.png"), full_page=True)
    owner.click("#business-form button[type=submit]")
    expect(owner.locator("h1")).to_have_text("锦屏镇老李面馆")
    expect(owner.locator("#jobs-created")).to_contain_text("0")
    business_url = owner.url

    staff = phone()
    log_in(staff, base, cast.staff)
    name_the_employees(staff, business_url, cooks)
    # The form fits the phone: nothing wider than the screen.
    assert staff.evaluate("document.documentElement.scrollWidth") <= 360
    owner.reload()
    expect(owner.locator("#jobs-created")).to_contain_text("2")
