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


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("🔥钢筋工 日结💰 350/天", "钢筋工"),
        ("四川某建筑劳务有限公司 抹灰工 大工 包吃住", "抹灰工"),
        ("城乡公交司机 A3 上四休二", "城乡公交司机"),
        ("焊工 二保焊 薪资8-12K", "焊工二保焊"),
    ],
)
def test_company_place_wage_shift_emoji_and_rank_are_stripped(title, core):
    assert strip_boilerplate(title) == core


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("找师傅贴瓷砖 按平方算", "6-29-04-01"),
        ("修空调 上门 旺季提成高", "4-12-03-01"),
        ("开压路机 市政道路项目 日结", "6-29-02-03"),
        ("注塑工 12小时两班倒", "6-14-02-00"),
    ],
)
def test_work_named_as_a_verb_phrase_is_read_as_its_trade(vocabulary, title, code):
    assert vocabulary.classify(title)[0].code == code


def test_engineering_technicians_do_not_win_blue_collar_titles(vocabulary):
    assert not vocabulary.classify("电子厂普工 两班倒 包吃住")[0].code.startswith("2-02-")
    assert vocabulary.classify("开压路机 市政道路项目")[0].code == "6-29-02-03"  # not 市政设计
    assert vocabulary.classify("预算员 造价员 广联达")[0].code.startswith("2-02-")


def test_a_name_typed_exactly_is_certain_and_a_guess_is_not(vocabulary):
    assert vocabulary.classify("钢筋工")[0].confidence == 1.0
    assert all(m.confidence < 0.75 for m in vocabulary.classify("哪样都会干"))


def test_text_naming_no_trade_gives_no_match(vocabulary):
    assert vocabulary.classify("") == [] and vocabulary.classify("急招 包吃住") == []
    assert vocabulary.classify("x" * 5000) == []


def test_the_occupations_are_all_there():
    base = TradeVocabulary.load()
    assert len(base.by_code) == 1634 - 2  # two codes the file lists twice
