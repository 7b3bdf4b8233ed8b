"""A posting's own words against its form: wage, age and township, each named both ways."""

import pytest

from portal.forms import Message
from portal.jobs.consistency import FormFacts, against_form, stated_wages

MONTH = FormFacts(4000, 6000, "month", age_min=18, age_max=45, township="锦屏镇")


def reasons(text: str, form: FormFacts = MONTH) -> list[str]:
    return [Message(f.msgid, f.params).render("zh") for f in against_form(text, form)]


@pytest.mark.parametrize(
    ("text", "monthly"),
    [
        ("月薪1.5万-2万，包住", [15000, 20000]),
        ("工价350元/天", [9100]),
        ("钢筋工 350/天", [9100]),
        ("时薪22元", [4576]),
        ("仓管，月薪8k-10k", [8000, 10000]),
        ("计件，每件0.8元", []),
        ("餐补每天15元，全勤奖200元，房租500元/月，押一付一", []),
        ("底薪3000+提成", []),
        ("每天工作10小时，早8点上班，工资每月10号发放", []),
        ("周末兼职促销，每天150元", []),
    ],
)
def test_only_amounts_said_to_be_wages_are_read_and_day_rates_are_made_monthly(text, monthly):
    assert stated_wages(text) == monthly


def test_a_wage_far_above_the_form_is_a_finding_naming_both_figures():
    [reason] = reasons("服务员，月薪2万，包吃住。")
    assert "20000" in reason and "4000" in reason and "6000" in reason and "不符" in reason


def test_a_day_rate_is_compared_as_26_days_of_work():
    assert reasons("装卸搬运，日结800元一天") != []  # 20,800 a month against 4,000-6,000
    day_form = FormFacts(300, 350, "day", township="锦屏镇")
    assert reasons("钢筋大工，工价350元/天，长期有活", day_form) == []


def test_an_upper_age_stated_differently_is_a_finding_and_rounding_is_not():
    [reason] = reasons("小区保安，限60岁以下")
    assert "60" in reason and "45" in reason
    assert reasons("年龄18-46岁，长白班") == []


def test_another_township_named_without_the_forms_is_a_finding():
    [reason] = reasons("工作地点：河舒镇工业园")
    assert "河舒镇" in reason and "锦屏镇" in reason


def test_a_shuttle_from_other_townships_is_not_a_contradiction():
    assert reasons("厂区在锦屏镇，周口街道、巨龙镇有班车接送，月薪4500元") == []


def test_an_honest_posting_with_money_ages_and_place_passes():
    text = "电焊工，月薪5000-6000元，年龄18-45岁，厂在锦屏镇，公司宿舍押一付一，餐补每天20元。"
    assert against_form(text, MONTH) == []
