"""The held-out sets of tests/heldout, run once after a round's work (never tuned on).

Trade reading: minor group and occupation top-1 for the portal's classifier beside the rapidfuzz
baseline (scripts/bench_trades.py on tests/heldout/titles.json). Screening: "needs a look"
precision and recall (any finding from the text, the wage check or the posting's own form) and the
recall per kind of scam.

    PYTHONPATH=$PWD .venv/bin/python scripts/eval_heldout.py [--misses] [--dir tests/heldout]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from portal.jobs.consistency import FormFacts, against_form
from portal.jobs.screening import rules

ROOT = Path(__file__).resolve().parents[1]
HELD = ROOT / "tests" / "heldout"


def flags(p: dict) -> set[str]:
    screen = rules()
    found = {
        f.rule for f in screen.posting(p["title"] + " " + p["description"], p["wage_max"], None)
    }
    form = FormFacts(
        p["wage_min"],
        p["wage_max"],
        "month",
        p.get("age_min", 0),
        p.get("age_max", 0),
        p.get("township", ""),
    )
    found |= {f.rule for f in against_form(p["description"], form)}
    return found


def screening(held: Path, misses: bool) -> None:
    postings = json.loads((held / "screening.json").read_text(encoding="utf-8"))["postings"]
    results = [(set(p["expect"]), flags(p), p) for p in postings]
    held = [bool(got) for want, got, _ in results if want]
    flagged = [bool(want) for want, got, _ in results if got]
    recall = sum(held) / len(held)
    precision = sum(flagged) / max(1, len(flagged))
    print(f"screening, {len(postings)} postings ({len(held)} to hold): needs a look")
    print(f"  precision {precision:.3f}  recall {recall:.3f}")
    kinds = sorted({k for want, _, _ in results for k in want})
    for kind in kinds:
        rows = [bool(got) for want, got, _ in results if kind in want]
        print(f"  {kind:16s} held {sum(rows)}/{len(rows)}")
    if misses:
        for want, got, p in results:
            if bool(want) != bool(got):
                print(f"  MISS {p['id']} want={sorted(want)} got={sorted(got)} {p['title']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--dir", type=Path, default=HELD, help="the sets' folder (tests/heldout)")
    args = parser.parse_args()
    command = [
        sys.executable,
        str(ROOT / "scripts" / "bench_trades.py"),
        str(args.dir / "titles.json"),
    ]
    subprocess.run(command + (["--misses"] if args.misses else []), check=True)
    screening(args.dir, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
