"""What the matcher reads out of a posting's words: age limits and "no experience needed"."""

import pytest

from portal.jobs.service import age_limit, takes_beginners


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("厨房帮工（无经验可学，限45岁以下）", 45),
        ("年龄18-45岁，男女不限", 45),
        ("50周岁以内，身体健康", 50),
        ("18至55岁", 55),
        ("年齡18～40歲", 40),
        ("限４５岁", 45),
        ("月薪4500元", 0),
        ("工作45天结算", 0),
        ("限男性", 0),
        ("欢迎50岁以上", 0),
        ("", 0),
    ],
)
def test_a_stated_upper_age_limit_is_read_whatever_the_wording(text, limit):
    assert age_limit(text) == limit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("包装工，无经验可，包教包会", True),
        ("可带学徒", True),
        ("零基础可學", True),
        ("熟练电焊工，持证上岗", False),
    ],
)
def test_no_experience_needed_is_read_from_the_posting(text, expected):
    assert takes_beginners(False, text) is expected
