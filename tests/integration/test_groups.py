"""Phone groups and share kits: a group gets a short code; a share kit's text fits a group message
and carries the tracked link; the poster's QR code reads back as that link; a browser through a
code counts once a day; the funnel counts what records show."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import struct
import subprocess

import pytest
from sqlalchemy import select

from portal.contracts.states import ContractStatus
from portal.groups import tracking
from portal.models import Contract, Job, NewsItem, User, Worker

from ..factories import add_job, login
from .test_businesses import as_user

CODE = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}")
GUANGZHOU = 2  # the second station of portal/data/stations.json
GUANGZHOU_PHONE = "020-38210456"


def new_group(client, **changes) -> dict:
    body = {"name": "蓬安农民工之家（广州一群）", "station_id": GUANGZHOU, **changes}
    r = client.post("/api/v1/groups", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_staff_register_a_group_and_get_a_short_readable_code(client, cast):
    login(client, cast.staff)
    group = new_group(client, admin_name="何芳", member_estimate=480)
    assert CODE.fullmatch(group["code"])
    assert {k: group[k] for k in ("station_id", "admin_name", "member_estimate")} == {
        "station_id": GUANGZHOU,
        "admin_name": "何芳",
        "member_estimate": 480,
    }
    other = new_group(client, name="蓬安农民工之家（广州二群）")
    assert other["code"] != group["code"]


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("name", "群", False),
        ("name", "群" * 2, True),
        ("name", "群" * 60, True),
        ("name", "群" * 61, False),
        ("station_id", 0, False),
        ("station_id", 8, True),
        ("station_id", 9, False),
        ("station_id", None, True),
        ("admin_name", "何" * 40, True),
        ("admin_name", "何" * 41, False),
        ("member_estimate", -1, False),
        ("member_estimate", 0, True),
        ("member_estimate", 500, True),
        ("member_estimate", 501, False),
    ],
)
def test_every_limit_of_the_group_form(client, cast, field, value, ok):
    login(client, cast.staff)
    body = {"name": "蓬安老乡群", "station_id": 1, field: value}
    r = client.post("/api/v1/groups", json=body)
    assert (r.status_code == 201) is ok, r.text
    if not ok:
        assert r.status_code == 400 and field in r.json()["errors"]


def test_only_staff_register_groups_and_see_funnels(client, cast):
    as_user(client, cast.worker)
    assert client.post("/api/v1/groups", json={"name": "老乡群"}).status_code == 403
    assert client.get("/api/v1/groups").status_code == 403
    assert client.get("/staff/groups", follow_redirects=False).status_code == 403
    as_user(client, None)
    assert client.get("/api/v1/groups").status_code == 401
    assert client.get("/api/v1/share", params={"path": "/policies/1"}).status_code == 401


def test_the_page_form_refuses_a_bad_field_in_chinese_and_keeps_what_was_typed(client, cast):
    login(client, cast.staff)
    form = {"name": "群", "member_estimate": "600", "_csrf_token": client.cookies.get("csrftoken")}
    r = client.post("/staff/groups", data=form)
    assert r.status_code == 400
    assert 'id="member_estimate-error"' in r.text and "500" in r.text


def welder_job(settings, cast, **values) -> int:
    return asyncio.run(add_job(settings.database_url, cast.employer_id, **values))


def test_a_vacancys_share_text_fits_a_group_message_and_ends_with_the_tracked_link(
    client, cast, settings
):
    job = welder_job(settings, cast, wage_unit="day", wage_min=300, wage_max=400)
    login(client, cast.staff)
    group = new_group(client)
    r = client.get("/api/v1/share", params={"path": f"/jobs/{job}", "group": group["code"]})
    assert r.status_code == 200, r.text
    kit = r.json()
    assert kit["link"] == f"{settings.public_base_url}/jobs/{job}?g={group['code']}"
    text = kit["text"]
    assert len(text) <= 300
    assert text.startswith("【招工】电焊工 · 锦屏镇 · 300–400 元/天")
    assert GUANGZHOU_PHONE in text and text.endswith(kit["link"])
    assert kit["poster_url"] == f"/share/poster.png?path=%2Fjobs%2F{job}&group={group['code']}"


def test_a_long_news_item_is_cut_but_the_phone_and_the_link_arrive_whole(
    client, cast, settings, db
):
    login(client, cast.staff)
    group = new_group(client)

    async def add(session):
        item = NewsItem(title="春风行动" * 15, body="返乡就业好政策。" * 250, kind="fair")
        session.add(item)
        await session.commit()
        return item.id

    news = db(add)
    kit = client.get("/api/v1/share", params={"path": f"/news/{news}", "group": group["code"]})
    text = kit.json()["text"]
    assert len(text) == 300
    assert text.startswith("【招聘会预告】春风行动")
    assert "…" in text
    assert text.endswith(
        f"咨询电话: 蓬安县驻广州农民工服务工作站 {GUANGZHOU_PHONE}\n{kit.json()['link']}"
    )


def test_without_a_group_the_link_is_untracked_and_the_hotline_answers(client, cast, settings):
    job = welder_job(settings, cast)
    login(client, cast.staff)
    kit = client.get("/api/v1/share", params={"path": f"/jobs/{job}"}).json()
    assert kit["link"] == f"{settings.public_base_url}/jobs/{job}"
    assert "咨询电话: 12333" in kit["text"]


def test_only_public_vacancies_events_measures_and_news_can_be_shared(client, cast, settings):
    draft = welder_job(settings, cast, status="pending")
    login(client, cast.staff)
    for path in ("/employers/1", "/jobs/7/candidates", "https://evil.example/jobs/1", "/jobs/0"):
        r = client.get("/api/v1/share", params={"path": path})
        assert r.status_code == 400, path
        assert "只能转发岗位、活动、政策或家乡动态" in r.json()["errors"]["path"]
    for path in (f"/jobs/{draft}", "/jobs/999999", "/calendar/999999", "/news/999999"):
        assert client.get("/api/v1/share", params={"path": path}).status_code == 404, path
    assert client.get("/api/v1/share", params={"path": "/policies/1"}).status_code == 200
    r = client.get("/api/v1/share", params={"path": "/policies/1", "group": "ZZZZZZ"})
    assert r.status_code == 400 and r.json()["errors"]["group"] == "没有哪个群是这个代码。"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
def test_the_poster_is_1080_px_wide_and_its_qr_code_reads_as_the_tracked_link(
    client, cast, settings, tmp_path
):
    job = welder_job(settings, cast)
    login(client, cast.staff)
    group = new_group(client)
    kit = client.get("/api/v1/share", params={"path": f"/jobs/{job}", "group": group["code"]})
    r = client.get(kit.json()["poster_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert "attachment" in r.headers["content-disposition"]
    width, _height = struct.unpack(">II", r.content[16:24])
    assert width == 1080
    poster = tmp_path / "poster.png"
    poster.write_bytes(r.content)
    read = subprocess.run(["zbarimg", "-q", "--raw", str(poster)], capture_output=True, text=True)
    assert read.stdout.strip() == kit.json()["link"]


def visits(client, group_id: int) -> int:
    return client.get(f"/api/v1/groups/{group_id}/funnel").json()["visits"]


def test_a_browser_through_a_code_counts_once_a_day_and_keeps_only_the_code_and_day(
    client, cast, settings, stranger, monkeypatch
):
    job = welder_job(settings, cast)
    login(client, cast.staff)
    group = new_group(client)
    for _ in range(3):
        assert stranger.get(f"/jobs/{job}?g={group['code'].lower()}").status_code == 200
    assert visits(client, group["id"]) == 1
    today = dt.date.today()
    assert stranger.cookies.get("via") == f"{group['code']}.{today:%Y%m%d}"
    stranger.get(f"/?g={group['code']}")
    assert visits(client, group["id"]) == 1
    monkeypatch.setattr(tracking, "today", lambda: today + dt.timedelta(days=1))
    stranger.get(f"/jobs/{job}?g={group['code']}")
    assert visits(client, group["id"]) == 2


def test_another_browser_counts_again_and_a_wrong_code_counts_nothing(
    client, cast, settings, stranger
):
    login(client, cast.staff)
    group = new_group(client)
    stranger.get(f"/?g={group['code']}")
    client.get(f"/news?g={group['code']}")  # staff's own browser is a browser too
    assert visits(client, group["id"]) == 2
    r = stranger.get("/?g=ZZZZZZ")
    assert r.status_code == 200 and "via" not in r.headers.get("set-cookie", "")
    assert stranger.get("/api/v1/jobs/search?g=" + group["code"]).status_code == 200
    assert visits(client, group["id"]) == 2


def test_the_funnel_counts_visits_accounts_interests_and_contracts_from_records(
    client, cast, settings, stranger, db
):
    job = welder_job(settings, cast)
    login(client, cast.staff)
    group = new_group(client)
    other = new_group(client, name="蓬安老乡（北京）", station_id=1)
    stranger.get(f"/jobs/{job}?g={group['code']}")
    signup = {"phone": "13711112222", "password": "jinping-river-2026", "name": "王小燕"}
    r = stranger.post("/api/v1/auth/register", json=signup)
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    worker_id = db(lambda s: archive_for(s, user_id))
    stranger.headers["x-csrftoken"] = stranger.cookies.get("csrftoken")
    assert stranger.post(f"/api/v1/jobs/{job}/interest").status_code in (200, 201)
    db(lambda s: signed_contract(s, worker_id, job, cast))
    funnel = client.get(f"/api/v1/groups/{group['id']}/funnel").json()
    assert funnel == {
        "group_id": group["id"],
        "visits": 1,
        "accounts": 1,
        "interests": 1,
        "contracts": 1,
    }
    assert client.get(f"/api/v1/groups/{other['id']}/funnel").json()["accounts"] == 0
    page = client.get("/staff/groups").text
    row = re.search(rf'<tr id="group-{group["id"]}">.*?</tr>', page, re.S).group()
    assert (
        re.findall(r'<td class="(?:visits|accounts|interests|contracts)">(\d+)', row) == ["1"] * 4
    )
    assert (
        db(lambda s: s.scalar(select(User.via_group_id).where(User.id == user_id))) == (group["id"])
    )


def test_an_account_without_a_tracked_visit_belongs_to_no_group(client, stranger, db):
    signup = {"phone": "13711113333", "password": "jinping-river-2026", "name": "王小燕"}
    user_id = stranger.post("/api/v1/auth/register", json=signup).json()["id"]
    assert db(lambda s: s.scalar(select(User.via_group_id).where(User.id == user_id))) is None


async def archive_for(session, user_id: int) -> int:
    user = await session.get(User, user_id)
    worker = Worker(
        user_id=user.id,
        name=user.display_name,
        phone=user.phone,
        id_number="511323199001010014",
        birth_year=1990,
        home_township_code="511323101",
        expected_wage=5000,
        consent_at=dt.datetime.now(dt.UTC),
        consent_method="self",
    )
    session.add(worker)
    await session.commit()
    return worker.id


async def signed_contract(session, worker_id: int, job_id: int, cast) -> None:
    job = await session.get(Job, job_id)
    staff = await session.scalar(select(User).where(User.phone == cast.staff))
    session.add(
        Contract(
            number="PA2027-00001",
            worker_id=worker_id,
            job_id=job.id,
            position=job.title,
            wage=job.wage_min,
            workplace="锦屏镇",
            start_date=dt.date.today(),
            status=ContractStatus.SIGNED,
            signed_at=dt.datetime.now(dt.UTC),
            created_by_id=staff.id,
        )
    )
    await session.commit()
