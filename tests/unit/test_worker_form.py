"""What an archive's ID number says by itself: the birth year and the gender."""

import pytest

from portal.workers.form import gender_of
from portal.workers.service import birth_year_of


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("11010519491231002X", 1949),
        ("11010519491231002x", 1949),  # a lower-case check character is read as upper case
        (" 110105 19491231002X ", 1949),  # spaces as people type them
        ("１１０１０５１９４９１２３１００２Ｘ", 1949),  # full-width digits
        ("110105194912310021", None),  # a wrong check digit
        ("123", None),
        ("", None),
        (None, None),
        (110105194912310020, None),  # not text
    ],
)
def test_the_birth_year_is_read_from_a_valid_id_number_only(typed, year):
    assert birth_year_of(typed) == year


def test_the_seventeenth_digit_says_the_gender():
    assert gender_of("11010519491231002X") == "女"
    assert gender_of("11010519491231001X"[:16] + "1" + "X") == "男"


def test_an_archive_without_a_birth_year_takes_the_one_its_id_number_carries():
    from portal.workers.form import parse_worker_form

    form = parse_worker_form(
        {
            "name": "王秀英",
            "phone": "13900000001",
            "id_number": "11010519491231002X",
            "home_township": "锦屏镇",
            "expected_wage": 4000,
            "consent": True,
        }
    )
    assert (form.birth_year, form.gender) == (1949, "女")
