"""How well free-text titles are read as trades, beside plain rapidfuzz, and what confidence means.

For each labelled set of tests/trade_titles (or the files given): top-1 right occupation and right
minor group (the first three parts of the code) for the classifier the portal uses and, in the same
run, for the baseline the issue measured (rapidfuzz's ratio of the whole title against every
occupation name, best one taken). Right = the labelled code or one of its also_ok codes.

Then the reliability table: the classifier's top confidence in bins beside how often a reading in
that bin was the right occupation. Calibrated means the two columns agree. Last, what the callers'
thresholds give: share of titles read at least that surely, and how many of those were right
(SURE_READING 0.8 stores a vacancy's trade from its title; SKILL_SURE 0.5 a worker's skill's).

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_trades.py [titles.json ...] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rapidfuzz import fuzz, process

from matching.text import fold
from matching.trades import TradeVocabulary

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "tests" / "trade_titles").glob("*.json"))
BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.99, 1.01)
THRESHOLDS = {"SKILL_SURE": 0.5, "SURE_READING": 0.8}


def minor(code: str) -> str:
    return code.rsplit("-", 1)[0]


def judge(guess: str | None, label: dict) -> tuple[bool, bool]:
    right = {label["code"], *label.get("also_ok", [])}
    return guess in right, guess is not None and minor(guess) in {minor(c) for c in right}


def baseline(titles: list[dict]) -> list[str]:
    base = TradeVocabulary.load()
    names = {fold(o.name): o.code for o in base.by_code.values()}
    keys = list(names)
    return [names[process.extractOne(fold(t["title"]), keys, scorer=fuzz.ratio)[0]] for t in titles]


def reliability(read: list[tuple[float, bool]]) -> list[str]:
    lines = ["  confidence     titles  right   mean conf."]
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = [(c, ok) for c, ok in read if lo <= c < hi]
        if inside:
            right = sum(ok for _, ok in inside) / len(inside)
            mean = sum(c for c, _ in inside) / len(inside)
            lines.append(
                f"  [{lo:.2f}, {min(hi, 1.0):.2f}]  {len(inside):6d}  {right:5.2f}  {mean:10.2f}"
            )
    brier = sum((c - ok) ** 2 for c, ok in read) / len(read)
    ece = 0.0  # expected calibration error: the bins' |right - mean confidence|, weighted by size
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = [(c, ok) for c, ok in read if lo <= c < hi]
        ece += abs(sum(ok for _, ok in inside) - sum(c for c, _ in inside)) / len(read)
    lines.append(f"  Brier score {brier:.3f}, calibration error {ece:.3f} (lower is better)")
    return lines


def report(path: Path, vocabulary: TradeVocabulary, misses: bool) -> list[str]:
    titles = json.loads(path.read_text(encoding="utf-8"))["titles"]
    ours = [vocabulary.classify(t["title"], limit=1) for t in titles]
    guesses = [m[0].code if m else None for m in ours]
    judged = [judge(g, t) for g, t in zip(guesses, titles, strict=True)]
    plain = [judge(g, t) for g, t in zip(baseline(titles), titles, strict=True)]
    n = len(titles)
    lines = [
        f"{path.name}: {n} titles   occupation  minor group",
        f"  classifier       {sum(e for e, _ in judged) / n:10.3f}  {sum(m for _, m in judged) / n:11.3f}",
        f"  plain rapidfuzz  {sum(e for e, _ in plain) / n:10.3f}  {sum(m for _, m in plain) / n:11.3f}",
    ]
    read = [(m[0].confidence if m else 0.0, e) for m, (e, _) in zip(ours, judged, strict=True)]
    lines += reliability(read)
    for name, cut in THRESHOLDS.items():
        sure = [ok for c, ok in read if c >= cut]
        share = len(sure) / n
        right = sum(sure) / len(sure) if sure else 0.0
        lines.append(f"  at {name} {cut}: {share:.2f} of titles read, {right:.3f} of them right")
    if misses:
        lines += [
            f"    miss {t['title']!r}: {t['name']}, read {m[0].name if m else '-'}"
            f" ({m[0].confidence if m else 0})"
            for t, m, (e, _) in zip(titles, ours, judged, strict=True)
            if not e
        ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--misses", action="store_true", help="list the titles read wrong")
    args = parser.parse_args()
    from portal.vocabulary.trades import build  # the vocabulary the portal classifies with
    from search.lexicon import read_groups

    vocabulary = build(read_groups())
    for path in args.sets:
        print("\n".join(report(path, vocabulary, args.misses)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
