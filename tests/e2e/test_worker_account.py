"""A worker's own account in Chromium at 360 px: staff archive them at the fair desk and hand out a
claim slip; the worker signs up with the code on a phone, sees the jobs that fit first, says "I'm
interested", stops sharing (the employer's list loses them), downloads their data and deletes the
account."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import archive_at_the_desk

from .test_county_loop import log_in
from .test_fair_table import CAST_CODE, vacancies  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e
PHONE = "13698765432"
PASSWORD = "jinping-river-2026"


def test_a_worker_claims_the_fair_desk_archive_and_owns_their_data(
    cast,
    vacancies,  # noqa: F811
    live_server,
    artifacts,
    phone,
):
    base = live_server
    desk = phone()
    desk.set_viewport_size({"width": 1280, "height": 900})
    log_in(desk, base, cast.staff)
    desk.goto(f"{base}/events")
    desk.select_option("#kind", label="招聘会")
    desk.fill("#title", "2027年春风行动专场招聘会")
    desk.fill("#held_on", dt.date.today().isoformat())
    desk.fill("#place", "蓬安县人力资源市场")
    desk.click("form.card button[type=submit]")
    desk.fill("input[name=employer]", CAST_CODE.lower())
    desk.click("form.searchbar button")
    desk.click("#desk")

    # 1. The archive is made at the desk, and its claim slip comes up in a new tab to print.
    archive_at_the_desk(desk, PHONE)
    with desk.context.expect_page() as opened:
        desk.click("#claim-slip")
    slip = opened.value
    slip.wait_for_load_state()
    code = slip.locator("#code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code), code
    expect(slip.locator("#code-slip")).to_contain_text("张*栋")
    expect(slip.locator("#code-slip svg")).to_be_visible()
    slip.emulate_media(media="print")
    expect(slip.locator("header.top")).to_be_hidden()
    slip.screenshot(path=str(artifacts / "claim-slip-print.png"), full_page=True)
    assert "/register" in slip.locator("#code-slip ol li").first.inner_text()
    slip.emulate_media(media="screen")
    slip.click("text=返回档案")  # staff open the archive: a read the worker will see listed
    expect(slip.locator("#account")).to_contain_text("还没有账号")

    # 2. The worker opens the slip's link on a phone: the code is filled in already.
    worker = phone()
    worker.goto(f"{base}/register?code={code.replace('-', '')}")
    expect(worker.locator("#code")).to_have_value(code.replace("-", ""))
    worker.fill("#phone", PHONE)
    worker.fill("#name", "张志栋")
    worker.fill("#password", PASSWORD)
    worker.screenshot(path=str(artifacts / "sign-up-phone.png"), full_page=True)
    worker.click("#register-form button[type=submit]")

    # 3. Their page: the jobs that fit come first, above the fold, each card one tap.
    expect(worker).to_have_url(f"{base}/me")
    first = worker.locator("#matches article").first
    expect(first).to_contain_text("电焊工")
    assert first.bounding_box()["y"] < 740, "the best job is above the fold"
    matches_y = worker.locator("#matches").bounding_box()["y"]
    assert matches_y < worker.locator("#archive").bounding_box()["y"]
    worker.screenshot(path=str(artifacts / "me-phone.png"), full_page=True)
    first.click(position={"x": 300, "y": 60})  # anywhere on the card opens the vacancy
    expect(worker).to_have_url(re.compile(r"/jobs/\d+$"))
    job_url = worker.url
    worker.click("#interest")
    expect(worker.locator("#interested")).to_be_visible()

    # 4. The employer sees them among the interested; once they stop sharing, the list loses them.
    employer = phone()
    log_in(employer, base, cast.employer)
    candidates = f"{job_url}/candidates"
    employer.goto(candidates)
    expect(employer.locator("#interested")).to_contain_text("张*栋")
    worker.goto(f"{base}/me/data")
    expect(worker.locator("#sharing-state")).to_contain_text("可以看到")
    worker.click("#sharing-switch")
    expect(worker.locator("#sharing-state")).to_contain_text("看不到")
    worker.screenshot(path=str(artifacts / "my-data-phone.png"), full_page=True)
    employer.goto(candidates)
    expect(employer.locator("main")).not_to_contain_text("张*栋")

    # 5. Everything the portal holds about them, as a file, including who read the archive.
    with worker.expect_download() as download:
        worker.click("#download")
    held = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert held["archive"]["name"] == "张志栋"
    assert any(i["job_id"] == int(job_url.rsplit("/", 1)[1]) for i in held["interests"])
    assert held["archive_reads"], "the desk's read of the archive is listed"

    # 6. Deleting the account: gone, and the phone logs in no more.
    worker.fill("#password", PASSWORD)
    worker.check("input[name=confirm]")
    worker.click("#delete-account")
    expect(worker).to_have_url(re.compile(rf"{re.escape(base)}/(\?.*)?$"))
    worker.screenshot(path=str(artifacts / "account-deleted-phone.png"), full_page=True)
    worker.goto(f"{base}/login")
    worker.fill("#phone", PHONE)
    worker.fill("#password", PASSWORD)
    worker.click("form.card button[type=submit]")
    expect(worker.locator("#password-error")).to_be_visible()
