"""The county-scale data the search benchmark runs on: vacancies bulk-inserted with their outbox rows.

Varied like the demo seed (same trades, employers, words for housing and meals), but written with
bulk INSERTs so 100,000 vacancies take seconds, not minutes. Used by scripts/bench_search.py.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from types import SimpleNamespace

from sqlalchemy import func, insert, select

from portal.db import make_engine, make_sessionmaker
from portal.demo.seed import HOUSING_WORDS, MEAL_WORDS, industry_key, seed_demo
from portal.indexer import drain
from portal.jobs.service import fallback_text, search_dict
from portal.models import Employer, Job, SearchOutbox, utcnow
from portal.reference import townships
from portal.settings import ROOT
from portal.vocabulary.service import Vocabulary
from search.client import SearchClient

TOWNSHIP = "511323101"
TRADES = ROOT / "portal" / "demo" / "trades.json"
SEED = 20260101
WORKERS = 200  # worker archives seeded (the demo logins need some)
CHUNK = 5_000  # rows per bulk INSERT


def log(msg: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


def job_row(
    rng: random.Random, trade: dict, employer: Employer, places: dict[str, str], job_id: int
) -> dict:
    """One published vacancy as a row for a bulk INSERT, varied like the demo seed's."""
    code = employer.township_code if rng.random() < 0.7 else rng.choice(list(places))
    description = rng.choice(trade["descriptions"])
    low, high = trade["wage"]
    wage_min = int(round(rng.uniform(low, (low + high) / 2), -2))
    created = utcnow() - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 60))
    row = {
        "id": job_id,
        "employer_id": employer.id,
        "title": f"{rng.choice(trade['titles'])} {places[code]}",
        "description": description,
        "township_code": code,
        "wage_min": wage_min,
        "wage_max": int(max(wage_min, round(rng.uniform(wage_min, high), -2))),
        "headcount": rng.choice((1, 2, 3, 5, 8, 10, 20)),
        "skills": list(trade["skills"][: rng.randint(1, len(trade["skills"]))]),
        "has_housing": any(w in description for w in HOUSING_WORDS)
        or rng.random() < trade["housing"],
        "has_meals": any(w in description for w in MEAL_WORDS) or rng.random() < trade["meals"],
        "industry": industry_key(trade["industry"]),
        "accepts_over_50": bool(trade.get("over_50_ok")),
        "status": "published",
        "created_at": created,
        "updated_at": created,
    }
    row["search_text"] = fallback_text(SimpleNamespace(**row), employer.name, places[code])
    return row


async def insert_jobs(session, count: int) -> None:
    """``count`` published vacancies of the demo trades at the demo employers, with their outbox rows."""
    rng = random.Random(SEED)
    trades = json.loads(TRADES.read_text(encoding="utf-8"))
    places = {t.code: t.name for t in townships()}
    employers = list(await session.scalars(select(Employer).order_by(Employer.id)))
    by_industry: dict[str, list[Employer]] = {}
    for e in employers:
        by_industry.setdefault(e.industry, []).append(e)
    first = (await session.scalar(select(func.max(Job.id))) or 0) + 1
    for start in range(0, count, CHUNK):
        rows = []
        for i in range(start, min(count, start + CHUNK)):
            trade = trades[i % len(trades)]
            employer = rng.choice(by_industry.get(trade["industry"]) or employers)
            rows.append(job_row(rng, trade, employer, places, first + i))
        await session.execute(insert(Job), rows)
        await session.execute(
            insert(SearchOutbox), [{"entity": "job", "entity_id": r["id"]} for r in rows]
        )
    await session.commit()


async def add_pending(session, approvals: int) -> tuple[list[tuple[int, str]], dict]:
    """Pending vacancies for the freshness run, each with a unique word; and a document template."""
    employer = await session.scalar(select(Employer).order_by(Employer.id).limit(1))
    pending, template = [], {}
    for i in range(approvals):
        token = f"benchtoken{i}"
        job = Job(
            employer_id=employer.id,
            status="pending",
            title=f"电焊工 {token}",
            description="县城周边钢结构工地，熟练电焊，包吃住。",
            township_code=TOWNSHIP,
            wage_min=6000,
            wage_max=8000,
            headcount=3,
            skills=["电焊"],
            has_housing=True,
            has_meals=True,
            industry="construction",
        )
        session.add(job)
        await session.flush()
        await session.refresh(job, ["employer", "township"])
        job.search_text = fallback_text(job, job.employer.name, job.township.name)
        pending.append((job.id, token))
        template = template or search_dict(job)
    await session.commit()
    return pending, template


async def prepare(
    url: str, client: SearchClient, vocabulary: Vocabulary, jobs: int, approvals: int
) -> dict:
    """Seed, index through the outbox, and store the pending vacancies the freshness run will approve."""
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    out: dict = {}
    t0 = time.perf_counter()
    async with factory() as session:
        await seed_demo(session, workers=WORKERS, jobs=0)
        await insert_jobs(session, jobs)
    out["seed_s"] = time.perf_counter() - t0
    log(f"generated {jobs} vacancies in {out['seed_s']:.1f} s; draining the outbox")
    client.ensure_indexes(vocabulary.lexicon)
    t0 = time.perf_counter()
    out["indexed"] = await drain(factory, client, vocabulary, wait=True)
    out["index_s"] = time.perf_counter() - t0
    async with factory() as session:
        out["pending"], out["template"] = await add_pending(session, approvals)
    await engine.dispose()
    return out
