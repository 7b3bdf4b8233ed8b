"""The held-out search set (tests/heldout/search.json), run once after a round's work, never tuned
on: 25 vacancies written apart from the code among the demo county's 300, and 42 queries of the
kinds outside checks found hard. Prints recall@10 and MRR per kind, and the misses. Not part of the
suite (the file name keeps pytest from collecting it); run it by path:

    TEST_DATABASE=sqlite .venv/bin/pytest tests/heldout/eval_search.py -s
    HELDOUT_DIR=/path/to/another/round TEST_DATABASE=sqlite .venv/bin/pytest tests/heldout/eval_search.py -s
"""

import asyncio
import json
import os
from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

from portal.db import make_engine, make_sessionmaker
from portal.demo.seed import seed_demo
from portal.models import Job
from tests.factories import add_corpus, wait_total

# HELDOUT_DIR names another round's folder (its search.json).
HELD = Path(os.environ.get("HELDOUT_DIR") or Path(__file__).resolve().parent) / "search.json"


async def _demo_county(url: str) -> int:
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        await seed_demo(session, workers=20, jobs=300)
        published = await session.scalar(
            select(func.count()).select_from(Job).where(Job.status == "published")
        )
    await engine.dispose()
    return published or 0


def test_heldout_search(client, settings, artifacts):
    data = json.loads(HELD.read_text(encoding="utf-8"))
    demo = asyncio.run(_demo_county(settings.database_url))
    # The writer gave what a posting says; the corpus loader also wants the form's ticks.
    jobs = [
        {"has_housing": False, "has_meals": False, "accepts_over_50": False, **job}
        for job in data["jobs"]
    ]
    keys = asyncio.run(add_corpus(settings.database_url, jobs))
    wait_total(client, demo + len(data["jobs"]), seconds=180.0)
    per_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    misses = []
    for query in data["queries"]:
        answer = client.get("/api/v1/jobs/search", params={"q": query["q"], "limit": 10}).json()
        ranked = [keys.get(h["id"], "demo") for h in answer["hits"]]
        expected = set(query["expect"])
        recall = len(expected & set(ranked)) / len(expected)
        rank = next((i + 1 for i, key in enumerate(ranked) if key in expected), None)
        per_kind[query["kind"]].append((recall, 1 / rank if rank else 0.0))
        if recall < 1:
            misses.append(
                f"{query['kind']:<12} {query['q']!r}: missing {sorted(expected - set(ranked))}, got {ranked[:5]}"
            )
    every = [x for v in per_kind.values() for x in v]
    lines = [f"{'kind':<12} {'queries':>7} {'recall@10':>9} {'MRR':>6}"]
    for kind, v in sorted(per_kind.items()):
        lines.append(
            f"{kind:<12} {len(v):>7} {sum(r for r, _ in v) / len(v):>9.3f} {sum(m for _, m in v) / len(v):>6.3f}"
        )
    lines.append(
        f"{'all':<12} {len(every):>7} {sum(r for r, _ in every) / len(every):>9.3f} {sum(m for _, m in every) / len(every):>6.3f}"
    )
    lines += ["", "Not fully found:", *misses]
    (artifacts / "heldout_search.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines))
