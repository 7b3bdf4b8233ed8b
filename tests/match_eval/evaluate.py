"""NDCG@10 of the matcher on the graded worker-vacancy pairs in pairs.json, beside two baselines.

    .venv/bin/python -m tests.match_eval.evaluate

The pairs were written and graded by written rules (in the file) apart from the matcher's code.
Profiles are built as the portal builds them: skill names and titles read through the trade
vocabulary, licence names folded to the vocabulary's canonical names, beginner words read from the
post. Baselines, in the same run: rapidfuzz ``fuzz.ratio`` between the worker's skill text and the
vacancy's title and skills (the naive matcher), and a random order (the mean of 50 shuffles).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from rapidfuzz import fuzz

import matching
from matching.text import fold
from portal.jobs.service import SURE_READING, takes_beginners
from portal.matches.service import job_profile
from portal.reference import find_township
from portal.vocabulary.trades import build
from portal.workers.service import SKILL_SURE
from search.lexicon import Lexicon

DATA = Path(__file__).resolve().parent / "pairs.json"
K = 10


@cache
def tools():
    lexicon = Lexicon.load()
    return lexicon, build(lexicon.groups)


def _code(text: str, sure: float) -> str:
    best = tools()[1].classify(text, limit=1)
    return best[0].code if best and best[0].confidence >= sure else ""


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def worker(item: dict, n: int) -> matching.WorkerProfile:
    lexicon = tools()[0]
    return matching.WorkerProfile(
        id=n,
        home_township=find_township(item["home_township"]).code,
        expected_wage=item["expected_wage"],
        work_area=item["work_area"],
        daily_commute=item["daily_commute"],
        wants_housing=item["wants_housing"],
        wants_meals=item["wants_meals"],
        available_from=_date(item["available_from"]),
        birth_year=item["birth_year"],
        skills=tuple(
            matching.SkillItem(s["name"], s["level"], s["years"], _code(s["name"], SKILL_SURE))
            for s in item["skills"]
        ),
        certificates=tuple(
            matching.Certificate(lexicon.canonical(c["name"], "certificate"), _date(c["expires"]))
            for c in item["certificates"]
        ),
    )


def job(item: dict, n: int) -> matching.JobProfile:
    lexicon, trades = tools()
    post = item.get("note", "").split(" | case:")[0]
    row = SimpleNamespace(
        id=n,
        title=item["title"],
        description=post,
        trade_code=_code(item["title"], SURE_READING),
        skills=item["skills"],
        township_code=find_township(item["township"]).code,
        wage_min=item["wage_min"] or 0,
        wage_max=item["wage_max"] or 0,
        status="published" if item["is_open"] else "closed",
        headcount=item["headcount"],
        certificates=item["certificates_required"],
        level=item["level"],
        start_date=_date(item["start_date"]),
        takes_beginners=takes_beginners(False, item["title"], post),
        has_housing=item["has_housing"],
        has_meals=item["has_meals"],
        accepts_over_50=item["accepts_over_50"],
        wage_unit="month",
        age_max=0,
    )
    return job_profile(row, trades, lexicon)


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    gain = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def _text(skills: list[str]) -> str:
    return fold(" ".join(skills))


def evaluate(seed: int = 7) -> dict[str, dict[str, float]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    ctx = matching.Context(dt.date.fromisoformat(data["as_of"]))
    workers = {w["key"]: (worker(w, i), w) for i, w in enumerate(data["workers"], 1)}
    jobs = {j["key"]: (job(j, i), j) for i, j in enumerate(data["jobs"], 1)}
    graded: dict[tuple[str, str], int] = {
        (g["worker"], g["job"]): g["grade"] for g in data["grades"]
    }
    rng = random.Random(seed)
    out = {"jobs for a worker": {}, "workers for a job": {}}
    for direction, subjects, objects in (
        ("jobs for a worker", workers, jobs),
        ("workers for a job", jobs, workers),
    ):
        scores = {"matcher": [], "rapidfuzz": [], "random": []}
        for key, (profile, item) in subjects.items():
            forward = direction == "jobs for a worker"
            grades = {o: graded.get((key, o) if forward else (o, key), 0) for o in objects}
            if not any(grades.values()):
                continue  # nothing relevant to rank (a closed job): no score either way
            scores["matcher"].append(ndcg(_matcher_order(direction, profile, objects, ctx), grades))
            scores["rapidfuzz"].append(ndcg(_text_order(direction, item, objects), grades))
            keys = list(objects)
            shuffles = []
            for _ in range(50):
                rng.shuffle(keys)
                shuffles.append(ndcg(keys, grades))
            scores["random"].append(sum(shuffles) / len(shuffles))
        out[direction] = {name: sum(v) / len(v) for name, v in scores.items()} | {
            "queries": len(scores["matcher"])
        }
    return out


def _matcher_order(direction, profile, objects, ctx) -> list[str]:
    if direction == "jobs for a worker":
        by_id = {p.id: key for key, (p, _) in objects.items()}
        return [
            by_id[j.id]
            for j, _ in matching.rank(profile, [p for p, _ in objects.values()], ctx, limit=K)
        ]
    by_id = {p.id: key for key, (p, _) in objects.items()}
    return [
        by_id[w.id]
        for w, _ in matching.rank_workers(profile, [p for p, _ in objects.values()], ctx, limit=K)
    ]


def _text_order(direction, item, objects) -> list[str]:
    """The naive matcher: the skill text against the vacancy's title and skills, fuzz.ratio."""

    def text_of(entry, is_worker):
        return (
            _text([s["name"] for s in entry["skills"]])
            if is_worker
            else _text([entry["title"], *entry["skills"]])
        )

    mine = text_of(item, direction == "jobs for a worker")
    scored = [
        (fuzz.ratio(mine, text_of(entry, direction != "jobs for a worker")), key)
        for key, (_, entry) in objects.items()
    ]
    return [key for _, key in sorted(scored, key=lambda s: (-s[0], s[1]))]


def main() -> None:
    result = evaluate()
    print(f"NDCG@{K} on {DATA.name} (graded 0-3 by written rules)")
    print(f"{'direction':<20}{'queries':>8}{'matcher':>10}{'rapidfuzz':>11}{'random':>9}")
    for direction, row in result.items():
        print(
            f"{direction:<20}{row['queries']:>8}{row['matcher']:>10.3f}{row['rapidfuzz']:>11.3f}{row['random']:>9.3f}"
        )


if __name__ == "__main__":
    main()
