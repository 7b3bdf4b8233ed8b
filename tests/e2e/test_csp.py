"""Under the Content-Security-Policy (no inline script or style) the pages still work, and Chromium
reports no violation: htmx runs from its file and injects no style of its own."""

from __future__ import annotations

import asyncio

import pytest
import requests
from playwright.sync_api import expect

from tests.factories import add_job, eventually

pytestmark = pytest.mark.e2e


@pytest.fixture
def welder_job(cast, settings):
    """Stored before the browser starts: Playwright's sync API keeps an event loop running."""
    asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            title="钢结构电焊工",
            description="钢结构电焊工，县城周边，长期。",
        )
    )


def test_search_as_you_type_runs_under_the_policy_with_no_violation(welder_job, live_server, phone):
    eventually(
        lambda: requests.get(f"{live_server}/api/v1/jobs/search", timeout=5).json()["total"] == 1,
        every=0.1,
        what="the vacancy reaching the index",
    )
    page = phone()
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server}/jobs")
    page.fill("#q", "叉车")  # htmx swaps the rows as the query is typed
    expect(page.locator("#total")).to_contain_text("0")
    page.fill("#q", "电焊")
    expect(page.locator("#total")).to_contain_text("1")
    page.goto(f"{live_server}/")
    assert violations == []
