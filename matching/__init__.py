"""Scoring worker skill profiles against vacancies. Pure Python: no web, no database.

    from matching import score, rank, WorkerProfile, JobProfile
"""

from .scoring import rank, score
from .types import Component, JobProfile, MatchScore, SkillItem, WorkerProfile

__all__ = ["Component", "JobProfile", "MatchScore", "SkillItem", "WorkerProfile", "rank", "score"]
