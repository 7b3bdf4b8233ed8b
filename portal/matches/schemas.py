"""The matching API's answers, as /schema documents them: jobs for a worker, candidates for a vacancy.

Every match carries its explanation: one line per part of the score, as a reason code and its values
(``skill_same`` with ``have: 电焊``), which a client words in its own language."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar.params import KwargDefinition as Doc
from litestar.params import Parameter
from msgspec import UNSET, UnsetType

import matching

from ..catalogue.search import clamp_int
from ..models import Job, Worker
from ..security import mask_name
from .service import Board, Shown

# How many matches to answer: a value out of range is brought into it, not refused.
Limit = Annotated[str | None, Parameter(description="1-50, default 10")]


def limit_of(value: str | None) -> int:
    return clamp_int(value, 1, 50, 10)


class Reason(msgspec.Struct):
    """One part of the score."""

    name: Annotated[str, Doc(description="skill, wage, place, certificate, level, start, age ...")]
    score: Annotated[int, Doc(ge=0, le=100)]
    is_good: bool
    reason: Annotated[str, Doc(description="a reason code, e.g. skill_same, wage_below")]
    params: Annotated[dict[str, Any], Doc(description="the values the reason speaks of")]


class Gap(msgspec.Struct):
    """What alone keeps the worker from the job."""

    kind: Annotated[str, Doc(description="certificate or level")]
    names: Annotated[list[str], Doc(description="the certificates missing, or the level asked")]


class JobMatch(msgspec.Struct):
    job_id: int
    title: str
    employer: str
    township: str
    wage_min: int
    wage_max: int
    score: Annotated[int, Doc(ge=0, le=100)]
    explanation: list[Reason]
    url: str
    gap: Gap | None


class MeasureLink(msgspec.Struct):
    """A measure of the policy catalogue that pays for closing a gap (training, a licence exam)."""

    code: str
    title: str
    url: str


class JobsForWorker(msgspec.Struct):
    """The best open jobs, the jobs one licence away, and the measures that pay for the licence."""

    hits: list[JobMatch]
    near: list[JobMatch]
    measures: list[MeasureLink]
    archive: Annotated[bool, Doc(description="false: the worker has no archive yet")] = True


class CandidateSkill(msgspec.Struct):
    name: str
    level: str
    years: int | None


class Candidate(msgspec.Struct):
    """What an employer may see of a consenting worker: no phone, no ID number, no family notes.
    Staff also get the full name and the archive's address (reading the archive is audited)."""

    name: Annotated[str, Doc(description="masked: 李*华")]
    age: int
    gender: str
    home_township: str
    skills: list[CandidateSkill]
    certificates: Annotated[list[str], Doc(description="those still valid")]
    expected_wage: int
    available_from: dt.date | None
    score: Annotated[int, Doc(ge=0, le=100)]
    explanation: list[Reason]
    worker_id: Annotated[int | UnsetType, Doc(description="staff only")] = UNSET
    full_name: Annotated[str | UnsetType, Doc(description="staff only")] = UNSET
    url: Annotated[str | UnsetType, Doc(description="staff only")] = UNSET


class Candidates(msgspec.Struct):
    job_id: int
    status: str
    hits: Annotated[list[Candidate], Doc(description="suggested by matching, once published")]
    interested: Annotated[list[Candidate], Doc(description="said they are interested")]


def explanation(score: matching.MatchScore) -> list[Reason]:
    return [Reason(c.name, c.score, c.is_good, c.reason, dict(c.params)) for c in score.components]


def job_match(job: Job, score: matching.MatchScore) -> JobMatch:
    gap = Gap(score.gap.kind, list(score.gap.names)) if score.gap else None
    return JobMatch(
        job_id=job.id,
        title=job.title,
        employer=job.employer.name,
        township=job.township.name,
        wage_min=job.wage_min,
        wage_max=job.wage_max,
        score=score.total,
        explanation=explanation(score),
        url=f"/jobs/{job.id}",
        gap=gap,
    )


def jobs_for_worker(shown: Shown) -> JobsForWorker:
    """``MatchService.for_worker``'s answer as the API gives it."""
    return JobsForWorker(
        hits=[job_match(j, s) for j, s in shown.matches],
        near=[job_match(j, s) for j, s in shown.near],
        measures=[MeasureLink(m.code, m.title, f"/policies/{m.id}") for m in shown.measures],
    )


def candidate(worker: Worker, score: matching.MatchScore, *, staff: bool) -> Candidate:
    today = dt.date.today()
    card = Candidate(
        name=mask_name(worker.name),
        age=today.year - worker.birth_year,
        gender=worker.gender,
        home_township=worker.home_township.name,
        skills=[CandidateSkill(s.name, s.level, s.years) for s in worker.skills],
        certificates=[
            c["name"]
            for c in worker.certificates
            if not c.get("expires") or c["expires"] >= today.isoformat()
        ],
        expected_wage=worker.expected_wage,
        available_from=worker.available_from,
        score=score.total,
        explanation=explanation(score),
    )
    if staff:
        card.worker_id, card.full_name, card.url = worker.id, worker.name, f"/workers/{worker.id}"
    return card


def candidates(board: Board, *, staff: bool) -> Candidates:
    """``MatchService.board``'s answer as the API gives it."""
    return Candidates(
        job_id=board.job.id,
        status=board.job.status,
        hits=[candidate(w, s, staff=staff) for w, s in board.found],
        interested=[candidate(w, s, staff=staff) for w, s in board.interested],
    )
