"""The fit in words means what it says, on the graded pairs written apart from the matcher
(tests/match_eval/pairs.json): "很合适" is nearly always a good match, "比较合适" mostly a match with
one soft shortfall at worst, and "可以看看" never hides a good match."""

import datetime as dt
import json

import matching
from tests.match_eval import evaluate as pairs


def _bands() -> dict[str, list[int]]:
    data = json.loads(pairs.DATA.read_text(encoding="utf-8"))
    ctx = matching.Context(dt.date.fromisoformat(data["as_of"]))
    jobs = {j["key"]: pairs.job(j, i) for i, j in enumerate(data["jobs"], 1)}
    key_of = {p.id: k for k, p in jobs.items()}
    graded = {(g["worker"], g["job"]): g["grade"] for g in data["grades"]}
    bands: dict[str, list[int]] = {"very": [], "good": [], "maybe": []}
    for i, w in enumerate(data["workers"], 1):
        profile = pairs.worker(w, i)
        for job, score in matching.rank(profile, list(jobs.values()), ctx, limit=10_000):
            grade = graded.get((w["key"], key_of[job.id]), 0)
            bands[matching.fit_band(score.total)].append(grade)
    return bands


def test_the_words_for_a_fit_match_the_grades():
    bands = _bands()
    share = {b: sum(g >= 2 for g in grades) / len(grades) for b, grades in bands.items()}
    assert len(bands["very"]) >= 20 and share["very"] >= 0.9
    assert share["good"] >= 0.6
    assert sum(g == 3 for g in bands["maybe"]) == 0  # no good match called "worth a look"
