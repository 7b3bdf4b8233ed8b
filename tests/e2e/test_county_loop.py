"""The whole county loop in Chromium: post, approve, find, match, fill and print the contract."""

from __future__ import annotations

import re
import subprocess

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, eventually

pytestmark = pytest.mark.e2e


def log_in(page: Page, base: str, phone: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#phone", phone)
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def wait_searchable(base: str, q: str, title: str, seconds: float = 15.0) -> None:
    def found():
        hits = requests.get(f"{base}/api/v1/jobs/search", params={"q": q}, timeout=5).json()["hits"]
        return any(h["title"] == title for h in hits)

    eventually(found, seconds, every=0.1, what=f"{title} searchable by {q}")


def test_post_approve_find_match_and_print(cast, live_server, artifacts, phone):
    base = live_server
    title = "钢结构电焊工"

    # 2. The verified employer posts a clean vacancy: screening finds nothing, so it is published at once.
    employer = phone()
    log_in(employer, base, cast.employer)
    employer.goto(f"{base}/jobs/new")
    employer.fill("#title", title)
    # Trades are suggested from the title as it is typed; the employer picks one.
    welder = employer.locator("#trade-suggest input[value='6-18-02-04']")
    expect(welder).to_be_visible(timeout=20_000)
    welder.check()
    employer.screenshot(path=str(artifacts / "post-vacancy-phone.png"), full_page=True)
    employer.fill("#description", "县城工业园钢结构厂房，熟练二保焊，包吃住，每月休四天。")
    employer.select_option("#township", label="锦屏镇")
    employer.select_option("#industry", label="建筑")
    employer.fill("#wage_min", "6000")
    employer.fill("#wage_max", "8000")
    employer.fill("#headcount", "3")
    employer.fill("#skills", "电焊，二保焊")
    employer.check("input[name=has_housing]")
    employer.click("form.card button[type=submit]")
    expect(employer.locator("#trust-card")).to_contain_text("已认证")
    expect(employer.locator("#status")).to_have_count(0)
    expect(employer.locator("#trade")).to_contain_text("焊工")
    job_url = employer.url

    # 3. Nothing waits for staff: it is searchable.
    wait_searchable(base, "电焊", title)

    # 4. The worker types on a phone; htmx swaps the rows and the URL keeps the query.
    worker = phone()
    log_in(worker, base, cast.worker)
    worker.goto(f"{base}/jobs")
    worker.locator("#q").press_sequentially("电焊", delay=80)
    expect(worker.locator("#job-rows")).to_contain_text(title)
    expect(worker).to_have_url(re.compile(r"q=%E7%94%B5%E7%84%8A"))
    worker.goto(f"{base}/policies")
    worker.locator("#pq").press_sequentially("创业贷款", delay=80)
    expect(worker.locator("#policy-rows")).to_contain_text("创业担保贷款")
    worker.locator("#policy-rows a", has_text="创业担保贷款").first.click()
    expect(worker.locator("h1")).to_contain_text("创业担保贷款")

    # 5. The archive lists skills; the job page and the worker's page show the score and why.
    worker.goto(f"{base}/me")
    expect(worker.locator("#skills")).to_contain_text("电焊")
    expect(worker.locator("#matches")).to_contain_text(title)
    worker.goto(job_url)
    # The fit in words, not a number out of 100 (issue 19).
    expect(worker.locator("#match .score")).to_have_text(
        re.compile(r"^(很合适|比较合适|可以看看)$")
    )
    expect(worker.locator("#match")).to_contain_text("你会电焊，正是这个岗位要的工种")
    worker.screenshot(path=str(artifacts / "job-page-phone.png"), full_page=True)

    # 6. Staff find the worker, fill in the contract from both records and print it.
    desk = phone()
    desk.set_viewport_size({"width": 1280, "height": 900})
    log_in(desk, base, cast.staff)
    desk.fill("input[name=q]", "李国华")
    desk.click("form.searchbar button")
    desk.click("a:text('李国华')")
    desk.locator("article.match", has_text=title).locator("a.button").click()
    expect(desk.locator("#position")).to_have_value(title)
    desk.click("form.card button[type=submit]")
    expect(desk.locator(".contract .number")).to_contain_text(re.compile(r"PA\d{4}-\d{6}"))
    desk.click("text=打印")
    desk.emulate_media(media="print")
    expect(desk.locator(".contract")).to_have_count(2)
    expect(desk.locator(".signature")).to_have_count(
        6
    )  # worker, employer and the staff witness, twice
    expect(desk.locator("header.top")).to_have_count(0)
    desk.screenshot(path=str(artifacts / "contract-print.png"), full_page=True)
    number = desk.locator(".contract .number strong").first.inner_text()
    pdf_path = artifacts / "contract-print.pdf"
    pdf_path.write_bytes(desk.pdf(format="A4"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("就业意向合同") == 2 and text.count(number) == 2  # one copy per A4 page
    assert "李国华" in text and title in text and "6,000" in text

    # The verification page opened from the QR code's URL, as a stranger.
    verify_url = desk.locator(".qr").first.get_attribute("data-verify-url")
    stranger = phone()
    stranger.goto(verify_url)
    expect(stranger.locator("#verified")).to_contain_text("李*华")
    expect(stranger.locator("#verified")).not_to_contain_text("李国华")
