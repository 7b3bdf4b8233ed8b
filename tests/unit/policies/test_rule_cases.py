"""Every rule file's own cases, one test each: a rule and the examples that pin it live together."""

import pytest

from policies.eligibility import evaluate
from policies.ruleset import load_rules

RULES = load_rules()
CASES = [(rule, case) for rule in RULES.values() for case in rule.cases]


@pytest.mark.parametrize(
    ("rule", "case"), CASES, ids=[f"{rule.code}: {case['name']}" for rule, case in CASES]
)
def test_rule_file_case(rule, case):
    result = evaluate(rule, case["facts"], case["on"])
    expect = case["expect"]
    assert result.status == expect["status"], result.reasons
    if "amount" in expect:
        assert result.amount == expect["amount"]
    for words in expect.get("reasons", []):
        assert any(words in reason for reason in result.reasons), (words, result.reasons)
    if "missing" in expect:
        assert sorted(result.missing) == sorted(expect["missing"])
