"""What a worker reads: the fit in words, no occupation codes, reasons said to them; and the
large-type switch, which every page keeps."""

from __future__ import annotations

import asyncio
import re

from tests.factories import add_job, login


def welder_job(settings, cast) -> int:
    return asyncio.run(add_job(settings.database_url, cast.employer_id))


def test_a_worker_sees_how_well_a_job_fits_in_words_not_a_score(client, settings, cast):
    welder_job(settings, cast)
    login(client, cast.worker)
    page = client.get("/me").text
    badge = re.search(r'<span class="score"[^>]*>([^<]+)</span>', page)
    assert badge and badge.group(1) in ("很合适", "比较合适", "可以看看")


def test_a_worker_reads_the_trade_of_a_job_without_its_code(client, settings, cast):
    job_id = welder_job(settings, cast)
    login(client, cast.worker)
    page = client.get(f"/jobs/{job_id}").text
    assert "焊工" in page and "6-18-02-04" not in page
    assert "开工时你正好有空" in page or "天后你才有空" in page


def test_staff_still_see_the_trade_code(client, settings, cast):
    job_id = welder_job(settings, cast)
    login(client, cast.staff)
    assert "6-18-02-04" in client.get(f"/jobs/{job_id}").text


def test_large_type_is_switched_on_and_stays_on_for_the_next_pages(client):
    r = client.get("/type/large?next=/jobs", follow_redirects=False)
    assert r.status_code in (302, 303) and r.headers["location"] == "/jobs"
    assert '<html lang="zh-CN" class="large">' in client.get("/policies").text
    client.get("/type/normal?next=/")
    assert 'class="large"' not in client.get("/policies").text


def test_an_unknown_type_size_falls_back_to_normal_and_never_leaves_the_site(client):
    r = client.get("/type/huge?next=https://evil.example/", follow_redirects=False)
    assert r.headers["location"] == "/"
    assert 'class="large"' not in client.get("/").text


def test_a_saved_page_says_so(client):
    assert "已保存" in client.get("/jobs?saved=1").text
    assert "已保存" not in client.get("/jobs").text


def block_form(client, employer_id: int, **extra) -> dict:
    from tests.factories import csrf_form

    token = csrf_form(client, "/staff/employers")
    return {"action": "block", "note": "收取押金", "_csrf_token": token, **extra}


def test_blocking_an_employer_waits_for_the_confirming_tick(client, cast, db):
    from sqlalchemy import select, update

    from portal.models import Employer

    async def pending(s):  # a newly registered employer, waiting in the queue
        await s.execute(update(Employer).values(status="pending"))
        await s.commit()

    db(pending)
    login(client, cast.staff)
    url = f"/staff/employers/{cast.employer_id}"
    r = client.post(url, data=block_form(client, cast.employer_id), follow_redirects=False)
    assert r.status_code == 400 and "请先勾选确认" in r.text
    status = db(lambda s: s.scalar(select(Employer.status).where(Employer.id == cast.employer_id)))
    assert status == "pending"
    data = block_form(client, cast.employer_id, confirm_block="yes")
    assert client.post(url, data=data, follow_redirects=False).status_code == 302
    status = db(lambda s: s.scalar(select(Employer.status).where(Employer.id == cast.employer_id)))
    assert status == "blocked"


def test_the_home_page_title_names_the_site_once(client):
    title = re.search(r"<title>(.*?)</title>", client.get("/").text, re.S).group(1).strip()
    assert title == "蓬安家门口就业"
