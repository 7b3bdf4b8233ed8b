import pytest

from search import filters
from search.normalize import normalize


def test_a_quote_in_a_value_stays_inside_the_string():
    clause = filters.eq("township_code", 'x" OR township_code = "y')
    assert clause == 'township_code = "x\\" OR township_code = \\"y"'


def test_sql_style_injection_is_just_text():
    assert filters.eq("township_code", "x OR 1=1") == 'township_code = "x OR 1=1"'


def test_field_names_cannot_carry_expressions():
    with pytest.raises(ValueError):
        filters.eq("township_code OR 1", "x")


def test_ranges_take_numbers_only():
    with pytest.raises(TypeError):
        filters.gte("wage_max", "1 OR 1")
    assert filters.all_of(filters.gte("wage_max", 5000), None) == "(wage_max >= 5000)"


def test_normal_form_is_simplified_half_width_and_case_folded():
    assert normalize("電焊 ＡＢＣ") == "电焊 abc"
    assert normalize("返鄉創業") == normalize("返乡创业")
    assert normalize("a\x00b\u200bc") == "a b c"


def test_a_child_server_key_can_never_be_read_as_an_option():
    from pathlib import Path

    from search.server import MeiliServer

    keys = {MeiliServer("meilisearch", Path("/nonexistent")).master_key for _ in range(2000)}
    assert not any(k.startswith("-") for k in keys) and len(keys) == 2000
