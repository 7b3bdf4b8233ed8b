"""Reading a free-text title as a trade of the 2022 classification."""

import pytest

from matching.trades import TradeVocabulary, strip_boilerplate
from portal.vocabulary.trades import build
from search.lexicon import read_groups


@pytest.fixture(scope="module")
def vocabulary():
    return build(read_groups())


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("急招电焊工师傅（包吃住）", "电焊工"),
        ("【长期】钢筋工若干名 18-55岁", "钢筋工"),
        ("CNC操机员（加工中心）", "cnc操机员"),
        ("高薪诚聘：月薪8000+ 叉车司机", "叉车司机"),
        ("（包吃住）", ""),
    ],
)
def test_boilerplate_is_stripped_from_a_title(title, core):
    assert strip_boilerplate(title) == core


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("急招电焊工师傅（包吃住）", "6-18-02-04"),
        ("電焊工", "6-18-02-04"),
        ("挖机师傅", "6-30-05-05"),
        ("钩机手", "6-30-05-05"),
        ("外卖骑手", "4-10-08-01"),
        ("仓管", "4-02-06-01"),
        ("护工", "4-14-01-02"),
        ("ＣＮＣ加工中心操机", "6-18-01-07"),
    ],
)
def test_a_title_in_the_words_people_use_finds_its_trade(vocabulary, title, code):
    assert vocabulary.classify(title)[0].code == code


def test_a_name_typed_exactly_is_certain_and_a_guess_is_not(vocabulary):
    assert vocabulary.classify("钢筋工")[0].confidence == 1.0
    assert all(m.confidence < 0.75 for m in vocabulary.classify("哪样都会干"))


def test_text_naming_no_trade_gives_no_match(vocabulary):
    assert vocabulary.classify("") == [] and vocabulary.classify("急招 包吃住") == []
    assert vocabulary.classify("x" * 5000) == []


def test_the_occupations_are_all_there():
    base = TradeVocabulary.load()
    assert len(base.by_code) == 1634 - 2  # two codes the file lists twice
