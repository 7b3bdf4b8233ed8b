import datetime as dt

import pytest

from portal.contracts.service import parse_contract_form
from portal.forms import FormError
from portal.jobs.service import parse_job_form

GOOD = {
    "title": "电焊工",
    "description": "县城周边工地，熟练电焊，包吃住。",
    "township": "锦屏镇",
    "industry": "建筑",
    "wage_min": "6000",
    "wage_max": "8000",
    "headcount": "3",
    "skills": "电焊，氩弧焊",
}


def errors(**changes):
    with pytest.raises(FormError) as info:
        parse_job_form({**GOOD, **changes})
    return {k: m.msgid for k, m in info.value.errors.items()}


def test_a_good_posting_is_read_with_traditional_township_and_chinese_commas():
    form = parse_job_form({**GOOD, "township": "錦屏鎮"})
    assert form.township_code == "511323101" and form.skills == ["电焊", "氩弧焊"]


@pytest.mark.parametrize(
    ("field", "value", "msgid"),
    [
        ("title", "", "This field is required."),
        ("title", "焊" * 5000, "Too long: at most %(max)s characters."),
        ("title", "焊" * 41, "Too long: at most %(max)s characters."),
        ("description", "短", "Too short."),
        ("wage_min", "abc", "Please enter a whole number."),
        ("wage_min", "100", "Must be between %(low)s and %(high)s."),
        ("headcount", "0", "Must be between %(low)s and %(high)s."),
        ("headcount", "100000", "Must be between %(low)s and %(high)s."),
        ("township", "北京", "Please choose a township of the county."),
        ("skills", "焊" * 21, "Each item may have at most %(max)s characters."),
        ("industry", "航天", "Please choose an industry."),
    ],
)
def test_each_posting_field_has_limits(field, value, msgid):
    assert errors(**{field: value})[field] == msgid


def test_the_highest_wage_cannot_be_below_the_lowest():
    assert errors(wage_min="9000", wage_max="6000") == {
        "wage_max": "The highest wage cannot be below the lowest wage."
    }


def test_the_title_limit_is_exactly_forty_characters():
    assert parse_job_form({**GOOD, "title": "焊" * 40}).title == "焊" * 40


def test_json_values_of_the_wrong_type_are_refused_not_crashed():
    found = errors(title=["x"], wage_min=True, skills={"a": 1})
    assert set(found) == {"title", "wage_min", "skills"}


def test_a_contract_cannot_start_in_the_past():
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    with pytest.raises(FormError) as info:
        parse_contract_form(
            {"worker_id": "1", "job_id": "1", "wage": "6000", "start_date": yesterday}
        )
    assert info.value.errors["start_date"].msgid == "The start date cannot be in the past."
