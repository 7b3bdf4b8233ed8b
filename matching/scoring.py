"""score(): one worker against one job, every component with its reason. The reference scorer.

``vector.py`` computes the same totals over whole arrays for speed; a test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import weights as w
from .licences import expired_on, valid_on
from .places import Places, place_score
from .text import fold
from .types import Component, Gap, JobProfile, MatchScore, SkillItem, WorkerProfile

LEVELS = {"初级": 1, "中级": 2, "高级": 3}


@dataclass(frozen=True)
class Context:
    today: dt.date
    places: Places = field(default_factory=Places)


def level_rank(item: SkillItem) -> int:
    """1-3: the level given, else read from years (a worker with 12 years is senior, level or not)."""
    if item.level in LEVELS:
        return LEVELS[item.level]
    if item.years >= w.YEARS_SENIOR:
        return 3
    return 2 if item.years >= w.YEARS_MIDDLE else 1


def code_fit(have: str, want: str) -> int:
    """How close two occupation codes are: same, same minor group, same middle group, or not."""
    if not have or not want:
        return 0
    if have == want:
        return w.SAME_TRADE
    a, b = have.split("-"), want.split("-")
    if a[:3] == b[:3]:
        return w.SAME_MINOR
    return w.SAME_MIDDLE if a[:2] == b[:2] else 0


def skill_fit(item: SkillItem, want: str, asked_level: int) -> int:
    base = code_fit(item.code, want)
    if base and asked_level and level_rank(item) < asked_level:
        base = max(w.LEVEL_FLOOR, base - w.LEVEL_STEP * (asked_level - level_rank(item)))
    return base


def _skill(worker: WorkerProfile, job: JobProfile) -> Component | None:
    asked = LEVELS.get(job.level, 0)
    best, have, want = 0, None, ""
    for item in worker.skills:
        for code in job.trades:
            fit = skill_fit(item, code, asked)
            if fit > best:
                best, have, want = fit, item, code
    if best < w.BEGINNER and job.takes_beginners:
        return Component("skill", w.BEGINNER, True, "beginners_welcome", {})
    if have is None:
        return None
    params = {"have": have.name, "want": want}
    if code_fit(have.code, want) == w.SAME_TRADE:
        if best < w.SAME_TRADE:
            return Component("skill", best, False, "level_below", {**params, "level": job.level})
        return Component("skill", best, True, "skill_same", params)
    return Component("skill", best, best >= w.SAME_MINOR, "skill_related", params)


def _wage(worker: WorkerProfile, job: JobProfile) -> Component:
    expected = worker.expected_wage
    if job.wage_max <= 0:
        return Component("wage", w.WAGE_UNSTATED, True, "wage_unstated", {"expected": expected})
    if expected <= 0 or job.wage_min >= expected:
        return Component(
            "wage", 100, True, "wage_meets", {"wage_min": job.wage_min, "expected": expected}
        )
    if job.wage_max >= expected:
        return Component(
            "wage",
            w.WAGE_RANGE_COVERS,
            True,
            "wage_range_covers",
            {"wage_max": job.wage_max, "expected": expected},
        )
    gap = expected - job.wage_max
    value = max(0, 100 - w.WAGE_GAP_COST * gap // expected)
    return Component("wage", value, False, "wage_below", {"gap": gap, "expected": expected})


def _place(worker: WorkerProfile, job: JobProfile, ctx: Context) -> Component:
    km = ctx.places.km(worker.home_township, job.township)
    value = place_score(km, worker.daily_commute)
    if km == 0:
        return Component("place", value, True, "place_home", {"township": job.township})
    params = {
        "township": job.township,
        "km": None if km is None else round(km),
        "commute": worker.daily_commute,
    }
    return Component(
        "place", value, value >= w.PLACE_GOOD, "place_far" if km is None else "place_km", params
    )


def _timing(worker: WorkerProfile, job: JobProfile, today: dt.date) -> Component:
    days = _delay(worker.available_from, job.start_date, today)
    value = next((v for limit, v in w.TIMING if days <= limit), w.TIMING_LATE)
    reason = "timing_ready" if value == 100 else "timing_later"
    return Component("timing", value, days <= w.TIMING_GOOD_DAYS, reason, {"days": max(days, 0)})


def _delay(available: dt.date | None, start: dt.date | None, today: dt.date) -> int:
    """Days from the job's start until the worker can come (0 or less: ready in time)."""
    return (max(available or today, today) - max(start or today, today)).days


def _benefits(worker: WorkerProfile, job: JobProfile) -> Component | None:
    asked = [
        name
        for name, wanted in (("housing", worker.wants_housing), ("meals", worker.wants_meals))
        if wanted
    ]
    if not asked:
        return None
    offered = {"housing": job.has_housing, "meals": job.has_meals}
    given = [name for name in asked if offered[name]]
    missing = [name for name in asked if not offered[name]]
    return Component(
        "benefits",
        100 * len(given) // len(asked),
        not missing,
        "benefits",
        {"given": given, "missing": missing},
    )


def _age(worker: WorkerProfile, job: JobProfile, today: dt.date) -> Component | None:
    if not worker.birth_year or today.year - worker.birth_year < w.AGE_OLDER:
        return None
    if job.accepts_over_50:
        return Component("age", w.AGE_WELCOME, True, "over_50_welcome", {})
    return Component("age", w.AGE_NOT_STATED, False, "over_50_not_stated", {})


def total(parts: Iterable[Component]) -> int:
    """The weighted mean of the components present, rounded half up in integers (as vector.py does)."""
    weighted = weight = 0
    for part in parts:
        weighted += w.WEIGHTS[part.name] * part.score
        weight += w.WEIGHTS[part.name]
    return (2 * weighted + weight) // (2 * weight)


def score(worker: WorkerProfile, job: JobProfile, ctx: Context) -> MatchScore:
    """Total 0-100 with every component; an ineligible job scores 0 and says why.

    A job the worker could do but for a missing licence still gets its components and a ``gap``,
    so the page can say what training would open it.
    """
    if not job.is_open:
        return MatchScore(0, (), False, "job_closed")
    if worker.work_area == "township" and job.township != worker.home_township:
        return MatchScore(0, (), False, "outside_home_township")
    if job.max_age and worker.birth_year and ctx.today.year - worker.birth_year > job.max_age:
        return MatchScore(0, (), False, "over_age_limit")
    skill = _skill(worker, job)
    if skill is None:
        # A good wage nearby for a trade the worker does not have is not a match.
        return MatchScore(0, (), False, "no_skill_in_common")
    parts = [skill, _wage(worker, job), _place(worker, job, ctx), _timing(worker, job, ctx.today)]
    parts += [p for p in (_benefits(worker, job), _age(worker, job, ctx.today)) if p]
    gap = Gap("level", (job.level,)) if skill.reason == "level_below" else None
    if job.certificates:
        valid = valid_on(worker.certificates, ctx.today)
        missing = tuple(c for c in job.certificates if fold(c) not in valid)
        if missing:
            lapsed = expired_on(worker.certificates, ctx.today)
            expired = [c for c in missing if fold(c) in lapsed]
            near = skill.reason in ("skill_same", "level_below")
            parts.append(
                Component(
                    "certificates",
                    0,
                    False,
                    "certificates_missing",
                    {"missing": list(missing), "expired": expired},
                )
            )
            return MatchScore(
                0,
                tuple(parts),
                False,
                "missing_certificate",
                Gap("certificate", missing) if near else None,
            )
        parts.append(
            Component(
                "certificates", 100, True, "certificates_held", {"names": list(job.certificates)}
            )
        )
    return MatchScore(total(parts), tuple(parts), gap=gap)


def rank(
    worker: WorkerProfile, jobs: Iterable[JobProfile], ctx: Context, limit: int = 10
) -> list[tuple[JobProfile, MatchScore]]:
    """The eligible jobs with the highest totals, best first (ties: higher wage, then older posting)."""
    scored = [(job, score(worker, job, ctx)) for job in jobs]
    eligible = [pair for pair in scored if pair[1].is_eligible]
    eligible.sort(key=lambda pair: (-pair[1].total, -pair[0].wage_max, pair[0].id))
    return eligible[:limit]


def rank_workers(
    job: JobProfile, workers: Iterable[WorkerProfile], ctx: Context, limit: int = 10
) -> list[tuple[WorkerProfile, MatchScore]]:
    """The eligible workers with the highest totals, best first (ties: the earlier archive)."""
    scored = [(worker, score(worker, job, ctx)) for worker in workers]
    eligible = [pair for pair in scored if pair[1].is_eligible]
    eligible.sort(key=lambda pair: (-pair[1].total, pair[0].id))
    return eligible[:limit]
