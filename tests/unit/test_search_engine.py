"""The search engine's one call, without a server: the filter and request it builds, its retries
(against a stand-in client that answers what each test tells it) and the hits it shapes."""

import asyncio
import datetime as dt

import pytest

from search.client import SearchUnavailable
from search.engine import JobCriteria, JobSearch, PolicySearch
from search.lexicon import Group, Lexicon, read_stopwords

GROUPS = [
    Group("trade", "焊工", ("焊工", "电焊工", "电焊", "烧焊")),
    Group("trade", "叉车司机", ("叉车司机", "叉车工", "叉车")),
    Group("policy", "补贴", ("补贴", "补助")),
]
NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon(GROUPS, read_stopwords())


class Client:
    """Answers each search with the next of ``answers`` and keeps the bodies it was sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent: list[dict] = []

    async def search(self, kind, body):
        self.sent.append(body)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def answer(*hits, score=0.9):
    docs = [{"id": n, "title": title, "_rankingScore": score} for n, title in enumerate(hits, 1)]
    return {"hits": docs, "totalHits": len(docs)}


def test_a_wage_typed_in_the_words_leaves_the_text_and_becomes_a_monthly_filter(lexicon):
    body = JobSearch(None, lexicon).request(JobCriteria(q="电焊 月薪6000"), NOW)
    assert body["q"] == "电焊"
    assert body["filter"] == "(month_max >= 6000)"


def test_the_higher_of_a_chosen_and_a_typed_wage_floor_filters(lexicon):
    search = JobSearch(None, lexicon)
    body = search.request(JobCriteria(q="电焊 5000以上", wage_min=7000), NOW)
    assert body["filter"] == "(month_max >= 7000)"
    assert search.reading(JobCriteria(q="电焊 8000以上", wage_min=7000)).wage_min == 8000


def test_every_chosen_filter_is_quoted_and_anded_in_order(lexicon):
    criteria = JobCriteria(
        township_code='36"1',
        industry="manufacturing",
        wage_band="4000-5999",
        housing=True,
        meals=True,
        over_50=True,
        posted_days=7,
    )
    week_ago = int((NOW - dt.timedelta(days=7)).timestamp())
    assert JobSearch(None, lexicon).request(criteria, NOW)["filter"] == " AND ".join(
        [
            '(township_code = "36\\"1")',
            '(industry = "manufacturing")',
            '(wage_band = "4000-5999")',
            "(has_housing = true)",
            "(has_meals = true)",
            "(accepts_over_50 = true)",
            f"(posted_ts >= {week_ago})",
        ]
    )


def test_an_unknown_wage_band_filters_nothing(lexicon):
    assert JobSearch(None, lexicon).request(JobCriteria(wage_band="lots"), NOW)["filter"] is None


@pytest.mark.parametrize(
    ("q", "sort", "expected"),
    [
        ("电焊", "relevance", None),
        ("", "relevance", ["posted_ts:desc"]),
        ("电焊", "newest", ["posted_ts:desc"]),
        ("电焊", "wage", ["month_max:desc"]),
    ],
)
def test_words_rank_by_relevance_no_words_by_newest_and_wage_by_the_monthly_top(
    lexicon, q, sort, expected
):
    body = JobSearch(None, lexicon).request(JobCriteria(q=q, sort=sort), NOW)
    assert body.get("sort") == expected


def test_a_job_request_pages_asks_for_scores_and_facets_only_when_asked(lexicon):
    search = JobSearch(None, lexicon)
    body = search.request(JobCriteria(q="dianhan", page=3, limit=5), NOW)
    assert (body["q"], body["page"], body["hitsPerPage"]) == ("电焊", 3, 5)
    assert body["showRankingScore"] is True and "facets" not in body
    assert "month_max" in body["attributesToRetrieve"]
    assert "facets" in search.request(JobCriteria(q="电焊"), NOW, facets=True)


def test_a_policy_request_keeps_figures_and_lists_by_code_without_words(lexicon):
    search = PolicySearch(None, lexicon)
    assert search.request("补贴 2000")["q"] == "补贴 2000"
    assert search.request("", page=2, limit=10)["sort"] == ["code:asc"]
    assert "sort" not in search.request("补贴")


def test_a_good_text_match_is_sent_once_and_its_titles_marked_with_synonyms(lexicon):
    client = Client(answer("招烧焊师傅"))
    found = asyncio.run(JobSearch(client, lexicon).find(JobCriteria(q="电焊"), NOW))
    assert len(client.sent) == 1 and not found.loose
    assert found.total == 1 and found.read.text == "电焊"
    assert found.hits[0]["title_marked"] == [("招", False), ("烧焊", True), ("师傅", False)]


def test_a_hit_keeps_only_the_fields_a_page_shows(lexicon):
    hit = {"id": 1, "title": "焊工", "title_n": "焊工", "pinyin": "han gong", "_rankingScore": 1}
    client = Client({"hits": [hit], "totalHits": 1, "facetDistribution": {"industry": {"x": 1}}})
    found = asyncio.run(JobSearch(client, lexicon).find(JobCriteria(q="焊工"), NOW, facets=True))
    assert "title_n" not in found.hits[0] and "pinyin" not in found.hits[0]
    assert found.hits[0]["wage_unit"] is None and found.facets == {"industry": {"x": 1}}


def test_text_that_finds_nothing_is_tried_as_its_words_apart(lexicon):
    client = Client(answer(), answer("创业担保贷款"))
    found = asyncio.run(PolicySearch(client, lexicon).find("创业贷款"))
    assert client.sent[1]["q"] == "创业 贷款" and client.sent[1]["matchingStrategy"] == "last"
    assert found.loose and found.total == 1


def test_a_weak_text_match_gives_way_to_a_better_pinyin_match(lexicon):
    client = Client(answer("差旅", score=0.3), answer("叉车工", score=0.95))
    found = asyncio.run(JobSearch(client, lexicon).find(JobCriteria(q="chache"), NOW))
    assert client.sent[-1]["matchingStrategy"] == "all"
    assert found.loose and found.hits[0]["title"] == "叉车工"


def test_a_weak_text_match_stays_when_the_pinyin_does_no_better(lexicon):
    client = Client(answer("差旅", score=0.3), answer("叉车工", score=0.2))
    found = asyncio.run(JobSearch(client, lexicon).find(JobCriteria(q="差旅"), NOW))
    assert not found.loose and found.hits[0]["title"] == "差旅"


def test_no_words_means_no_retry(lexicon):
    client = Client(answer())
    asyncio.run(JobSearch(client, lexicon).find(JobCriteria(), NOW))
    assert len(client.sent) == 1


def test_meilisearch_down_reaches_the_caller_with_the_reading_for_its_fallback(lexicon):
    search = JobSearch(Client(SearchUnavailable("down")), lexicon)
    criteria = JobCriteria(q="烧焊 6000以上")
    with pytest.raises(SearchUnavailable):
        asyncio.run(search.find(criteria, NOW))
    reading = search.reading(criteria)
    assert reading.wage_min == 6000 and "电焊" in reading.marks
    assert reading.mark("电焊工") == [("电焊工", True)]


def test_the_search_package_imports_nothing_from_the_portal():
    import ast
    from pathlib import Path

    import search

    for path in Path(search.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in getattr(node, "names", [])] if isinstance(node, ast.Import) else []
            )
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            assert not any(n.split(".")[0] == "portal" for n in [*names, module]), path.name
