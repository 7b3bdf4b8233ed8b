"""Trust in Chromium at phone width: an employer registers, is verified and posts; a scam posting is
held with its reasons shown to staff; a worker reports a vacancy from its trust card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, credit_code, next_phone

from .test_county_loop import log_in, wait_searchable

pytestmark = pytest.mark.e2e


def test_register_verify_post_hold_a_scam_and_report(cast, live_server, artifacts, phone):
    base = live_server
    mobile = next_phone()

    # 1. An employer registers on a phone; the credit code is typed in lower case with spaces.
    employer = phone()
    employer.goto(f"{base}/login")
    employer.get_by_role("link", name="用人单位：注册入驻").click()
    code = credit_code()
    employer.fill("#credit_code", f"{code[:8].lower()} {code[8:].lower()}")
    employer.fill("#name", "蓬安县嘉陵果业有限公司")
    employer.fill("#legal_rep", "罗志强")
    employer.fill("#contact_name", "罗敏")
    employer.fill("#contact_phone", mobile)
    employer.select_option("#township", label="河舒镇")
    employer.fill("#address", "河舒镇柑橘基地3组")
    employer.select_option("#industry", label="果园与蚕桑")
    employer.fill("#password", PASSWORD)
    employer.fill("#password2", PASSWORD)
    a, b = (
        int(n)
        for n in re.findall(r"\d+", employer.locator("label[for=challenge_answer]").inner_text())[
            :2
        ]
    )
    employer.fill("#challenge_answer", str(a + b))
    employer.screenshot(path=str(artifacts / "employer-register-phone.png"), full_page=True)
    employer.click("form.card button[type=submit]")
    expect(employer.locator("#registration-received")).to_contain_text("注册申请已收到")
    log_in(employer, base, mobile)
    expect(employer.locator("#employer-status")).to_contain_text("等待人社局认证")
    expect(employer.locator("#employer-status")).to_contain_text(code)

    # 2. Staff verify it, saying how they checked.
    staff = phone()
    log_in(staff, base, cast.staff)
    staff.goto(f"{base}/staff/employers")
    card = staff.locator("article.card", has_text="蓬安县嘉陵果业有限公司")
    card.get_by_label("查验营业执照").check()
    card.get_by_label("实地走访").check()
    card.locator("input[name=note]").fill("营业执照原件已核，基地已走访")
    card.get_by_role("button", name="通过认证").click()
    expect(staff.locator("article.card", has_text="蓬安县嘉陵果业有限公司")).to_have_count(0)

    # 3. The verified employer posts a clean vacancy: published at once, with its trust card.
    def post(title: str, description: str) -> None:
        employer.goto(f"{base}/jobs/new")
        employer.fill("#title", title)
        employer.fill("#description", description)
        employer.select_option("#industry", label="果园与蚕桑")
        employer.select_option("#township", label="河舒镇")
        employer.fill("#wage_min", "3000")
        employer.fill("#wage_max", "3800")
        employer.fill("#headcount", "6")
        employer.fill("#skills", "修枝，采摘")
        employer.click("form.card button[type=submit]")

    post("柑橘采摘工", "河舒镇柑橘基地采摘和修枝，按月发工资，包午餐，接受50岁以上。")
    expect(employer.locator("#trust-card")).to_contain_text("已认证单位")
    expect(employer.locator("#trust-card")).to_contain_text("查验营业执照、实地走访")
    expect(employer.locator("#status")).to_have_count(0)
    clean_url = employer.url
    wait_searchable(base, "柑橘", "柑橘采摘工")

    # 4. A posting asking for a deposit in disguise is held, and staff see why.
    post("果园管理员", "河舒镇柑橘基地招管理员，入职先交押 金300元，加薇信详谈。")
    expect(employer.locator("#status")).to_contain_text("等待审核")
    staff.goto(f"{base}/staff/review")
    held = staff.locator("article.card", has_text="果园管理员")
    expect(held.locator("ul.screening")).to_contain_text("押金")
    expect(held.locator("ul.screening")).to_contain_text("联系方式")
    staff.screenshot(path=str(artifacts / "review-held-scam-phone.png"), full_page=True)

    # 5. A worker opens the clean vacancy and reports it from the trust card.
    worker = phone()
    log_in(worker, base, cast.worker)
    worker.goto(clean_url)
    expect(worker.locator("#trust-card")).to_contain_text("不得向你收取任何费用")
    worker.get_by_text("举报这个岗位").click()
    worker.select_option("#reason", label="向我收钱")
    worker.fill("#report-note", "电话里说要先交体检费")
    worker.screenshot(path=str(artifacts / "report-vacancy-phone.png"), full_page=True)
    worker.get_by_role("button", name="提交举报").click()
    expect(worker.locator("#flash")).to_contain_text("工作人员会核查")
    staff.goto(f"{base}/staff/review")
    expect(staff.locator("body")).to_contain_text("电话里说要先交体检费")


def test_a_message_beside_a_field_goes_once_the_field_is_filled(cast, live_server, phone):
    page = phone()
    log_in(page, live_server, cast.employer)
    page.goto(f"{live_server}/jobs/new")
    page.click("form.card button[type=submit]")
    expect(page.locator("#title-error")).to_have_text("这一项必须填写。")
    expect(page.locator("#headcount-error")).to_be_visible()
    page.fill("#title", "电焊工")
    expect(page.locator("#title-error")).to_have_count(0)
    expect(page.locator("#title")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#headcount-error")).to_be_visible()  # still empty: its message stays
