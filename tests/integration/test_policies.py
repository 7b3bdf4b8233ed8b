"""The policy catalogue: searched in plain words, opened, marked as sample data."""

import pytest

from policies.services import read_catalogue


def search(client, q):
    return client.get("/api/v1/policies/search", params={"q": q}).json()


@pytest.mark.parametrize(
    ("q", "expected_title_part"),
    [
        ("创业贷款", "创业担保贷款"),
        ("創業貸款", "创业担保贷款"),
        ("回老家开店有没有补贴", "创业"),
        ("小孩读书", "入学"),
        ("讨薪", "欠薪"),
        ("培训补贴", "技能培训"),
    ],
)
def test_plain_questions_find_the_measure(client, q, expected_title_part):
    body = search(client, q)
    assert body["total"] > 0
    titles = [h["title"] for h in body["hits"][:3]]
    assert any(expected_title_part in t for t in titles), titles


def test_a_policy_hit_has_title_category_and_summary(client):
    hit = search(client, "创业贷款")["hits"][0]
    assert {"title", "category", "summary"} <= hit.keys()


def test_a_measure_page_says_it_is_sample_data_and_how_to_apply(client):
    hit = search(client, "创业贷款")["hits"][0]
    page = client.get(hit["url"]).text
    assert hit["title"] in page and "示例数据" in page and "最多跑一次" in page


def test_the_sample_catalogue_has_thirty_measures_covering_the_brief():
    measures = read_catalogue()["measures"]
    text = " ".join(m["title"] + m["body"] for m in measures)
    assert len(measures) == 30
    for topic in (
        "创业担保贷款",
        "一次性创业补贴",
        "职业技能培训补贴",
        "社会保险补贴",
        "就业见习",
        "欠薪",
        "法律援助",
        "随迁子女",
        "最多跑一次",
        "交通补贴",
        "公益性岗位",
        "招聘",
    ):
        assert topic in text, topic


def test_odd_policy_queries_answer_normally(client):
    for q in ("", "x" * 2000, "\x00", "😀", 'category = "x" OR 1=1'):
        assert client.get("/policies", params={"q": q}).status_code == 200
