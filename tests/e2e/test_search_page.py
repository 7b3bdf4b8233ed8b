"""The search page on a phone in Chromium: results follow the typing, filters are links in the URL,
the back button goes back a step, and a typo says what was searched."""

from __future__ import annotations

import asyncio

import pytest
import requests
from playwright.sync_api import expect

from tests.factories import add_job, eventually

pytestmark = pytest.mark.e2e


def wait_total(base: str, total: int, seconds: float = 15.0) -> None:
    def reached():
        return requests.get(f"{base}/api/v1/jobs/search", timeout=5).json()["total"] == total

    eventually(reached, seconds, every=0.1, what=f"the index reaching {total}")


@pytest.fixture
def three_jobs(cast, settings):
    """Stored before the browser starts: Playwright's sync API keeps an event loop running."""
    for title, industry, township in (
        ("钢结构电焊工", "construction", "511323101"),
        ("氩弧焊工", "manufacturing", "511323102"),
        ("叉车司机", "logistics", "511323101"),
    ):
        asyncio.run(
            add_job(
                settings.database_url,
                cast.employer_id,
                title=title,
                industry=industry,
                township_code=township,
                skills=[title[-3:]],
                description=f"{title}，县城周边，长期。",
            )
        )


def test_instant_search_filters_and_back_button(three_jobs, live_server, artifacts, phone):
    base = live_server
    wait_total(base, 3)
    page = phone()
    page.goto(f"{base}/jobs")
    expect(page.locator("#total")).to_contain_text("3")

    # Pinyin typed on a phone keyboard: the rows swap without a page load, the URL follows.
    page.fill("#q", "hangong")
    expect(page.locator("#total")).to_contain_text("2")
    expect(page).to_have_url(f"{base}/jobs?q=hangong")
    expect(page.locator("#job-rows mark").first).to_be_visible()

    # A filter is a link: the URL carries it, the count follows, and the query stays.
    page.click("#facets summary")
    page.click("#facets a:has-text('制造')")
    expect(page.locator("#chosen-filters")).to_contain_text("制造")
    expect(page.locator("#total")).to_contain_text("1")
    assert "industry=manufacturing" in page.url and "q=hangong" in page.url
    page.screenshot(path=str(artifacts / "search-phone.png"), full_page=True)

    # Back: the filter goes, the typed query stays.
    page.go_back()
    expect(page.locator("#total")).to_contain_text("2")
    assert "industry" not in page.url

    # A typo found by its sound says so; a homophone of a known trade says what it searched for;
    # nothing found offers the stations' phones.
    page.fill("#q", "差车")
    expect(page.locator("#loose")).to_be_visible()
    expect(page.locator("#job-rows")).to_contain_text("叉车司机")
    page.fill("#q", "电汗")
    expect(page.locator("#corrected")).to_contain_text("电焊")
    expect(page.locator("#job-rows")).to_contain_text("钢结构电焊工")
    page.fill("#q", "宠物美容师付")
    expect(page.locator("#no-results")).to_be_visible()
    expect(page.locator("#no-results a[href^='tel:']").first).to_be_attached()
