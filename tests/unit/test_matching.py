from matching import JobProfile, SkillItem, WorkerProfile, rank, score

WELDER = WorkerProfile(skills=(SkillItem("电焊", "中级", 8),), home_township="511323101", expected_wage=6000)


def job(id=1, skills=("电焊",), township="511323101", wage=(6000, 8000), is_open=True, title="电焊工"):
    return JobProfile(id=id, title=title, skills=skills, township=township, wage_min=wage[0], wage_max=wage[1], is_open=is_open)


def test_a_welder_fits_a_welding_job_at_home_and_is_told_why():
    result = score(WELDER, job())
    reasons = {c.name: c.reason for c in result.components}
    assert result.is_eligible and result.total >= 90
    assert reasons == {"skill": "skill_match", "wage": "wage_meets", "place": "place_home"}


def test_a_wage_below_expectation_names_the_gap():
    result = score(WELDER, job(wage=(4000, 5500)))
    wage = next(c for c in result.components if c.name == "wage")
    assert not wage.is_good and wage.reason == "wage_below" and wage.params["gap"] == 500


def test_a_job_in_another_trade_scores_low_and_names_the_missing_skill():
    result = score(WELDER, job(skills=("缝纫",), title="缝纫工"))
    skill = next(c for c in result.components if c.name == "skill")
    assert skill.score == 0 and skill.params["missing"] == ["缝纫"]
    assert result.total < score(WELDER, job()).total - 40


def test_traditional_and_longer_trade_names_still_match():
    assert score(WELDER, job(skills=("電焊",))).components[0].reason == "skill_match"
    assert score(WELDER, job(skills=("电焊工",))).components[0].is_good


def test_a_worker_who_stays_in_the_home_township_is_not_offered_jobs_elsewhere():
    homebound = WorkerProfile(skills=WELDER.skills, home_township="511323101", expected_wage=6000, work_area="township")
    result = score(homebound, job(township="511323102"))
    assert not result.is_eligible and result.excluded_because == "outside_home_township"


def test_closed_jobs_are_never_ranked():
    ranked = rank(WELDER, [job(id=1, is_open=False), job(id=2, township="511323102")])
    assert [j.id for j, _ in ranked] == [2]


def test_rank_puts_the_best_fit_first():
    jobs = [job(id=1, wage=(4000, 5000)), job(id=2), job(id=3, township="511323102"), job(id=4, skills=("缝纫",))]
    assert [j.id for j, _ in rank(WELDER, jobs)] == [2, 3, 1]


def test_a_job_with_no_skill_in_common_is_not_a_match_however_good_the_wage():
    rich = score(WELDER, job(skills=("缝纫",), title="缝纫工", wage=(9000, 12000)))
    assert not rich.is_eligible and rich.excluded_because == "no_skill_in_common"
    assert rank(WELDER, [job(id=1, skills=("缝纫",), wage=(9000, 12000))]) == []


def test_one_character_is_not_a_trade():
    one = WorkerProfile(skills=(SkillItem("工"),), home_township="511323101", expected_wage=5000)
    assert not score(one, job(skills=("木工",))).is_eligible
