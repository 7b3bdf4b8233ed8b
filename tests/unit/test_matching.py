"""The matcher's components, hard filters and ranking, on the cases that go wrong in practice."""

import datetime as dt
from functools import cache

import pytest

from matching import (
    Certificate,
    Context,
    JobProfile,
    Places,
    SkillItem,
    WorkerProfile,
    rank,
    rank_workers,
    score,
)
from portal.vocabulary.trades import build
from search.lexicon import read_groups

TODAY = dt.date(2026, 12, 1)
CTX = Context(TODAY)
HOME, OTHER = "511323101", "511323102"
# 焊工; 机械加工材料切割工 (the same minor group, 6-18-02); 砌筑工; 缝纫工.
WELDING, CUTTING, MASONRY, SEWING = "6-18-02-04", "6-18-02-05", "6-29-01-01", "6-05-01-03"
WELD_CARD = "特种作业操作证（焊接与热切割作业）"


@cache
def vocabulary():
    return build(read_groups())


def read(text: str) -> str:
    return vocabulary().classify(text, limit=1)[0].code


def worker(*skills, **kw):
    values = dict(
        skills=skills or (SkillItem("电焊", "中级", 8, WELDING),),
        home_township=HOME,
        expected_wage=6000,
    )
    return WorkerProfile(**{**values, **kw})


def job(id=1, trades=(WELDING,), township=HOME, wage=(6000, 8000), **kw):
    return JobProfile(
        id=id,
        title="电焊工",
        trades=trades,
        township=township,
        wage_min=wage[0],
        wage_max=wage[1],
        **kw,
    )


def parts(result):
    return {c.name: c for c in result.components}


def test_a_welder_fits_a_welding_job_at_home_and_is_told_why():
    result = score(worker(), job(), CTX)
    reasons = {c.name: c.reason for c in result.components}
    assert result.is_eligible and result.total == 100
    assert reasons == {
        "skill": "skill_same",
        "wage": "wage_meets",
        "place": "place_home",
        "timing": "timing_ready",
    }


@pytest.mark.parametrize("typed", ["電焊", "电焊", "焊工", "电焊工", "电 焊"])
def test_a_skill_in_traditional_or_as_people_write_it_is_read_as_the_same_trade(typed):
    assert read(typed) == read("焊工")
    result = score(
        worker(SkillItem(typed, "中级", 5, read(typed))), job(trades=(read("电焊工"),)), CTX
    )
    assert parts(result)["skill"].reason == "skill_same"


@pytest.mark.parametrize(
    ("slang", "formal"),
    [
        ("挖机", "挖掘机司机"),
        ("钩机", "挖掘机驾驶员"),
        ("仓管", "仓库管理员"),
        ("护工", "医疗护理员"),
    ],
)
def test_a_skill_typed_as_slang_matches_the_formal_trade(slang, formal):
    result = score(worker(SkillItem(slang, code=read(slang))), job(trades=(read(formal),)), CTX)
    assert result.is_eligible and parts(result)["skill"].reason == "skill_same"


def test_electrician_and_welder_are_not_the_same_trade_though_the_names_share_two_characters():
    # rapidfuzz scores 电焊工 / 电工 80, as high as 电焊工 / 焊工; the classification does not.
    result = score(
        worker(SkillItem("电焊工", code=read("电焊工"))), job(trades=(read("电工"),)), CTX
    )
    assert parts(result).get("skill") is None or parts(result)["skill"].reason != "skill_same"


def test_a_related_trade_counts_less_than_the_same_trade():
    same = score(worker(), job(), CTX)
    related = score(worker(), job(trades=(CUTTING,)), CTX)
    assert related.is_eligible and parts(related)["skill"].reason == "skill_related"
    assert related.total < same.total


def test_a_worker_with_no_skills_listed_gets_only_jobs_that_take_beginners():
    blank = WorkerProfile(skills=(), home_township=HOME, expected_wage=4000)
    assert score(blank, job(), CTX).excluded_because == "no_skill_in_common"
    result = score(blank, job(takes_beginners=True), CTX)
    assert result.is_eligible and parts(result)["skill"].reason == "beginners_welcome"


def test_a_skill_the_vocabulary_could_not_read_matches_nothing_rather_than_guessing():
    unread = worker(SkillItem("会干活"))
    assert not score(unread, job(), CTX).is_eligible


def test_a_level_below_the_one_asked_costs_points_and_is_named_as_the_gap():
    junior = worker(SkillItem("电焊", "初级", 1, WELDING))
    result = score(junior, job(level="高级"), CTX)
    skill = parts(result)["skill"]
    assert result.is_eligible and skill.reason == "level_below" and skill.score == 70
    assert result.gap.kind == "level" and result.gap.names == ("高级",)


def test_years_stand_in_for_a_level_not_given():
    assert (
        parts(score(worker(SkillItem("电焊", "", 12, WELDING)), job(level="高级"), CTX))[
            "skill"
        ].score
        == 100
    )


def test_a_job_that_requires_a_licence_excludes_a_worker_without_it_and_names_the_gap():
    result = score(worker(), job(certificates=(WELD_CARD,)), CTX)
    assert not result.is_eligible and result.excluded_because == "missing_certificate"
    assert result.gap.kind == "certificate" and result.gap.names == (WELD_CARD,)


def test_a_valid_licence_opens_the_job_and_counts_as_a_plus():
    holder = worker(certificates=(Certificate(WELD_CARD, dt.date(2028, 1, 1)),))
    result = score(holder, job(certificates=(WELD_CARD,)), CTX)
    assert result.is_eligible and parts(result)["certificates"].reason == "certificates_held"


def test_a_worker_whose_certificate_expired_is_told_it_expired():
    lapsed = worker(certificates=(Certificate(WELD_CARD, dt.date(2026, 6, 30)),))
    result = score(lapsed, job(certificates=(WELD_CARD,)), CTX)
    assert not result.is_eligible
    assert parts(result)["certificates"].params["expired"] == [WELD_CARD]


def test_a_higher_driving_class_covers_a_lower_one_but_not_the_reverse():
    a2, b2 = "机动车驾驶证A2（重型牵引挂车）", "机动车驾驶证B2（大型货车）"
    driver = "4-02-02-02"  # 道路货运汽车驾驶员
    trucker = worker(SkillItem("货车司机", code=driver), certificates=(Certificate(a2),))
    car = worker(
        SkillItem("货车司机", code=driver),
        certificates=(Certificate("机动车驾驶证C1（小型汽车）"),),
    )
    assert score(trucker, job(trades=(driver,), certificates=(b2,)), CTX).is_eligible
    assert not score(car, job(trades=(driver,), certificates=(b2,)), CTX).is_eligible


def test_a_vacancy_with_no_wage_neither_helps_nor_hurts_and_says_so():
    result = score(worker(), job(wage=(0, 0)), CTX)
    wage = parts(result)["wage"]
    assert result.is_eligible and wage.reason == "wage_unstated" and wage.score == 50


def test_a_wage_below_expectation_names_the_gap_in_yuan():
    wage = parts(score(worker(), job(wage=(4000, 5500)), CTX))["wage"]
    assert not wage.is_good and wage.reason == "wage_below" and wage.params["gap"] == 500


def test_a_wage_range_that_only_reaches_the_expectation_at_its_top_scores_less_than_one_that_starts_there():
    assert parts(score(worker(), job(wage=(5000, 7000)), CTX))["wage"].score < 100


def test_a_worker_who_stays_in_the_home_township_is_not_offered_jobs_elsewhere():
    result = score(worker(work_area="township"), job(township=OTHER), CTX)
    assert not result.is_eligible and result.excluded_because == "outside_home_township"


def test_a_daily_commuter_has_far_places_scored_down_more_than_one_who_can_live_away():
    places = Places({HOME: (106.40, 31.03), OTHER: (106.50, 31.10)})  # about 12 km apart
    ctx = Context(TODAY, places)
    away = parts(score(worker(), job(township=OTHER), ctx))["place"]
    commuter = parts(score(worker(daily_commute=True), job(township=OTHER), ctx))["place"]
    assert (
        away.reason == commuter.reason == "place_km"
        and away.params["km"] == commuter.params["km"] == 12
    )
    assert commuter.score < away.score < 100 and not commuter.is_good


def test_another_township_without_coordinates_is_elsewhere_in_the_county():
    place = parts(score(worker(), job(township=OTHER), CTX))["place"]
    assert place.reason == "place_far" and place.params["km"] is None and place.score == 60


def test_a_job_starting_long_before_the_worker_comes_home_is_scored_down():
    spring = worker(available_from=dt.date(2027, 2, 20))
    timing = parts(score(spring, job(start_date=dt.date(2026, 12, 10)), CTX))["timing"]
    assert timing.reason == "timing_later" and timing.params["days"] == 72 and not timing.is_good
    assert parts(score(spring, job(start_date=dt.date(2027, 2, 15)), CTX))["timing"].score == 100


def test_benefits_count_only_when_the_worker_asked_for_them():
    assert "benefits" not in parts(score(worker(), job(), CTX))
    asked = worker(wants_housing=True, wants_meals=True)
    benefits = parts(score(asked, job(has_meals=True), CTX))["benefits"]
    assert benefits.score == 50 and benefits.params == {"given": ["meals"], "missing": ["housing"]}


def test_a_worker_over_50_prefers_employers_who_welcome_them():
    older = worker(birth_year=1970)
    welcome, silent = score(older, job(accepts_over_50=True), CTX), score(older, job(), CTX)
    assert parts(welcome)["age"].reason == "over_50_welcome" and welcome.total > silent.total
    assert "age" not in parts(score(worker(birth_year=1990), job(), CTX))


def test_a_stated_age_limit_keeps_older_workers_out_and_says_why():
    limited = job(max_age=45)
    assert (
        score(worker(birth_year=1975), limited, CTX).excluded_because == "over_age_limit"
    )  # 51 this year
    assert score(worker(birth_year=1985), limited, CTX).is_eligible
    assert score(worker(birth_year=0), limited, CTX).is_eligible  # age unknown: not kept out


def test_closed_jobs_are_never_ranked():
    ranked = rank(worker(), [job(id=1, is_open=False), job(id=2, township=OTHER)], CTX)
    assert [j.id for j, _ in ranked] == [2]


def test_rank_puts_the_best_fit_first():
    jobs = [
        job(id=1, wage=(3000, 4000)),
        job(id=2),
        job(id=3, township=OTHER),
        job(id=4, trades=(SEWING,)),
    ]
    assert [j.id for j, _ in rank(worker(), jobs, CTX)] == [2, 3, 1]


def test_rank_workers_puts_the_holder_of_the_trade_before_a_related_one():
    welder, cutter = worker(id=1), worker(SkillItem("切割工", "中级", 5, CUTTING), id=2)
    mason = worker(SkillItem("泥瓦工", "中级", 5, MASONRY), id=3)
    assert [w.id for w, _ in rank_workers(job(), [mason, cutter, welder], CTX)] == [1, 2]


def test_a_job_with_no_skill_in_common_is_not_a_match_however_good_the_wage():
    rich = score(worker(), job(trades=(SEWING,), wage=(9000, 12000)), CTX)
    assert not rich.is_eligible and rich.excluded_because == "no_skill_in_common"
