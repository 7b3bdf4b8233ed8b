"""The documents Meilisearch holds, built from plain dicts the portal hands over, and index settings.

Every text field is indexed in the normal form (``*_n``), plus two helpers: ``terms`` (the vocabulary
words and dictionary words inside the title, so 焊工 finds 电焊工) and ``pinyin`` (toneless
syllables, searched only when the text finds nothing, so a pinyin match never outranks a real one).
"""

from __future__ import annotations

from typing import Any

from .lexicon import Lexicon
from .normalize import normalize
from .pinyin import text_pinyin

JOBS = "jobs"
POLICIES = "policies"
KINDS = (JOBS, POLICIES)

# Monthly wage bands a worker picks from, by the top of the vacancy's range (what it can pay). A
# day rate counts by its monthly figure (``month_max``, worked out by the portal), as matching does.
WAGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("lt4000", 0, 3999),
    ("4000-5999", 4000, 5999),
    ("6000-7999", 6000, 7999),
    ("gte8000", 8000, None),
)
JOB_FACETS = (
    "township_code",
    "industry",
    "wage_band",
    "has_housing",
    "has_meals",
    "accepts_over_50",
)

# Searchable attributes are in ranking order: a title hit beats a body hit.
_STATIC: dict[str, dict[str, Any]] = {
    JOBS: {
        "searchableAttributes": [
            "title_n",
            "skills_n",
            "terms",
            "industry_n",
            "employer_n",
            "township_n",
            "description_n",
            "pinyin",
        ],
        "filterableAttributes": [
            *JOB_FACETS,
            "month_min",
            "month_max",
            "posted_ts",
            "trade_code",
            "trade_minor",
        ],
        "sortableAttributes": ["posted_ts", "month_max"],
        # Meilisearch's own order, then among equally good matches the newest posting first: an
        # old vacancy is more often filled already.
        "rankingRules": [
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "posted_ts:desc",
        ],
        "displayedAttributes": ["*"],
        "faceting": {"maxValuesPerFacet": 50},
        "pagination": {"maxTotalHits": 10_000},
    },
    POLICIES: {
        "searchableAttributes": [
            "title_n",
            "keywords_n",
            "terms",
            "summary_n",
            "category_n",
            "body_n",
            "pinyin",
        ],
        "filterableAttributes": ["category"],
        "sortableAttributes": ["code"],
        "displayedAttributes": ["*"],
    },
}


def index_settings(kind: str, lexicon: Lexicon) -> dict[str, Any]:
    return {**_STATIC[kind], "synonyms": lexicon.synonyms()}


def wage_band(wage_max: int) -> str:
    for key, low, high in WAGE_BANDS:
        if wage_max >= low and (high is None or wage_max <= high):
            return key
    return WAGE_BANDS[0][0]


def trade_minor(code: str) -> str:
    """The minor group of an occupation code (6-30-05 of 6-30-05-05), or "" for no code."""
    return code.rsplit("-", 1)[0] if code.count("-") == 3 else ""


def job_document(job: dict[str, Any], lexicon: Lexicon) -> dict[str, Any]:
    """``job`` holds id, title, description, skills, employer, township, township_code, flags, the
    wages as stated with their ``wage_unit`` (shown) and as a month (``month_min/max``: filtered,
    sorted), and the occupation code it was posted under (``trade_code``, "" when none)."""
    trade_code = job.get("trade_code") or ""
    title_n = normalize(job["title"])
    skills_n = [normalize(s) for s in job["skills"]]
    head = " ".join([title_n, *skills_n])
    return {
        "id": job["id"],
        "title": job["title"],
        "employer": job["employer"],
        "township": job["township"],
        "township_code": job["township_code"],
        "industry": job.get("industry") or "",
        "trade_code": trade_code,
        "trade_minor": trade_minor(trade_code),
        "wage_min": job["wage_min"],
        "wage_max": job["wage_max"],
        "wage_unit": job.get("wage_unit") or "month",
        "month_min": job["month_min"],
        "month_max": job["month_max"],
        "wage_band": wage_band(job["month_max"]),
        "headcount": job["headcount"],
        "skills": list(job["skills"]),
        "has_housing": bool(job["has_housing"]),
        "has_meals": bool(job["has_meals"]),
        "accepts_over_50": bool(job.get("accepts_over_50")),
        "posted_ts": int(job["posted_ts"]),
        "title_n": title_n,
        "skills_n": skills_n,
        "terms": lexicon.index_terms(head),
        "industry_n": normalize(job.get("industry_zh") or ""),
        "employer_n": normalize(job["employer"]),
        "township_n": normalize(job["township"]),
        "description_n": normalize(job["description"]),
        "pinyin": text_pinyin(
            " ".join([head, normalize(job["employer"]), normalize(job["township"])])
        ),
    }


def policy_document(measure: dict[str, Any], lexicon: Lexicon) -> dict[str, Any]:
    keywords_n = [normalize(k) for k in measure["keywords"]]
    head = " ".join([normalize(measure["title"]), *keywords_n])
    return {
        "id": measure["id"],
        "code": measure["code"],
        "title": measure["title"],
        "category": measure["category"],
        "summary": measure["summary"],
        "title_n": normalize(measure["title"]),
        "keywords_n": keywords_n,
        "terms": lexicon.index_terms(head),
        "summary_n": normalize(measure["summary"]),
        "category_n": normalize(measure["category"]),
        "body_n": normalize(
            measure["body"] + " " + measure["benefit"] + " " + measure["eligibility"]
        ),
        "pinyin": text_pinyin(head),
    }
