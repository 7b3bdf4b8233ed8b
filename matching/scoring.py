"""score(): one worker against one job; rank(): the best jobs for a worker."""

from __future__ import annotations

from collections.abc import Iterable

from .text import skill_similarity
from .types import Component, JobProfile, MatchScore, WorkerProfile
from .weights import SKILL_COVERED, WEIGHTS

_LEVEL_BONUS = {"高级": 10, "中级": 5}


def _skill(worker: WorkerProfile, job: JobProfile) -> Component:
    wanted = job.skills or (job.title,)
    covered, missing, points = [], [], []
    for want in wanted:
        best_score, best_item = 0, None
        for item in worker.skills:
            sim = skill_similarity(item.name, want)
            if sim > best_score:
                best_score, best_item = sim, item
        if best_item is not None and best_score >= SKILL_COVERED:
            bonus = _LEVEL_BONUS.get(best_item.level, 0) + min(best_item.years, 5)
            points.append(min(100, best_score + bonus))
            covered.append(want)
        else:
            points.append(0)
            missing.append(want)
    value = round(sum(points) / len(points))
    if covered:
        return Component("skill", value, not missing, "skill_match", {"covered": covered, "missing": missing})
    return Component("skill", 0, False, "skill_none", {"missing": missing})


def _wage(worker: WorkerProfile, job: JobProfile) -> Component:
    expected = max(worker.expected_wage, 1)
    if job.wage_min >= expected:
        return Component("wage", 100, True, "wage_meets", {"wage_min": job.wage_min, "expected": expected})
    if job.wage_max >= expected:
        return Component("wage", 85, True, "wage_range_covers", {"wage_max": job.wage_max, "expected": expected})
    gap = expected - job.wage_max
    value = max(0, round(100 - 200 * gap / expected))
    return Component("wage", value, False, "wage_below", {"gap": gap, "expected": expected})


def _place(worker: WorkerProfile, job: JobProfile) -> Component:
    if job.township == worker.home_township:
        return Component("place", 100, True, "place_home", {"township": job.township})
    return Component("place", 60, True, "place_county", {"township": job.township})


def score(worker: WorkerProfile, job: JobProfile) -> MatchScore:
    """Total 0-100 with every component; ineligible jobs score 0 and say why."""
    if not job.is_open:
        return MatchScore(0, (), False, "job_closed")
    if worker.work_area == "township" and job.township != worker.home_township:
        return MatchScore(0, (), False, "outside_home_township")
    parts = (_skill(worker, job), _wage(worker, job), _place(worker, job))
    if parts[0].reason == "skill_none":
        # A good wage nearby for a trade the worker does not have is not a match.
        return MatchScore(0, parts, False, "no_skill_in_common")
    total = round(sum(WEIGHTS[c.name] * c.score for c in parts))
    return MatchScore(total, parts)


def rank(
    worker: WorkerProfile, jobs: Iterable[JobProfile], limit: int = 10
) -> list[tuple[JobProfile, MatchScore]]:
    """The eligible jobs with the highest totals, best first (ties: higher wage first)."""
    scored = [(job, score(worker, job)) for job in jobs]
    eligible = [pair for pair in scored if pair[1].is_eligible]
    eligible.sort(key=lambda pair: (-pair[1].total, -pair[0].wage_max, pair[0].id))
    return eligible[:limit]
