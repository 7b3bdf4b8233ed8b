"""A posting's industry and first skill, derived from its trade when the employer gives none."""

import pytest

from matching.trades import Occupation, TradeVocabulary
from portal.jobs.derive import INDUSTRY_OF_TRADE, industry_of
from portal.jobs.service import parse_job_form
from portal.reference import INDUSTRY_BY_KEY

POSTING = {
    "title": "急招钢筋工",
    "description": "县城周边工地，绑扎钢筋，包吃住。",
    "township": "锦屏镇",
    "wage_min": "6000",
    "wage_max": "8000",
    "headcount": "3",
}
# One occupation is enough to read the title: the parser asks the vocabulary, whatever its size.
TRADES = TradeVocabulary(
    [Occupation("6-29-01-04", "钢筋工")], {"钢筋工": "6-29-01-04"}, {"6-29-01-04": ""}
)


def test_every_industry_the_table_names_is_one_of_the_portal():
    assert set(INDUSTRY_OF_TRADE.values()) <= set(INDUSTRY_BY_KEY)


@pytest.mark.parametrize(
    ("code", "industry"),
    [
        ("6-29-01-04", "construction"),  # 钢筋工
        ("6-30-05-05", "construction"),  # 挖掘机司机
        ("4-02-02-02", "logistics"),  # 货车司机
        ("4-03-02-01", "catering"),  # 中式烹调师
        ("5-01-02-02", "farming"),  # 园艺工
        ("4-10-01-06", "housekeeping"),  # 家政服务员
        ("4-10-01-05", "care"),  # 养老护理员: a minor group inside housekeeping's middle group
        ("4-12-01-01", "repair"),  # 汽车维修工
        ("6-05-01-03", "garment"),  # 缝纫工
        ("6-18-02-04", "manufacturing"),  # 焊工
        ("2-02-01-01", "other"),
        ("", "other"),
    ],
)
def test_the_industry_of_a_trade_is_its_longest_listed_group(code, industry):
    assert industry_of(code) == industry


def test_a_posting_without_industry_gets_the_industry_of_its_trade():
    form = parse_job_form(POSTING, TRADES)
    assert form.trade_code == "6-29-01-04" and form.industry == "construction"


def test_a_posting_without_skills_gets_the_name_of_its_trade():
    assert parse_job_form(POSTING, TRADES).skills == ["钢筋工"]


def test_a_posting_whose_trade_is_not_read_gets_the_title_as_skill_and_other_as_industry():
    form = parse_job_form({**POSTING, "title": "杂工"}, TRADES)
    assert form.trade_code == "" and form.skills == ["杂工"] and form.industry == "other"


def test_an_industry_or_skills_given_are_kept():
    form = parse_job_form({**POSTING, "industry": "制造", "skills": "绑扎"}, TRADES)
    assert form.industry == "manufacturing" and form.skills == ["绑扎"]
