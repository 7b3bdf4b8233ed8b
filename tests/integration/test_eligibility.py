"""The eligibility questionnaire over HTTP, its results, and 政策找人 (the inbox line, the staff list)."""

import asyncio
import datetime as dt
import re

import pytest
from sqlalchemy import select

from policies.models import Measure
from portal.cli import main as portal
from portal.db import make_engine, make_sessionmaker
from portal.eligibility.service import archive_facts, certificate_level, daily_pass, find_people
from portal.models import MeasureMatch, Notice, Worker
from tests.factories import csrf_form, login

TODAY = dt.date.today()


def months_ago(months: int) -> str:
    """The day ``months`` calendar months before today (the 28th at the latest, so it exists)."""
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, min(TODAY.day, 28)).isoformat()


# A returnee whose shop in the county opened 4 months ago: the subsidy is 2 months away.
SHOP = {
    "a_hukou_in_county": "yes",
    "a_is_returnee": "yes",
    "a_returned_on": months_ago(24),
    "a_business_registered": "yes",
    "a_business_in_county": "yes",
    "a_business_kind": "individual",
    "a_business_registered_on": months_ago(4),
    "a_received_startup_subsidy": "no",
    "a_employees": "1",
    "a_birth_date": "1985-04-02",
    "a_in_incubator": "no",
}


def step(client, token, htmx=False, **fields):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"_csrf_token": token, **fields}
    return client.post("/policies/check", data=data, headers=headers)


def hidden(page: str) -> dict[str, str]:
    """The hidden fields the card carries on to the next step."""
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    return {k: v for k, v in pairs if k not in ("_csrf_token", "ask")}


def asked(page: str) -> str | None:
    found = re.search(r'<input type="hidden" name="ask" value="([^"]+)">', page)
    return found.group(1) if found else None


@pytest.fixture
def token(client):
    return csrf_form(client, "/policies/check")


def test_a_stranger_is_first_asked_what_they_want_help_with(client):
    page = client.get("/policies/check").text
    assert "您想办什么事？" in page
    assert 'value="business"' in page and "都想了解" in page


def test_someone_starting_a_business_is_asked_about_the_licence_then_where_it_is(client, token):
    r = step(client, token, aim="", aim_choice="business")
    assert r.status_code == 200
    assert asked(r.text) == "business_registered" and "营业执照" in r.text
    r = step(client, token, **hidden(r.text), ask="business_registered", answer="yes")
    assert asked(r.text) == "business_in_county"
    assert hidden(r.text)["a_business_registered"] == "yes"


def test_a_skipped_question_is_not_asked_again_and_back_undoes_the_last_step(client, token):
    r = step(client, token, aim="", aim_choice="business")
    skipped = step(client, token, **hidden(r.text), ask="business_registered", skip="1")
    assert hidden(skipped.text)["skipped"] == "business_registered"
    assert asked(skipped.text) not in (None, "business_registered")
    undone = step(client, token, **hidden(skipped.text), back="1")
    assert asked(undone.text) == "business_registered"
    assert hidden(undone.text)["skipped"] == ""


def test_the_questionnaire_stops_and_shows_the_three_groups_with_the_gap(client, token):
    r = step(client, token, aim="", **SHOP, aim_choice="business")
    assert asked(r.text) is None, "every deciding fact was already answered"
    assert "可以申请" in r.text and "还差一点" in r.text
    m13 = r.text[r.text.index('id="result-M13"') :]
    # 2 months, or 1 month and some days when today is the 29th-31st (the shop opened on the 28th)
    assert re.search(r"还差(2个月|1个月\d+天)", m13[:800]) and "起就可以申请" in m13[:800]
    m12 = r.text[r.text.index('id="result-M12"') :]
    assert "200,000 元" in m12[:400] and "贷款额度上限" in m12[:400]
    assert "县政务服务中心就业创业窗口" in m12 and "经办银行" in m12
    assert re.search(r'href="/policies/\d+">一次性创业补贴', r.text)


def test_an_unanswered_fact_puts_the_measure_among_those_to_ask_about(client):
    facts = {k: v for k, v in SHOP.items() if k != "a_in_incubator"}
    page = client.get("/policies/check/result", params={"aim": "business", **facts}).text
    ask = page[page.index('id="group-ask"') :]
    assert "返乡创业园" in ask and "您的企业入驻了县返乡创业园吗？" in ask


def test_without_script_each_step_is_a_whole_page_and_with_htmx_only_the_card(client, token):
    page = step(client, token, aim="", aim_choice="job")
    assert "<html" in page.text and 'id="check-card"' in page.text
    card = step(client, token, htmx=True, aim="", aim_choice="job")
    assert "<html" not in card.text and card.text.lstrip().startswith('<div id="check-card"')


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"aim": "business", "a_business_registered": "maybe"}, "表单里的答案无法识别"),
        ({"aim": "business", "a_salary": "3000"}, "表单里的答案无法识别"),
        ({"aim": "lottery"}, "表单里的答案无法识别"),
        ({"aim": "business", "asked": "business_registered,__class__"}, "表单里的答案无法识别"),
        ({"aim": "business", "ask": "employees", "answer": "-3"}, "请填一个0到100000之间的整数"),
        ({"aim": "business", "ask": "employees", "answer": "１２"}, "请填一个0到100000之间的整数"),
        ({"aim": "business", "ask": "business_registered", "answer": "1"}, "请选择“是”或“否”"),
        (
            {"aim": "business", "ask": "business_registered_on", "answer_year": "2999"},
            "请选择年份和月份",
        ),
        (
            {
                "aim": "job",
                "ask": "local_job_since",
                "answer_year": "2024",
                "answer_month": "2",
                "answer_day": "31",
            },
            "请选择年份和月份",
        ),
        ({"aim": "business", "ask": "business_kind", "answer": "trust"}, "请选一个答案"),
        ({"aim": "", "aim_choice": "money"}, "请选择您想办的事"),
    ],
)
def test_a_forged_or_odd_answer_gets_a_chinese_message_not_an_error(client, token, fields, says):
    r = step(client, token, **fields)
    assert r.status_code == 400
    assert says in r.text


def test_a_wrong_answer_shows_the_same_question_again(client, token):
    r = step(client, token, aim="business", ask="employees", answer="lots")
    assert asked(r.text) == "employees" and "请填一个" in r.text


def test_a_workers_archive_fills_in_what_it_settles_and_their_answers_are_kept(client, cast, db):
    login(client, cast.worker)
    page = client.get("/policies/check").text
    known = hidden(page)
    assert known["a_hukou_in_county"] == "yes"
    assert known["a_birth_date"] == "1949-12-31"  # read from the ID number
    assert "a_certificate" not in known  # 焊工证 does not say its level
    token = client.cookies.get("csrftoken")
    r = step(client, token, **{**known, "aim_choice": "business"})
    step(client, token, **hidden(r.text), ask="business_registered", answer="no")
    saved = db(lambda s: s.get(Worker, cast.worker_id))
    assert saved.policy_facts == {"business_registered": False}
    assert saved.policy_facts_at is not None


async def _id_number(session, worker_id, number):
    worker = await session.get(Worker, worker_id)
    worker.id_number = number
    await session.commit()


def test_an_age_from_the_birth_year_alone_is_called_an_estimate_on_every_screen(client, cast, db):
    db(lambda s: _id_number(s, cast.worker_id, "HANDWRITTEN-1949"))
    login(client, cast.worker)
    page = client.get("/policies/check").text
    assert hidden(page)["a_age"] == str(TODAY.year - 1949)
    assert "按档案里的出生年份估算" in page
    token = client.cookies.get("csrftoken")
    r = step(client, token, **{**hidden(page), "aim_choice": "job"})
    assert "按档案里的出生年份估算" in r.text


def test_an_archive_without_a_readable_id_number_gives_an_approximate_age():
    worker = Worker(id_number="", birth_year=1980, certificates=[{"name": "电工中级工证书"}])
    facts, notes = archive_facts(worker, dt.date(2025, 6, 1))
    assert facts == {"hukou_in_county": True, "age": 45, "certificate": "level4"}
    assert notes and "year of birth" in notes[0]
    assert certificate_level([{"name": "焊工证"}]) is None


async def _set_facts(session, worker_id, facts):
    worker = await session.get(Worker, worker_id)
    worker.policy_facts = facts
    await session.commit()


async def _find(session, on):
    return [(m.worker_id, m.code) for m in await find_people(session, on)]


OWNER = {
    "hukou_in_county": True,
    "is_returnee": True,
    "returned_on": "2024-01-10",
    "business_registered": True,
    "business_in_county": True,
    "business_kind": "individual",
    "business_registered_on": "2025-01-15",
    "received_startup_subsidy": False,
}


def test_a_business_reaching_six_months_reaches_the_workers_inbox_once(client, cast, db):
    db(lambda s: _set_facts(s, cast.worker_id, OWNER))
    before = db(lambda s: _find(s, dt.date(2025, 7, 14)))
    assert ("M13" not in {code for _, code in before}) and before  # M12 already applies
    assert db(lambda s: _find(s, dt.date(2025, 7, 15))) == [(cast.worker_id, "M13")]
    assert db(lambda s: _find(s, dt.date(2025, 7, 16))) == []  # a second run tells no one again
    notices = db(lambda s: s.scalars(select(Notice).where(Notice.detail == "M13")))
    assert len(list(notices)) == 1
    m13 = db(lambda s: s.scalar(select(Measure.id).where(Measure.code == "M13")))
    login(client, cast.worker)
    lines = client.get("/api/v1/me/inbox").json()["lines"]
    [line] = [x for x in lines if x["kind"] == "measure" and x["detail"] == "M13"]
    assert line["text"] == "有一项政策现在适用于你：一次性创业补贴"
    assert line["link"] == f"/policies/{m13}"


def test_staff_see_who_a_measure_newly_applies_to_with_the_id_number_masked(client, cast, db):
    db(lambda s: _set_facts(s, cast.worker_id, OWNER))
    db(lambda s: _find(s, dt.date(2025, 8, 1)))
    login(client, cast.staff)
    page = client.get("/staff/measures").text
    row = page[page.index('id="measure-matches"') :]
    assert "李国华" in row and "110105********002X" in row and "11010519491231002X" not in page
    assert "一次性创业补贴" in row and "已发消息告知" in row


def test_only_staff_may_see_the_list(client, cast):
    assert client.get("/staff/measures", follow_redirects=False).status_code in (302, 303, 401)
    login(client, cast.worker)
    assert client.get("/staff/measures", follow_redirects=False).status_code == 403


def test_the_find_people_command_takes_a_day(cast, db, settings, capsys):
    db(lambda s: _set_facts(s, cast.worker_id, OWNER))
    url = ["--database-url", settings.database_url]
    assert portal(["find-people", "--on", "2025-07-15", *url]) == 0
    assert "M13" in capsys.readouterr().out
    assert portal(["find-people", "--on", "2025-07-15", *url]) == 0
    assert "0 new matches" in capsys.readouterr().out
    assert portal(["find-people", "--on", "15/07/2025", *url]) == 2
    rows = db(lambda s: s.scalars(select(MeasureMatch.code)))
    assert "M13" in set(rows)


def test_with_several_app_processes_one_does_the_days_pass(cast, settings, db):
    """Each app process runs the daily loop; two passes started at once for a day: one works, the
    other sees the day taken and writes nothing (no second notice, no error)."""
    db(lambda s: _set_facts(s, cast.worker_id, OWNER))
    day = dt.date(2025, 7, 15)

    async def two_processes():
        engines = [make_engine(settings.database_url) for _ in range(2)]
        try:
            passes = [daily_pass(make_sessionmaker(e), day) for e in engines]
            return await asyncio.gather(*passes)
        finally:
            for e in engines:
                await e.dispose()

    results = asyncio.run(two_processes())
    [done] = [r for r in results if r is not None]
    assert results.count(None) == 1 and done >= 1  # M12 and M13 apply that day
    assert asyncio.run(_later_pass(settings, day)) is None  # the same day again: already done
    assert asyncio.run(_later_pass(settings, day + dt.timedelta(days=1))) == 0  # the next day runs
    notices = db(lambda s: s.scalars(select(Notice).where(Notice.detail == "M13")))
    assert len(list(notices)) == 1


async def _later_pass(settings, day):
    engine = make_engine(settings.database_url)
    try:
        return await daily_pass(make_sessionmaker(engine), day)
    finally:
        await engine.dispose()
