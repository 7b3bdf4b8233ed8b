import pytest

from portal.security import (
    clean_credit_code,
    clean_id_number,
    clean_phone,
    mask_id_number,
    mask_name,
    sign,
    unsign,
)


def test_mobile_numbers_are_accepted_as_people_type_them():
    assert clean_phone("138 1234 5678") == "13812345678"
    assert clean_phone("＋86１３８１２３４５６７８") == "13812345678"
    assert clean_phone("12812345678") is None
    assert clean_phone("1381234567") is None


def test_id_numbers_are_checked_digit_by_digit():
    assert clean_id_number("11010519491231002x") == "11010519491231002X"
    assert clean_id_number("110105194912310021") is None  # wrong check digit
    assert clean_id_number("110105194913310026") is None  # no 13th month
    assert clean_id_number("11010519491231002") is None


def test_a_pengan_number_issued_after_1993_to_an_older_worker_is_valid():
    # python-stdnum's is_valid rejects 511323 for births before 1993; real cards carry it.
    body = "51132319750319866"
    from stdnum.cn import ric

    assert clean_id_number(body + ric.calc_check_digit(body + "0"))


def test_masks_hide_what_identifies():
    assert mask_id_number("511323197503198666") == "511323********8666"
    assert mask_name("张国栋") == "张*栋" and mask_name("李华") == "李*"


def test_signed_tokens_cannot_be_forged_or_moved():
    token = sign("secret-secret-secret", "contract", "42")
    assert unsign("secret-secret-secret", "contract", token) == "42"
    assert unsign("secret-secret-secret", "contract", token.replace("42.", "43.")) is None
    assert unsign("secret-secret-secret", "other", token) is None
    assert unsign("another-secret-value", "contract", token) is None


@pytest.mark.parametrize("token", ["合同.签名", "42.é", "4２.abc", "\u202e42.x", "42.\x00"])
def test_a_token_with_characters_no_token_carries_is_simply_not_valid(token):
    assert unsign("secret-secret-secret", "contract", token) is None


# Real-form codes: registered in Peng'an (9151 1323 ...), check characters computed by the standard.
PENGAN_CODE = "91511323MA6X0Q1231"


@pytest.mark.parametrize(
    "typed",
    [
        PENGAN_CODE,
        PENGAN_CODE.lower(),
        "９１５１１３２３ＭＡ６Ｘ０Ｑ１２３１",
        "9151 1323 MA6X 0Q12 31",
        "91511323-MA6X0Q123-1",
    ],
)
def test_a_credit_code_typed_as_people_type_it_is_accepted_in_one_form(typed):
    assert clean_credit_code(typed) == PENGAN_CODE


@pytest.mark.parametrize(
    "typed",
    [
        "91511323MA6X0Q1232",  # one character changed: the check fails
        "91511323MA6X0Q123",
        "91511323MA6X0Q12311",  # too short, too long
        "91511323MA6X0O1231",  # O is not in the alphabet
        "",
        "统一社会信用代码",
        "x" * 200,
    ],
)
def test_a_wrong_credit_code_is_refused(typed):
    assert clean_credit_code(typed) is None
