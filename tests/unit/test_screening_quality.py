"""How well screening flags what a careful reviewer would, on postings written apart from the rules.

Two sets, each labelled by the written rules in its file (clean and scam postings, many scams
disguised: spaced, Traditional, full-width, pinyin, homophones, Chinese numerals, invisible
characters, wordings no list names):
- tests/screening/postings.json (323): written first, before the rules were extended; the word
  lists and patterns were then tuned until it passed, so it is the development set.
- tests/screening/heldout.json (240): written by a separate author who saw neither the rules nor
  the first set; the rules were not tuned on its postings, so it tells how the rules generalise.
- tests/screening/spam_and_mismatch.json (80): issue 18's misses, SEO keyword lists of adult and
  gambling sites and descriptions contradicting their own form (each posting carries its form), with
  honest postings that mention money, ages and places; written before the rules for them, by the
  same session, so a development set too (but for n001-n019, written after the rules, run once).
Reports precision and recall per flag, and for "needs a look" at all (any flag), to
test-artifacts/screening-<set>.txt.
"""

import json
from pathlib import Path

import pytest

from portal.jobs.consistency import FormFacts, against_form
from portal.jobs.screening import rules

SETS = Path(__file__).resolve().parents[1] / "screening"
FLAGS = ("fee", "contact", "spam", "wage", "mismatch")
# The targets for "needs a look": recall >= 0.95 on scams, precision >= 0.9. Measured:
# development set 1.000 / 1.000 (tuned on it), held-out set 1.000 / 0.992, spam_and_mismatch
# 1.000 / 1.000 (before issue 18's rules: recall 0.132).
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.95


def _flags(posting: dict) -> set[str]:
    screen = rules()
    text = posting["title"] + " " + posting["description"]
    found = {f.rule for f in screen.posting(text, posting["wage_max"], usual=None)}
    if "form" in posting:  # only the sets that carry the form's fields
        found |= {
            f.rule for f in against_form(posting["description"], FormFacts(**posting["form"]))
        }
    return found


def _rates(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    tp = sum(1 for want, got in pairs if want and got)
    precision = tp / max(1, sum(1 for _, got in pairs if got))
    recall = tp / max(1, sum(1 for want, _ in pairs if want))
    return precision, recall


@pytest.mark.parametrize("name", ["postings", "heldout", "spam_and_mismatch"])
def test_screening_flags_scams_in_disguise_and_leaves_honest_postings_alone(artifacts, name):
    postings = json.loads((SETS / f"{name}.json").read_text(encoding="utf-8"))["postings"]
    results = [(set(p["expect"]), _flags(p), p) for p in postings]
    lines = [f"{len(postings)} postings     precision  recall"]
    for flag in FLAGS:
        if not any(flag in want or flag in got for want, got, _ in results):
            lines.append(f"{flag:<14} {'-':>9} {'-':>7}")  # nothing of the kind in this set
            continue
        p, r = _rates([(flag in want, flag in got) for want, got, _ in results])
        lines.append(f"{flag:<14} {p:9.3f} {r:7.3f}")
    any_p, any_r = _rates([(bool(want), bool(got)) for want, got, _ in results])
    lines.append(f"{'any flag':<14} {any_p:9.3f} {any_r:7.3f}")
    lines += ["", "Missed or wrong:"] + [
        f"{p['id']} want {sorted(want)} got {sorted(got)}: {p['description'][:60]}"
        for want, got, p in results
        if want != got
    ]
    (artifacts / f"screening-{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines[:8]))
    assert any_r >= RECALL_FLOOR and any_p >= PRECISION_FLOOR, "\n".join(lines[:40])
