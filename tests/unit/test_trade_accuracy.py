"""How often a free-text title is read as the right trade, beside plain rapidfuzz, on 487 titles.

tests/trade_titles/titles.json: titles in the style of county vacancy boards, each labelled with a
2022 occupation by written rules (in the file), written apart from the classifier. Right = the
labelled code or one of its also_ok codes; the minor group is the first three parts of the code.
The baseline is the one the issue measured: rapidfuzz's ratio of the whole title against every
occupation name, best one taken.
"""

import json
from pathlib import Path

from rapidfuzz import fuzz, process

from matching.text import fold
from matching.trades import TradeVocabulary
from portal.vocabulary.trades import build
from search.lexicon import read_groups

TITLES = Path(__file__).resolve().parents[1] / "trade_titles" / "titles.json"
# Right minor group, top-1. The aim is 0.80; this classifier reaches 0.770 on this set (plain
# rapidfuzz 0.511). The floor guards what is reached; it is not the aim.
FLOOR = 0.75
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
