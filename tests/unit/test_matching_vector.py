"""The array scorer gives exactly the reference scorer's totals and order, on random county data."""

import datetime as dt
import random

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
)
from matching.vector import Matcher

TODAY = dt.date(2026, 12, 1)
CODES = [
    "6-18-02-04",
    "6-18-02-05",
    "6-18-03-01",
    "6-29-01-01",
    "6-29-01-02",
    "6-29-02-01",
    "4-02-02-01",
    "5-02-01-01",
    "",
]
TOWNS = [f"5113231{i:02d}" for i in range(6)]
LICENCES = [
    "特种作业操作证（焊接与热切割作业）",
    "机动车驾驶证A2（重型牵引挂车）",
    "机动车驾驶证B2（大型货车）",
    "机动车驾驶证C1（小型汽车）",
    "从业人员健康证明",
]
PLACES = Places({t: (106.4 + 0.05 * i, 31.0 + 0.03 * i) for i, t in enumerate(TOWNS[:4])})


def some_date(rng):
    return rng.choice(
        [None, TODAY - dt.timedelta(days=40), TODAY + dt.timedelta(days=rng.randint(0, 200))]
    )


def random_worker(rng, id):
    skills = tuple(
        SkillItem(
            "x", rng.choice(["", "初级", "中级", "高级"]), rng.randint(0, 15), rng.choice(CODES)
        )
        for _ in range(rng.randint(0, 3))
    )
    certs = tuple(
        Certificate(
            rng.choice(LICENCES),
            rng.choice([None, TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=9)]),
        )
        for _ in range(rng.randint(0, 2))
    )
    return WorkerProfile(
        skills=skills,
        home_township=rng.choice(TOWNS),
        expected_wage=rng.choice([0, 3000, 4500, 6000, 9000]),
        work_area=rng.choice(["township", "county", "anywhere"]),
        certificates=certs,
        id=id,
        daily_commute=rng.random() < 0.3,
        wants_housing=rng.random() < 0.4,
        wants_meals=rng.random() < 0.4,
        available_from=some_date(rng),
        birth_year=rng.choice([0, 1965, 1972, 1980, 1995]),
    )


def random_job(rng, id):
    low = rng.choice([0, 3000, 4000, 5500, 7000])
    return JobProfile(
        id=id,
        title="t",
        trades=tuple(rng.sample(CODES[:-1], rng.randint(0, 2))),
        township=rng.choice(TOWNS),
        wage_min=low,
        wage_max=low + rng.choice([0, 1000, 2500]) if low else 0,
        is_open=rng.random() < 0.9,
        certificates=tuple(rng.sample(LICENCES, rng.choice([0, 0, 1]))),
        level=rng.choice(["", "", "中级", "高级"]),
        takes_beginners=rng.random() < 0.15,
        start_date=some_date(rng),
        has_housing=rng.random() < 0.5,
        has_meals=rng.random() < 0.5,
        accepts_over_50=rng.random() < 0.3,
        max_age=rng.choice([0, 0, 0, 45, 55]),
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_arrays_and_reference_agree_in_both_directions_and_for_everyone(seed):
    rng = random.Random(seed)
    ctx = Context(TODAY, PLACES)
    workers = [random_worker(rng, i) for i in range(1, 151)]
    jobs = [random_job(rng, i) for i in range(1, 61)]
    matcher = Matcher.build(ctx, workers, jobs)
    everyone = matcher.top_all(limit=5)
    for w in workers:
        expected = [(j.id, s.total) for j, s in rank(w, jobs, ctx, limit=5)]
        assert matcher.best_jobs(w, limit=5) == expected
        assert everyone[w.id] == expected
    for j in jobs:
        assert matcher.best_workers(j, limit=5) == [
            (w.id, s.total) for w, s in rank_workers(j, workers, ctx, limit=5)
        ]


def test_an_archive_changed_in_place_is_scored_as_it_is_now():
    rng = random.Random(9)
    ctx = Context(TODAY)
    workers = [random_worker(rng, i) for i in range(1, 40)]
    jobs = [random_job(rng, i) for i in range(1, 30)]
    matcher = Matcher.build(ctx, workers, jobs)
    changed = WorkerProfile(
        skills=(SkillItem("焊工", "高级", 10, CODES[0]),),
        home_township=TOWNS[0],
        expected_wage=3000,
        id=5,
    )
    workers[4] = changed
    matcher.workers.upsert(changed)
    closed = JobProfile(**{**jobs[0].__dict__, "is_open": False})
    jobs[0] = closed
    matcher.jobs.upsert(closed)
    assert matcher.best_jobs(changed) == [(j.id, s.total) for j, s in rank(changed, jobs, ctx)]
    for j in jobs[1:]:
        assert matcher.best_workers(j) == [
            (w.id, s.total) for w, s in rank_workers(j, workers, ctx)
        ]


def test_an_empty_side_gives_no_matches_rather_than_a_crash():
    ctx = Context(TODAY)
    worker = WorkerProfile(
        skills=(SkillItem("焊工", code=CODES[0]),), home_township=TOWNS[0], expected_wage=3000, id=1
    )
    job = JobProfile(
        id=1, title="t", trades=(CODES[0],), township=TOWNS[0], wage_min=4000, wage_max=5000
    )
    assert Matcher.build(ctx, [worker], []).best_jobs(worker) == []
    assert Matcher.build(ctx, [], [job]).best_workers(job) == []
    assert Matcher.build(ctx, [], []).top_all() == {}


def test_a_job_of_a_trade_no_worker_has_finds_no_one():
    ctx = Context(TODAY)
    worker = WorkerProfile(
        skills=(SkillItem("焊工", code=CODES[0]),), home_township=TOWNS[0], expected_wage=3000, id=1
    )
    matcher = Matcher.build(ctx, [worker], [])
    matcher.top_all()  # the worker groups are built now
    newcomer = JobProfile(
        id=9, title="t", trades=("9-99-99-99",), township=TOWNS[1], wage_min=4000, wage_max=5000
    )
    assert matcher.best_workers(newcomer) == []
    assert matcher.top_all() == {1: []}


def test_many_licence_names_widen_the_masks_and_still_agree():
    rng = random.Random(11)
    ctx = Context(TODAY)
    names = [f"特种证{i}" for i in range(150)]
    workers = [
        WorkerProfile(
            skills=(SkillItem("x", code=CODES[i % 3]),),
            home_township=TOWNS[0],
            expected_wage=3000,
            id=i,
            certificates=tuple(Certificate(n) for n in rng.sample(names, 3)),
        )
        for i in range(1, 80)
    ]
    jobs = [
        JobProfile(
            id=i,
            title="t",
            trades=(CODES[i % 3],),
            township=TOWNS[0],
            wage_min=4000,
            wage_max=5000,
            certificates=(names[(i * 7) % 150],),
        )
        for i in range(1, 40)
    ]
    matcher = Matcher.build(ctx, workers[:40], jobs[:20])
    for w in workers[40:]:
        matcher.workers.upsert(w)  # new names arrive after the first tables were built
    for j in jobs[20:]:
        matcher.jobs.upsert(j)
    for j in jobs:
        assert matcher.best_workers(j) == [
            (w.id, s.total) for w, s in rank_workers(j, workers, ctx)
        ]
