"""POST /api/v1/policies/check: a person's facts in, one answer per measure with rules out."""

import pytest

from policies import ruleset
from portal.app import create_app

SHOP = {
    "hukou_in_county": True,
    "is_returnee": True,
    "returned_on": "2022-03-01",
    "business_registered": True,
    "business_in_county": True,
    "business_kind": "individual",
    "business_registered_on": "2024-12-01",
    "received_startup_subsidy": False,
    "employees": 3,
    "birth_date": "1985-04-02",
}


def results(client, facts, on="2025-06-01"):
    r = client.post("/api/v1/policies/check", json={"facts": facts, "on": on})
    assert r.status_code == 200, r.text
    return {row["code"]: row for row in r.json()["results"]}


def test_a_returnee_shop_owner_learns_the_subsidy_the_loan_and_how_to_apply(stranger):
    rows = results(stranger, SHOP)
    assert (rows["M13"]["status"], rows["M13"]["amount"]) == ("eligible", 5000)
    assert rows["M13"]["apply"]["window"] == "县政务服务中心就业创业窗口"
    assert "营业执照" in rows["M13"]["apply"]["documents"]
    assert (rows["M12"]["amount"], rows["M12"]["amount_per"]) == (200000, "loan")
    assert any("银行" in c for c in rows["M12"]["manual_checks"])


def test_there_is_one_answer_per_measure_with_rules(stranger):
    assert sorted(results(stranger, {})) == sorted(ruleset.load_rules())


def test_the_answer_says_why_not_and_by_how_much(stranger):
    row = results(stranger, SHOP, on="2025-05-31")["M13"]
    assert row["status"] == "not_eligible"
    assert any("还差1天" in r for r in row["reasons"])


def test_a_measure_not_yet_decided_names_the_facts_it_needs(stranger):
    row = results(stranger, {"hukou_in_county": True})["M13"]
    assert row["status"] == "need_info" and "is_returnee" in row["missing"]


def test_the_day_defaults_to_today(stranger):
    r = stranger.post("/api/v1/policies/check", json={"facts": {}})
    assert r.status_code == 200 and len(r.json()["on"]) == 10


@pytest.mark.parametrize(
    ("facts", "field", "says"),
    [
        ({"salary": 3000}, "facts.salary", "“salary”不是"),
        ({"hukou_in_county": "yes"}, "facts.hukou_in_county", "是（true）或否（false）"),
        ({"returned_on": "2025-02-30"}, "facts.returned_on", "年-月-日"),
        ({"employees": -1}, "facts.employees", "整数"),
        ({"employees": 2.5}, "facts.employees", "整数"),
        ({"business_kind": "shop"}, "facts.business_kind", "individual"),
    ],
)
def test_a_wrong_fact_is_refused_with_a_message_naming_it(stranger, facts, field, says):
    r = stranger.post("/api/v1/policies/check", json={"facts": facts})
    assert r.status_code == 400, r.text
    assert says in r.json()["errors"][field]


def test_a_wrong_day_is_refused(stranger):
    r = stranger.post("/api/v1/policies/check", json={"facts": {}, "on": "tomorrow"})
    assert r.status_code == 400 and "年-月-日" in r.json()["errors"]["on"]


def test_facts_that_are_not_an_object_are_refused(stranger):
    r = stranger.post("/api/v1/policies/check", json={"facts": [1, 2]})
    assert r.status_code == 400


def test_a_form_post_is_refused_so_another_site_cannot_post_to_it(stranger):
    r = stranger.post("/api/v1/policies/check", data={"facts": "{}"})
    assert r.status_code in (400, 415)


def test_a_broken_rule_file_stops_the_portal_at_start_up(base_settings, tmp_path, monkeypatch):
    (tmp_path / "M13.yaml").write_text("code: M13\ntitle: 一次性创业补贴\n", encoding="utf-8")
    monkeypatch.setattr(ruleset, "RULES_DIR", tmp_path)
    ruleset.load_rules.cache_clear()
    try:
        with pytest.raises(ruleset.RuleError, match="M13.yaml"):
            create_app(base_settings)
    finally:
        ruleset.load_rules.cache_clear()
