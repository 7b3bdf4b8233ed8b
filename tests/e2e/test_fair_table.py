"""The fair table in Chromium: staff set up the fair, a new worker is archived on the spot, the best
match at this fair becomes a contract, printed, and its QR code's URL verifies it for a stranger."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import archive_at_the_desk
from tests.factories import add_job

from .test_county_loop import log_in

pytestmark = pytest.mark.e2e
CAST_CODE = "91511323MA6X0Q1231"


@pytest.fixture
def vacancies(cast, settings):
    """Two published vacancies of the cast's employer (stored before the browser's loop runs)."""
    asyncio.run(add_job(settings.database_url, cast.employer_id, title="电焊工", headcount=5))
    asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            title="面点师",
            description="县城酒楼面点师，早班。",
            skills=["面点"],
            trade_code="",
        )
    )


def test_the_whole_fair_table_flow(cast, vacancies, live_server, artifacts, phone):
    base = live_server
    desk = phone()
    desk.set_viewport_size({"width": 1280, "height": 900})  # the PC at the fair table
    log_in(desk, base, cast.staff)

    # The event, and the employer taking part with its vacancies.
    desk.goto(f"{base}/events")
    desk.select_option("#kind", label="招聘会")
    desk.fill("#title", "2027年春风行动专场招聘会")
    desk.fill("#held_on", dt.date.today().isoformat())
    desk.fill("#place", "蓬安县人力资源市场")
    desk.click("form.card button[type=submit]")
    desk.fill("input[name=employer]", CAST_CODE.lower())
    desk.click("form.searchbar button")
    expect(desk.locator("p.notice")).to_contain_text("已加入 2 个岗位")
    desk.click("#desk")

    # A worker with no archive: found by nobody, archived on the spot with consent (keyboard only).
    archive_at_the_desk(desk, "13512345678")

    # The best match at this fair first; the contract form is filled from both records.
    first = desk.locator("#desk-matches article").first
    expect(first).to_contain_text("电焊工")
    desk.screenshot(path=str(artifacts / "fair-table.png"), full_page=True)
    first.locator("a.button").click()
    expect(desk.locator("#position")).to_have_value("电焊工")
    expect(desk.locator("#wage")).to_have_value("6500")
    desk.fill("#probation_months", "1")
    desk.click("#confirm")
    number = desk.locator(".contract .number strong").first.inner_text()
    assert re.fullmatch(rf"PA{dt.date.today().year}-E\d{{3}}-0001", number)

    # Printed: two copies, three signature blocks each, no navigation.
    desk.click("#print")
    desk.emulate_media(media="print")
    expect(desk.locator(".contract")).to_have_count(2)
    expect(desk.locator(".signature")).to_have_count(6)
    expect(desk.locator("header.top")).to_have_count(0)
    desk.screenshot(path=str(artifacts / "fair-contract-print.png"), full_page=True)

    # The QR code's URL, opened by a stranger on a phone: the record, with the name masked.
    verify_url = desk.locator(".qr").first.get_attribute("data-verify-url")
    stranger = phone()
    stranger.goto(verify_url)
    expect(stranger.locator("#verified")).to_contain_text(number)
    expect(stranger.locator("#verified")).to_contain_text("张*栋")
    expect(stranger.locator("#verified")).not_to_contain_text("张志栋")
    stranger.screenshot(path=str(artifacts / "verify-phone.png"), full_page=True)
    stranger.goto(verify_url[:-4] + "AAAA")
    expect(stranger.locator("#not-verified")).to_be_visible()
