"""The search page as workers use it: filters with counts, sorting, pages, typos, nothing found,
the staff vocabulary page, and a reindex that swaps in without a failed search. Real Meilisearch."""

import asyncio
import dataclasses
import html
import re
import threading

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from portal.app import create_app
from portal.indexer import rebuild
from portal.models import SynonymGroup
from portal.runtime import Runtime
from tests.factories import add_job, csrf_form, login, wait_total


@pytest.fixture
def add(settings, cast):
    return lambda **values: asyncio.run(add_job(settings.database_url, cast.employer_id, **values))


def search(client, **params) -> dict:
    return client.get("/api/v1/jobs/search", params=params).json()


@pytest.fixture
def county(add):
    """Five vacancies across trades, townships, wages and flags."""
    add(
        title="电焊工",
        skills=["电焊"],
        industry="construction",
        township_code="511323101",
        wage_max=8000,
        description="县城周边钢结构工地，熟练电焊，包吃住。",
    )
    add(
        title="氩弧焊工（急招）",
        skills=["氩弧焊"],
        industry="manufacturing",
        township_code="511323101",
        wage_max=9000,
        accepts_over_50=True,
        description="工业园不锈钢厂，氩弧焊熟手，包吃住。",
    )
    add(
        title="叉车司机",
        skills=["叉车"],
        industry="logistics",
        township_code="511323102",
        wage_max=5500,
        has_housing=False,
        has_meals=False,
        description="物流园装卸货，持叉车证，白班。",
    )
    add(
        title="中餐厨师",
        skills=["炒菜"],
        industry="catering",
        township_code="511323102",
        wage_max=6500,
        accepts_over_50=True,
        description="县城酒楼炒锅师傅，会川菜，包吃住。",
    )
    add(
        title="养老护理员",
        skills=["护理"],
        industry="care",
        township_code="511323103",
        wage_max=4500,
        has_housing=False,
        description="敬老院照顾老人起居，管一顿午饭。",
    )


def test_facets_count_what_the_query_found(client, county):
    wait_total(client, 5)
    r = search(client, q="焊工", facets=1)
    assert r["total"] == 2 and r["facets"]["industry"] == {"construction": 1, "manufacturing": 1}
    assert r["facets"]["township_code"] == {"511323101": 2}
    every = search(client, facets=1)
    assert every["facets"]["accepts_over_50"] == {"false": 3, "true": 2}
    assert search(client, q="焊工")["facets"] == {}  # counted only when asked


def test_the_filter_panel_loads_its_counts_when_opened(client, county):
    wait_total(client, 5)
    page = client.get("/jobs", params={"q": "焊工"})
    assert (
        'hx-get="/jobs/facets?q=%E7%84%8A%E5%B7%A5"' in page.text
        and 'hx-trigger="toggle once"' in page.text
    )
    panel = client.get("/jobs/facets", params={"q": "焊工"}, headers={"HX-Request": "true"})
    assert panel.status_code == 200 and "<html" not in panel.text
    assert (
        '制造 <span class="count">1</span>' in panel.text
        and '锦屏镇 <span class="count">2</span>' in panel.text
    )


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"industry": "logistics"}, {"叉车司机"}),
        ({"industry": "物流運輸"}, {"叉车司机"}),  # by name, Traditional
        ({"over_50": "1"}, {"氩弧焊工（急招）", "中餐厨师"}),
        ({"housing": "1", "wage_band": "6000-7999"}, {"中餐厨师"}),
        ({"q": "月薪7000 焊"}, {"电焊工", "氩弧焊工（急招）"}),
        (
            {"q": "焊工", "township": "锦屏镇", "wage_band": "gte8000"},
            {"电焊工", "氩弧焊工（急招）"},
        ),
        ({"posted": "7"}, {"电焊工", "氩弧焊工（急招）", "叉车司机", "中餐厨师", "养老护理员"}),
    ],
)
def test_filters_narrow_the_results(client, county, params, titles):
    wait_total(client, 5)
    assert {h["title"] for h in search(client, **params)["hits"]} == titles


def test_sorting_by_wage_and_newest(client, county):
    wait_total(client, 5)
    wages = [h["wage_max"] for h in search(client, sort="wage")["hits"]]
    assert wages == sorted(wages, reverse=True)
    posted = [h["posted_ts"] for h in search(client, sort="newest")["hits"]]
    assert posted == sorted(posted, reverse=True)


DAY_RATE = dict(
    title="钢筋工（日结）",
    skills=["钢筋"],
    industry="construction",
    wage_min=300,
    wage_max=400,
    wage_unit="day",
    description="县城工地绑扎钢筋，按天结算。",
)


def test_a_day_rate_is_filtered_and_sorted_as_its_monthly_figure(client, county, add):
    add(**DAY_RATE)  # 300-400 a day: 7,800-10,400 a month at 26 days
    wait_total(client, 6)
    assert "钢筋工（日结）" in {h["title"] for h in search(client, wage_min=6000)["hits"]}
    assert "钢筋工（日结）" in {h["title"] for h in search(client, q="月薪9500")["hits"]}
    assert "钢筋工（日结）" in {h["title"] for h in search(client, wage_band="gte8000")["hits"]}
    by_wage = search(client, sort="wage")["hits"]
    assert [h["title"] for h in by_wage][:2] == ["钢筋工（日结）", "氩弧焊工（急招）"]
    assert by_wage[0]["wage_unit"] == "day" and by_wage[0]["wage_max"] == 400


def test_result_rows_say_a_day_rate_is_per_day(client, county, add):
    add(**DAY_RATE)
    wait_total(client, 6)
    page = client.get("/jobs", params={"q": "钢筋"}).text
    assert "300–400 元/天" in page and "300–400 元/月" not in page
    assert "6,000–8,000 元/月" in client.get("/jobs", params={"q": "电焊"}).text


def test_the_database_answers_a_day_rate_by_its_monthly_figure_too(settings, cast, add):
    add(**DAY_RATE)
    add(title="叉车司机", skills=["叉车"], wage_min=5000, wage_max=6000)
    down = dataclasses.replace(
        settings, meili_url="http://127.0.0.1:9", meili_index_prefix="nowhere"
    )
    with TestClient(app=create_app(down)) as client:
        answer = search(client, wage_min=7000, sort="wage")
        assert answer["degraded"] and [h["title"] for h in answer["hits"]] == ["钢筋工（日结）"]
        ranked = search(client, sort="wage")["hits"]
        assert [h["title"] for h in ranked] == ["钢筋工（日结）", "叉车司机"]


def test_a_wage_typed_in_the_words_shows_as_a_chip_that_removes_it(client, county, add):
    add(
        title="叉车工",
        skills=["叉车"],
        industry="logistics",
        wage_min=3500,
        wage_max=4200,
        description="仓库叉车，白班。",
    )
    wait_total(client, 6)
    page = client.get("/jobs", params={"q": "叉车 5000以上"}).text
    assert "找到 1 个岗位" in page  # 叉车司机 (up to 5,500), not 叉车工 (up to 4,200)
    chip = re.search(r'<a class="chip" id="typed-wage" href="([^"]+)">月薪 ≥ 5000 ✕</a>', page)
    assert chip and html.unescape(chip.group(1)) == "/jobs?q=%E5%8F%89%E8%BD%A6"
    unfiltered = client.get(html.unescape(chip.group(1))).text
    assert "找到 2 个岗位" in unfiltered and 'id="typed-wage"' not in unfiltered


def test_pages_do_not_repeat_and_end(client, add):
    for n in range(25):
        add(title=f"普工{n}号", skills=["普工"])
    wait_total(client, 25)
    one, two = search(client, q="普工", page=1), search(client, q="普工", page=2)
    assert len(one["hits"]) == 20 and len(two["hits"]) == 5
    assert not {h["id"] for h in one["hits"]} & {h["id"] for h in two["hits"]}
    assert search(client, q="普工", page=1_000_000_000)["hits"] == []


def test_the_page_keeps_filters_in_links_and_marks_matches(client, county):
    wait_total(client, 5)
    page = client.get("/jobs", params={"q": "電焊", "industry": "construction", "sort": "wage"})
    assert page.status_code == 200
    assert 'id="chosen-filters"' in page.text and "建筑 ✕" in page.text
    assert "<mark>电焊工</mark>" in page.text
    # Removing the industry keeps the query and the order; the hidden inputs carry the filters as one types.
    assert 'href="/jobs?q=%E7%94%B5%E7%84%8A&amp;sort=wage"' in page.text
    assert '<input type="hidden" name="industry" value="construction">' in page.text


def test_a_homophone_typo_says_what_was_searched(client, county):
    wait_total(client, 5)
    r = search(client, q="电汗")
    assert {h["title"] for h in r["hits"]} >= {"电焊工"} and r["understood"]["corrected"] == [
        ["电汗", "电焊"]
    ]
    page = client.get("/jobs", params={"q": "电汗"}, headers={"HX-Request": "true"})
    assert 'id="corrected"' in page.text and "电焊" in page.text


def test_nothing_found_suggests_trades_the_catalogue_and_stations(client, county):
    wait_total(client, 5)
    page = client.get("/jobs", params={"q": "宠物美容师付"})
    assert 'id="no-results"' in page.text
    assert "/policies" in page.text and "tel:" in page.text
    assert "您是不是要找" in page.text


def test_the_trades_suggested_for_nothing_found_are_the_ones_meant(client, county):
    wait_total(client, 5)
    chips = re.findall(
        r'class="chip" href="[^"]*">([^<]+)</a>', client.get("/jobs", params={"q": "喂猪"}).text
    )
    assert chips[0] == "养猪工" and "医疗护理员" not in chips and "贴砖工" not in chips
    page = client.get("/jobs", params={"q": "宇航员"}).text
    assert (
        'id="no-results"' in page and "您是不是要找" not in page
    )  # nothing near: no random trades


def test_staff_extend_the_vocabulary_and_search_follows(client, cast, county, db):
    wait_total(client, 5)
    assert search(client, q="焊把子")["total"] == 0
    login(client, cast.staff)
    token = csrf_form(client, "/staff/vocabulary")
    r = client.post(
        "/staff/vocabulary",
        data={"kind": "trade", "terms": "焊把子，电焊", "_csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 302
    wait_total(client, 2, q="焊把子")
    assert "焊把子" in client.get("/staff/vocabulary", params={"try": "焊把子"}).text
    group_id = db(lambda s: s.scalar(select(SynonymGroup.id)))
    client.post(f"/staff/vocabulary/{group_id}/delete", data={"_csrf_token": token})
    wait_total(client, 0, q="焊把子")


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("电焊", "至少填两个"),
        ("", "必须填写"),
        ("、".join(f"词{n:02d}" for n in range(31)), "最多 30 个"),
        ("电焊 <script>", "每个词"),
        ("电焊 " + "焊" * 11, "每个词"),
        ("焊" * 401, "最多 400"),
    ],
)
def test_a_bad_vocabulary_group_is_refused_with_a_reason_and_not_stored(
    client, cast, db, terms, message
):
    login(client, cast.staff)
    token = csrf_form(client, "/staff/vocabulary")
    r = client.post(
        "/staff/vocabulary", data={"kind": "trade", "terms": terms, "_csrf_token": token}
    )
    assert r.status_code == 400 and message in r.text
    assert db(lambda s: s.scalar(select(func.count()).select_from(SynonymGroup))) == 0


@pytest.mark.parametrize("role", ["worker", "employer"])
def test_only_staff_reach_the_vocabulary_page(client, cast, role):
    assert client.get("/staff/vocabulary", follow_redirects=False).status_code == 302
    login(client, getattr(cast, role))
    assert client.get("/staff/vocabulary").status_code == 403
    assert client.post("/staff/vocabulary", data={"terms": "a b"}).status_code == 403


def test_a_reindex_swaps_in_a_new_index_without_a_failed_search(client, settings, add):
    for n in range(60):
        add(title=f"电焊工{n}号")
    wait_total(client, 60)
    failures, totals, done = [], set(), threading.Event()

    def searcher():
        while not done.is_set():
            r = client.get("/api/v1/jobs/search", params={"q": "电焊"})
            if r.status_code != 200 or r.json()["degraded"]:
                failures.append(r.status_code)
            else:
                totals.add(r.json()["total"])

    thread = threading.Thread(target=searcher)
    thread.start()

    async def reindex():
        rt = Runtime.open(settings)
        try:
            return await rebuild(rt.sessions, rt.search, rt.vocabulary)
        finally:
            await rt.close()

    try:
        counts = asyncio.run(reindex())
    finally:
        done.set()
        thread.join()
    assert counts["jobs"] == 60 and counts["policies"] == 30
    assert failures == [] and totals == {60}
    assert search(client, q="电焊")["total"] == 60
