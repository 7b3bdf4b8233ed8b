"""Screening a posting's words: a rule written once catches its disguises."""

import pytest

from portal.services.screening import rules


def found(text: str) -> set[str]:
    return {f.rule for f in rules().text(text)}


@pytest.mark.parametrize("text", [
    "入职需交押金500元", "入职需交押 金", "需交壓金", "交yajin两百", "交ＹＡＪＩＮ", "保証金三百", "押✓金", "先交培训费再上岗",
    "办理培训贷", "体检费自理",
])
def test_fee_demands_are_caught_in_any_disguise(text):
    assert "fee" in found(text)


@pytest.mark.parametrize("text", [
    "加V: abc123 详聊", "联系电话 138 1234 5678", "联系 一三八一二三四五六七八", "详见 www.abc.com", "QQ 12345678",
    "薇信同号",
])
def test_contact_details_that_pull_workers_off_the_portal_are_caught(text):
    assert "contact" in found(text)


@pytest.mark.parametrize("text", ["日赚千元 轻松", "网络兼职打字", "夜场陪酒"])
def test_scam_and_adult_words_are_caught(text):
    assert "spam" in found(text)


@pytest.mark.parametrize("text", [
    "县城钢结构工地招电焊工，包吃住，工资月结", "工资按月打卡，不收任何费用", "食品厂包装工，年满18岁，长白班",
    "电话面试后到厂里看环境", "压路机司机，持证上岗",
])
def test_ordinary_postings_are_clean(text):
    assert found(text) == set()


@pytest.mark.parametrize("text", ["学徒包教包会，不收培训费", "不收押金和保证金", "体检费由公司承担", "免押金"])
def test_a_fee_named_only_to_deny_it_is_not_a_demand(text):
    assert "fee" not in found(text)


def test_a_denial_does_not_hide_another_charge():
    assert "fee" in found("不收押金，但需交培训费800元")


def test_bait_wages_are_flagged_against_the_trade_and_the_county_ceiling():
    assert rules().wage(20000, usual=8000).rule == "wage"
    assert rules().wage(9000, usual=8000) is None
    assert rules().wage(50000, usual=None).rule == "wage"
    assert rules().wage(9000, usual=None) is None
