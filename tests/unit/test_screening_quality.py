"""How well screening flags what a careful reviewer would, on postings written apart from the rules.

tests/screening/postings.json: clean and scam postings (about half of the scams disguised: spaced,
Traditional, full-width, pinyin, homophones, Chinese numerals, wordings no list names), labelled by
the written rules in the file. Reports precision and recall per flag, and for "needs a look" at all
(any flag), to test-artifacts/screening.txt.
"""

import json
from pathlib import Path

from portal.services.screening import rules

POSTINGS = Path(__file__).resolve().parents[1] / "screening" / "postings.json"
FLAGS = ("fee", "contact", "spam", "wage")
# Measured on this set: "needs a look" precision 0.976, recall 0.699. The misses are mostly wordings
# no list names yet (诚意金, 风险金, 扣留身份证原件, 先垫付后返还, 点赞员, 菠菜); the lists are a data
# file for staff to extend. The floors guard what is reached; they are not the aim.
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.68


def _flags(posting: dict) -> set[str]:
    screen = rules()
    found = {f.rule for f in screen.text(posting["title"] + " " + posting["description"])}
    if screen.wage(posting["wage_max"], usual=None):
        found.add("wage")
    return found


def _rates(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    tp = sum(1 for want, got in pairs if want and got)
    precision = tp / max(1, sum(1 for _, got in pairs if got))
    recall = tp / max(1, sum(1 for want, _ in pairs if want))
    return precision, recall


def test_screening_flags_scams_in_disguise_and_leaves_honest_postings_alone(artifacts):
    postings = json.loads(POSTINGS.read_text(encoding="utf-8"))["postings"]
    results = [(set(p["expect"]), _flags(p), p) for p in postings]
    lines = [f"{len(postings)} postings     precision  recall"]
    for flag in FLAGS:
        p, r = _rates([(flag in want, flag in got) for want, got, _ in results])
        lines.append(f"{flag:<14} {p:9.3f} {r:7.3f}")
    any_p, any_r = _rates([(bool(want), bool(got)) for want, got, _ in results])
    lines.append(f"{'any flag':<14} {any_p:9.3f} {any_r:7.3f}")
    lines += ["", "Missed or wrong:"] + [
        f"{p['id']} want {sorted(want)} got {sorted(got)}: {p['description'][:60]}" for want, got, p in results if want != got]
    (artifacts / "screening.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines[:7]))
    assert any_r >= RECALL_FLOOR and any_p >= PRECISION_FLOOR, "\n".join(lines[:40])

