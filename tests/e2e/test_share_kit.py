"""A phone group's post from the portal to a signed-up worker, in Chromium at 360 px: staff
register a group, publish a fair announcement and copy its share kit for the group with one tap; a
stranger opens the tracked link, signs up and says "I'm interested" in a vacancy; the group's
funnel shows 1 visit, 1 account, 1 interest."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_county_loop import log_in
from .test_fair_table import vacancies  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e
PHONE = "13655556666"
PASSWORD = "jinping-river-2026"


def test_a_groups_post_brings_a_worker_and_the_funnel_shows_it(
    cast,
    vacancies,  # noqa: F811
    live_server,
    artifacts,
    phone,
):
    base = live_server
    staff = phone()
    staff.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    log_in(staff, base, cast.staff)

    # 1. The group, registered with its station: it gets a short code.
    staff.goto(f"{base}/staff/groups")
    staff.fill("#name", "蓬安农民工之家（广州一群）")
    staff.select_option("#station_id", label="蓬安县驻广州农民工服务工作站")
    staff.fill("#member_estimate", "480")
    staff.click("#group-form button[type=submit]")
    row = staff.locator("#groups tbody tr").first
    code = row.locator("td.code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code), code

    # 2. A fair announcement, and its share kit for the group: one tap copies the text.
    staff.goto(f"{base}/news/new")
    staff.select_option("#kind", label="招聘会预告")
    staff.fill("#title", "春风行动专场招聘会下周六举行")
    staff.fill("#body", "县人力资源市场举办返乡专场招聘会，本地企业带来电焊、面点等岗位，包吃住。")
    staff.click("#news-form button[type=submit]")
    expect(staff.locator("#news-item h1")).to_have_text("春风行动专场招聘会下周六举行")
    staff.click("#share-link")
    staff.select_option("#group", value=code)
    staff.click("#share-form button[type=submit]")
    staff.click("#copy-text")
    expect(staff.locator("#copied")).to_be_visible()
    copied = staff.evaluate("navigator.clipboard.readText()")
    link = staff.locator("#share-link").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(base)}/news/\d+\?g={code}", link), link
    assert len(copied) <= 300 and copied.endswith(link)
    assert copied.startswith("【招聘会预告】春风行动专场招聘会下周六举行")
    assert "020-38210456" in copied
    poster = staff.locator("img.poster")
    expect(poster).to_be_visible()
    assert staff.evaluate("(img) => img.naturalWidth", poster.element_handle()) == 1080
    with staff.expect_download() as download:
        staff.click("#poster-download")
    assert download.value.suggested_filename.endswith(f"-{code}.png")
    staff.screenshot(path=str(artifacts / "share-kit-phone.png"), full_page=True)

    # 3. A stranger taps the link in the group, signs up and fills in an archive.
    stranger = phone()
    stranger.goto(link)
    expect(stranger.locator("#news-item h1")).to_have_text("春风行动专场招聘会下周六举行")
    stranger.screenshot(path=str(artifacts / "tracked-link-phone.png"), full_page=True)
    stranger.goto(f"{base}/")  # looks around first: the same browser, still the group's
    stranger.click("header.top details.menu summary")  # the menu opens, then its sign-up link
    stranger.click("header.top a[href='/register']")
    stranger.fill("#phone", PHONE)
    stranger.fill("#name", "王小燕")
    stranger.fill("#password", PASSWORD)
    stranger.click("#register-form button[type=submit]")
    expect(stranger).to_have_url(f"{base}/me")

    # 4. From the home page to a vacancy: "I'm interested" asks for an archive first.
    stranger.goto(f"{base}/")
    stranger.screenshot(path=str(artifacts / "home-phone.png"), full_page=True)
    stranger.locator("#newest article h3 a", has_text="电焊工").click()
    job_url = stranger.url
    stranger.click("#interest")
    expect(stranger).to_have_url(re.compile(r"/me/edit"))
    stranger.fill("#id_number", "511323199203150029")
    stranger.fill("#birth_year", "1992")
    stranger.select_option("#home_township", label="锦屏镇")
    stranger.fill("#skill_name_0", "电焊")
    stranger.fill("#expected_wage", "6000")
    stranger.click("form.card button[type=submit]")
    expect(stranger).to_have_url(f"{base}/me")
    expect(stranger.locator(".error")).to_have_count(0)
    stranger.goto(job_url)
    stranger.click("#interest")
    expect(stranger.locator("#interested")).to_be_visible()
    stranger.screenshot(path=str(artifacts / "interest-phone.png"), full_page=True)

    # 5. The group's funnel: 1 visit, 1 account, 1 interest, no contract yet.
    staff.goto(f"{base}/staff/groups")
    row = staff.locator("#groups tbody tr", has_text=code)
    counts = [row.locator(f"td.{stage}").inner_text() for stage in FUNNEL]
    assert counts == ["1", "1", "1", "0"]
    staff.screenshot(path=str(artifacts / "group-funnel-phone.png"), full_page=True)


FUNNEL = ("visits", "accounts", "interests", "contracts")
