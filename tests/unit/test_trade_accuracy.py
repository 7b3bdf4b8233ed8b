"""How often a free-text title is read as the right trade, beside plain rapidfuzz, and how often a
reading is right when it says it is sure.

tests/trade_titles/titles.json: titles in the style of county vacancy boards, each labelled with a
2022 occupation by written rules (in the file), written apart from the classifier. Right = the
labelled code or one of its also_ok codes; the minor group is the first three parts of the code.
The baseline is the one the issue measured: rapidfuzz's ratio of the whole title against every
occupation name, best one taken.
"""

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from matching.text import fold
from matching.trades import TradeVocabulary
from portal.vocabulary.trades import build
from search.lexicon import read_groups

SETS = Path(__file__).resolve().parents[1] / "trade_titles"
TITLES = SETS / "titles.json"
# Right minor group, top-1. The aim is 0.80; this classifier reaches 0.823 on this set (plain
# rapidfuzz 0.511), 0.918 on noisy_titles.json (0.373). The floor guards what is reached.
FLOOR = 0.80
MARGIN = 0.15  # over plain rapidfuzz, in the minor group


def _minor(code: str) -> str:
    return code.rsplit("-", 1)[0]


def _score(guesses: list[str | None], labels: list[dict]) -> tuple[float, float]:
    exact = minor = 0
    for guess, label in zip(guesses, labels, strict=True):
        right = {label["code"], *label.get("also_ok", [])}
        exact += guess in right
        minor += guess is not None and _minor(guess) in {_minor(c) for c in right}
    return exact / len(labels), minor / len(labels)


def test_titles_are_read_as_their_trade_far_better_than_by_spelling(artifacts):
    labels = json.loads(TITLES.read_text(encoding="utf-8"))["titles"]
    vocabulary = build(read_groups())
    ours = [
        (m[0].code if (m := vocabulary.classify(t["title"], limit=1)) else None) for t in labels
    ]

    base = TradeVocabulary.load()
    names = {fold(o.name): o.code for o in base.by_code.values()}
    keys = list(names)
    plain = [
        names[process.extractOne(fold(t["title"]), keys, scorer=fuzz.ratio)[0]] for t in labels
    ]

    our_exact, our_minor = _score(ours, labels)
    plain_exact, plain_minor = _score(plain, labels)
    misses = [
        f"{t['title']!r}: {t['code']} {t['name']}, read {g}"
        for t, g in zip(labels, ours, strict=True)
        if g not in {t["code"], *t.get("also_ok", [])}
    ]
    report = [
        f"{len(labels)} titles        occupation  minor group",
        f"classifier        {our_exact:10.3f}  {our_minor:11.3f}",
        f"plain rapidfuzz   {plain_exact:10.3f}  {plain_minor:11.3f}",
        "",
        "Misread:",
        *misses,
    ]
    (artifacts / "trade_titles.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n" + "\n".join(report[:3]))
    assert our_minor >= FLOOR, "\n".join(report[:60])
    assert our_minor >= plain_minor + MARGIN and our_exact > plain_exact


def test_titles_wrapped_in_job_board_noise_are_read_as_their_trade():
    labels = json.loads((SETS / "noisy_titles.json").read_text(encoding="utf-8"))["titles"]
    vocabulary = build(read_groups())
    ours = [
        (m[0].code if (m := vocabulary.classify(t["title"], limit=1)) else None) for t in labels
    ]
    exact, minor = _score(ours, labels)
    assert minor >= 0.85 and exact >= 0.8


@pytest.mark.parametrize("name", ["titles.json", "noisy_titles.json"])
def test_a_sure_reading_is_right_about_as_often_as_it_says(name):
    """Stored unasked at 0.8 (a vacancy's trade), at 0.5 (a worker's skill): those readings must be
    right at least that often, and a reading under 0.5 must be more often wrong than right."""
    labels = json.loads((SETS / name).read_text(encoding="utf-8"))["titles"]
    vocabulary = build(read_groups())
    read = []
    for t in labels:
        best = vocabulary.classify(t["title"], limit=1)
        right = bool(best) and best[0].code in {t["code"], *t.get("also_ok", [])}
        read.append((best[0].confidence if best else 0.0, right))

    def rate(lo: float, hi: float) -> float:
        inside = [ok for c, ok in read if lo <= c < hi]
        return sum(inside) / len(inside)

    assert rate(0.8, 1.01) >= 0.9
    assert rate(0.5, 1.01) >= 0.85
    assert rate(0.0, 0.5) < 0.5
