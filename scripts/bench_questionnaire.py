"""How many questions the one-question-per-screen questionnaire asks before no answer could change
any result, over a set of test profiles (target: median <= 8).

Each profile is a person's true answers; a question the profile has no answer for is skipped (the
"不知道" button). The questionnaire asks ``policies.eligibility.next_question`` until it says None.
Baseline, in the same run: a fixed form that asks every question in the catalogue's order, skipping
only those whose ``ask_if`` answer rules them out (what a paper form with "if yes, ..." does).
The check column confirms the questionnaire stopped with the same results as the whole profile.

    PYTHONPATH=. .venv/bin/python scripts/bench_questionnaire.py
"""

from __future__ import annotations

import datetime as dt
import statistics

from policies.eligibility import evaluate_all, for_aim, next_question
from policies.facts import FACTS

ON = dt.date(2025, 6, 1)
D = dt.date.fromisoformat
NO_BUSINESS = {"business_registered": False}
PLAIN = {"poverty_alleviated_household": False, "minimum_living_household": False}
NO_CERT = {"certificate": "none", "social_insurance_months_in_county": 0}

# A profile reads as a few lines of answers, not one answer a line.
# fmt: off
PROFILES: dict[str, dict] = {
    "返乡开店的个体户": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2022-03-01"),
        "works_in_county": True, "business_registered": True, "business_in_county": True,
        "business_kind": "individual", "business_registered_on": D("2024-10-01"),
        "received_startup_subsidy": False, "employees": 2, "birth_date": D("1983-05-05"),
        "in_incubator": False, "has_child": True, "child_age": 9, **PLAIN, **NO_CERT,
        "local_job": False,
    },
    "返乡办公司、在创业园": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2021-01-01"),
        "works_in_county": True, "business_registered": True, "business_in_county": True,
        "business_kind": "company", "business_registered_on": D("2023-05-01"),
        "received_startup_subsidy": False, "employees": 12, "birth_date": D("1979-02-02"),
        "staff_total": 13, "new_hires_12m": 2, "in_incubator": True,
        "incubator_since": D("2023-06-01"), "annual_rent": 24000, "has_child": False,
        **PLAIN, **NO_CERT, "local_job": False,
    },
    "外地人在本县打工": {
        "hukou_in_county": False, "is_returnee": False, "works_in_county": True,
        "local_job": True, "has_labour_contract": True, "local_job_since": D("2024-01-01"),
        **NO_BUSINESS, "certificate": "level4", "certificate_on": D("2025-01-01"),
        "trained_at_designated": False, "social_insurance_months_in_county": 14,
        "has_child": True, "child_age": 7,
    },
    "脱贫户在县内上班": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2024-12-01"),
        "works_in_county": True, "poverty_alleviated_household": True, "local_job": True,
        "has_labour_contract": True, "local_job_since": D("2025-01-15"), **NO_BUSINESS,
        **NO_CERT, "has_child": False, "birth_date": D("1975-01-01"),
    },
    "还在外地打工的本县人": {
        "hukou_in_county": True, "is_returnee": False, "works_in_county": False,
        **NO_BUSINESS, **PLAIN, **NO_CERT, "local_job": False, "has_child": True,
        "child_age": 12, "birth_date": D("1988-08-08"),
    },
    "刚回来、想创业": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2025-03-01"),
        "works_in_county": False, **NO_BUSINESS, **PLAIN, "local_job": False, **NO_CERT,
        "has_child": False, "birth_date": D("1995-03-03"),
    },
    "拿到中级证的返乡工人": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2023-02-01"),
        "works_in_county": True, **NO_BUSINESS, **PLAIN, "local_job": True,
        "has_labour_contract": True, "local_job_since": D("2023-03-01"),
        "certificate": "level4", "certificate_on": D("2024-11-01"),
        "trained_at_designated": True, "social_insurance_months_in_county": 26,
        "has_child": True, "child_age": 16, "birth_date": D("1986-06-06"),
    },
    "60岁的低保户": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2019-01-01"),
        "works_in_county": False, "minimum_living_household": True,
        "poverty_alleviated_household": False, "birth_date": D("1965-01-01"), **NO_BUSINESS,
        "local_job": False, **NO_CERT, "has_child": False,
    },
    "不愿多答的人": {"hukou_in_county": True, "is_returnee": True},
    "外地户籍的合作社": {
        "hukou_in_county": False, "is_returnee": False, "works_in_county": True,
        "business_registered": True, "business_in_county": True, "business_kind": "coop",
        "business_registered_on": D("2020-01-01"), "in_incubator": False,
        "birth_date": D("1970-07-07"), **NO_CERT, "local_job": False, "has_child": False,
    },
    "返乡超过5年的老板": {
        "hukou_in_county": True, "is_returnee": True, "returned_on": D("2018-01-01"),
        "works_in_county": True, "business_registered": True, "business_in_county": True,
        "business_kind": "individual", "business_registered_on": D("2018-06-01"),
        "received_startup_subsidy": True, "employees": 4, "birth_date": D("1972-04-04"),
        "in_incubator": False, **PLAIN, **NO_CERT, "local_job": False, "has_child": False,
    },
}
# fmt: on
# What each profile would answer to the first question, "what do you want help with?" (None: the
# person does not say, so every measure counts).
AIMS: dict[str, str | None] = {
    "返乡开店的个体户": "business",
    "返乡办公司、在创业园": "business",
    "外地人在本县打工": "job",
    "脱贫户在县内上班": "job",
    "还在外地打工的本县人": "school",
    "刚回来、想创业": "business",
    "拿到中级证的返乡工人": "training",
    "60岁的低保户": "job",
    "不愿多答的人": None,
    "外地户籍的合作社": "business",
    "返乡超过5年的老板": "business",
}


def questionnaire(profile: dict, aim: str | None = None) -> tuple[int, dict]:
    """Questions asked; with an aim the aim question itself counts as one."""
    facts: dict = {}
    skipped: set[str] = set()
    asked = 0 if aim is None else 1
    while (name := next_question(facts, ON, skipped, aim=aim)) is not None:
        asked += 1
        if name in profile:
            facts[name] = profile[name]
        else:
            skipped.add(name)
    return asked, facts


def fixed_form(profile: dict) -> int:
    """Every question in order, unless an earlier answer rules it out; age only without a birth date."""
    asked = 0
    for name, fact in FACTS.items():
        if name == "age" and "birth_date" in profile:
            continue
        gate = fact.ask_if
        if gate and profile.get(gate[0]) not in gate[1]:
            continue
        asked += 1
    return asked


def same_results(facts: dict, profile: dict, aim: str | None = None) -> bool:
    """The questionnaire's results equal the whole profile's, over the measures of the aim."""
    rules = for_aim(aim)

    def key(results):
        return [(r.code, r.status, r.amount) for r in results]

    return key(evaluate_all(facts, ON, rules)) == key(evaluate_all(profile, ON, rules))


def main() -> None:
    head = f"{'profile':<22}{'all measures':>13}{'aim first':>10}{'aim':>10}{'fixed form':>12}"
    print(head + "  same results")
    counts: dict[str, list[int]] = {"all": [], "aim": [], "form": []}
    for name, profile in PROFILES.items():
        asked, facts = questionnaire(profile)
        aimed, aimed_facts = questionnaire(profile, AIMS[name])
        form = fixed_form(profile)
        for column, value in (("all", asked), ("aim", aimed), ("form", form)):
            counts[column].append(value)
        same = same_results(facts, profile) and same_results(aimed_facts, profile, AIMS[name])
        aim = AIMS[name] or "-"
        print(f"{name:<22}{asked:>13}{aimed:>10}{aim:>10}{form:>12}  {same}")
    print()
    for label, pick in (("median", statistics.median), ("max", max)):
        row = [pick(counts[c]) for c in ("all", "aim", "form")]
        print(f"{label:<22}{row[0]:>13}{row[1]:>10}{'':>10}{row[2]:>12}")
    print(f"target: median <= 8 over {len(PROFILES)} profiles (aim first counts the aim question)")


if __name__ == "__main__":
    main()
