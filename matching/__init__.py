"""Scoring worker skill profiles against vacancies. Pure Python and numpy: no web, no database.

from matching import score, rank, Context, WorkerProfile, JobProfile
"""

from .places import Places
from .scoring import Context, rank, rank_workers, score
from .types import Certificate, Component, Gap, JobProfile, MatchScore, SkillItem, WorkerProfile
from .weights import fit_band

__all__ = [
    "Certificate",
    "Component",
    "Context",
    "Gap",
    "JobProfile",
    "MatchScore",
    "Places",
    "SkillItem",
    "WorkerProfile",
    "fit_band",
    "rank",
    "rank_workers",
    "score",
]
