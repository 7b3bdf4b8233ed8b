"""The documents Meilisearch holds, built from plain dicts the portal hands over."""

from __future__ import annotations

from typing import Any

from .normalize import normalize

JOBS = "jobs"
POLICIES = "policies"

# Settings per index. Searchable attributes are in ranking order: a title hit beats a body hit.
INDEX_SETTINGS: dict[str, dict[str, Any]] = {
    JOBS: {
        "searchableAttributes": ["title_n", "skills_n", "employer_n", "township_n", "description_n"],
        "filterableAttributes": ["township_code", "wage_min", "wage_max", "has_housing", "has_meals"],
        "sortableAttributes": ["created_ts", "wage_max"],
        "displayedAttributes": ["*"],
    },
    POLICIES: {
        "searchableAttributes": ["title_n", "keywords_n", "summary_n", "category_n", "body_n"],
        "filterableAttributes": ["category"],
        "sortableAttributes": ["code"],
        "displayedAttributes": ["*"],
    },
}


def job_document(job: dict[str, Any]) -> dict[str, Any]:
    """``job`` holds id, title, description, skills, employer, township, township_code, wages, flags."""
    return {
        "id": job["id"],
        "title": job["title"],
        "employer": job["employer"],
        "township": job["township"],
        "township_code": job["township_code"],
        "wage_min": job["wage_min"],
        "wage_max": job["wage_max"],
        "headcount": job["headcount"],
        "skills": list(job["skills"]),
        "has_housing": bool(job["has_housing"]),
        "has_meals": bool(job["has_meals"]),
        "created_ts": int(job["created_ts"]),
        "title_n": normalize(job["title"]),
        "skills_n": [normalize(s) for s in job["skills"]],
        "employer_n": normalize(job["employer"]),
        "township_n": normalize(job["township"]),
        "description_n": normalize(job["description"]),
    }


def policy_document(measure: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": measure["id"],
        "code": measure["code"],
        "title": measure["title"],
        "category": measure["category"],
        "summary": measure["summary"],
        "title_n": normalize(measure["title"]),
        "keywords_n": [normalize(k) for k in measure["keywords"]],
        "summary_n": normalize(measure["summary"]),
        "category_n": normalize(measure["category"]),
        "body_n": normalize(measure["body"] + " " + measure["benefit"] + " " + measure["eligibility"]),
    }
