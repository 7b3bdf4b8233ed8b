"""A bad rule file is refused loudly, naming the file and the place, before anyone is answered."""

import shutil

import pytest

from policies.ruleset import RULES_DIR, RuleError, read_rules


def rules_with(tmp_path, text, name="M13.yaml"):
    shutil.copy(RULES_DIR / "M12.yaml", tmp_path / "M12.yaml")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


GOOD = (RULES_DIR / "M13.yaml").read_text(encoding="utf-8")


def test_the_shipped_rule_files_all_load():
    assert {"M05", "M09", "M12", "M13", "M14", "M29"} <= set(read_rules(RULES_DIR))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("fact: hukou_in_county", "fact: hukou"), "unknown fact 'hukou'"),
        (("还差{gap}", "还差{gap.days}"), "not one of"),
        (("    why_not: 须为本县户籍\n", ""), "why_not"),
        (("gte: {months: 6}", "gte: {weeks: 26}"), "span"),
        (("value: $high", "value: $higher"), "no value named 'higher'"),
        (("code: M13", "code: M99"), "code"),
        (("title: 一次性创业补贴", "title: 创业补贴"), "title"),
        (("    expect: {status: eligible, amount: 5000}", "    expect: {status: ok}"), "status"),
        (("  - fact: is_returnee\n", "  - fact: is_returnee\n    eq5: true\n"), "unknown keys"),
        (("aims: [business]", "aims: [money]"), "aims"),
    ],
)
def test_a_broken_rule_file_is_refused_with_its_name_and_place(tmp_path, change, says):
    old, new = change
    assert old in GOOD
    with pytest.raises(RuleError) as refused:
        read_rules(rules_with(tmp_path, GOOD.replace(old, new, 1)))
    assert "M13.yaml" in str(refused.value) and says in str(refused.value)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    with pytest.raises(RuleError, match="M13.yaml: not YAML"):
        read_rules(rules_with(tmp_path, "code: [M13"))


def test_a_rule_file_without_its_own_cases_is_refused(tmp_path):
    text = GOOD[: GOOD.index("cases:")]
    with pytest.raises(RuleError, match="cases"):
        read_rules(rules_with(tmp_path, text))
