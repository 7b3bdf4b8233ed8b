"""Reading a query through the vocabulary: pinyin, homophone typos, wage figures, stop words."""

import pytest

from search.highlight import POST, PRE, segments
from search.lexicon import Group, Lexicon, merge, read_groups, read_stopwords
from search.normalize import normalize
from search.pinyin import split_syllables

GROUPS = [
    Group("trade", "焊工", ("焊工", "电焊工", "电焊", "烧焊")),
    Group("trade", "仓库管理员", ("仓库管理员", "仓管", "库管")),
    Group("trade", "叉车司机", ("叉车司机", "叉车工", "叉车")),
    Group("trade", "厨师", ("厨师", "大厨")),
    Group("trade", "视频剪辑", ("视频剪辑", "视频")),
    Group("policy", "返乡", ("返乡", "回乡", "回老家")),
    Group("policy", "补贴", ("补贴", "补助")),
]


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon(GROUPS, read_stopwords(), ("金溪镇", "金溪"))


def read(lexicon, q):
    return lexicon.read(normalize(q))


@pytest.mark.parametrize("typed", ["dianhan", "dian han", "DianHan", "ｄｉａｎｈａｎ", "電焊"])
def test_pinyin_and_traditional_read_as_the_trade(lexicon, typed):
    assert read(lexicon, typed).text == "电焊"


@pytest.mark.parametrize(("typed", "meant"), [("电汗", "电焊"), ("差车", "叉车"), ("除师", "厨师")])
def test_a_homophone_typo_is_read_as_the_trade_and_reported(lexicon, typed, meant):
    r = read(lexicon, typed)
    assert r.text == meant and r.corrected == ((typed, meant),)


def test_a_real_word_that_sounds_like_a_trade_is_taken_as_typed(lexicon):
    # 食品 (shipin) sounds like 视频 (shipin): a common word is meant as typed.
    assert read(lexicon, "食品加工").text == "食品 加工"


@pytest.mark.parametrize(
    ("typed", "text", "wage"),
    [
        ("月薪6000 电焊", "电焊", 6000),
        ("叉车5000以上", "叉车", 5000),
        ("电焊 工资8000元", "电焊", 8000),
        ("a2司机", "司机 a2", None),
        ("2026年 电焊", "电焊 年 2026", None),
        ("电焊 99999999", "电焊 99999999", None),
    ],
)
def test_a_wage_figure_becomes_a_filter_and_other_numbers_stay_text(lexicon, typed, text, wage):
    r = read(lexicon, typed)
    assert (r.text, r.wage_min) == (text, wage)


def test_question_words_are_dropped_and_vocabulary_words_come_first(lexicon):
    # Meilisearch drops words from the end when no document has them all: the meaning goes first.
    assert read(lexicon, "回老家开店有没有补贴").text == "回老家 补贴 开店"
    assert read(lexicon, "12333 怎么领补贴").text == "补贴 领 12333"


def test_a_place_name_in_pinyin_is_read(lexicon):
    assert read(lexicon, "jinxi dianhan").text == "电焊 金溪"


def test_what_is_not_pinyin_is_kept(lexicon):
    assert read(lexicon, "CNC").text == "cnc"
    assert split_syllables("cnc") is None
    assert split_syllables("xian") == ("xian",)


def test_groups_sharing_a_word_merge(lexicon):
    merged = merge([*GROUPS, Group("trade", "焊把子", ("焊把子", "电焊"), origin="staff")])
    welding = next(g for g in merged if "焊工" in g.terms)
    assert "焊把子" in welding.terms and len(merged) == len(GROUPS)


def test_synonyms_map_every_word_to_the_rest_of_its_group(lexicon):
    synonyms = lexicon.synonyms()
    assert set(synonyms["仓管"]) == {"仓库管理员", "库管"}
    assert "仓管" not in synonyms["仓管"]


def test_sub_words_of_a_title_are_found_for_the_index(lexicon):
    assert "焊工" in lexicon.words_in("氩弧焊工（急招）")
    assert {"电焊", "焊工"} <= set(lexicon.words_in("电焊工"))


def test_the_shipped_vocabulary_is_strict_and_large_enough():
    groups = read_groups()
    terms = [t for g in groups for t in g.terms]
    assert len(terms) == len(set(terms)), "a word in two groups would merge them"
    assert sum(g.kind == "trade" for g in groups) >= 60
    assert all(t == normalize(t) and 2 <= len(t) <= 10 for t in terms)


def test_nearest_trades_are_suggested_for_a_query_that_found_nothing(lexicon):
    assert "焊工" in lexicon.nearest("电焊师付")


def test_highlights_move_back_onto_the_text_as_written():
    assert segments("電焊工（熟練）", f"{PRE}电焊{POST}工(熟练)") == [
        ("電焊", True),
        ("工（熟練）", False),
    ]
    assert segments("ABC", f"{PRE}abcd{POST}") == [("ABC", False)]  # lengths differ: mark nothing
    assert segments("电焊工", None) == [("电焊工", False)]
