"""Benchmark job search: the portal's JSON API side by side with Meilisearch queried directly.

Measures, in one run against a throw-away SQLite database and a child Meilisearch:
  * indexing: seeding the demo county with N vacancies, then draining the search outbox (s, docs/s);
  * search latency: p50/p95/p99 and throughput of GET /api/v1/jobs/search versus the same queries
    POSTed straight to Meilisearch (the baseline), same query list, same client, same concurrency;
  * freshness: staff approval of a pending vacancy until the portal's search finds it, versus a
    single document added straight to Meilisearch until a direct search finds it;
  * peak memory: the portal process (`portal serve`, one uvicorn worker) and Meilisearch.

Figures only, no thresholds. The portal, Meilisearch and this load generator share the machine's
cores, as they would on a one-box county install.

    .venv/bin/python scripts/bench_search.py [--jobs 5000] [--requests 2000] [--concurrency 8] [--approvals 30]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import select

from portal.db import make_engine, make_sessionmaker, upgrade
from portal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from portal.indexer import drain
from portal.models import Employer, Job, utcnow
from portal.services.jobs import fallback_text, search_dict
from portal.settings import ROOT
from search import filters
from search.client import SearchClient
from search.documents import JOBS, job_document
from search.normalize import normalize
from search.server import MeiliServer, find_binary, free_port

PREFIX = "portal"
TOWNSHIP = "511323101"
WARMUP = 100
POLL = 0.02  # seconds between freshness polls
FRESH_LIMIT = 2.0  # "searchable within" threshold reported, not asserted
FRESH_TIMEOUT = 30.0
QUERIES: list[tuple[str, str | None]] = [
    (q, None) for q in ("电焊", "缝纫", "叉车", "厨师", "护理", "快递", "電焊", "焊工", "月薪6000", "钢筋工",
                        "挖机", "保洁", "月嫂", "服务员", "装卸", "数控车床", "養老護理", "货车司机", "包吃住", "水电工")
] + [(q, TOWNSHIP) for q in ("电焊", "普工", "厨师", "快递")]
STAFF_PHONE = next(d.phone for d in DEMO_LOGINS if d.role == "staff")


def log(msg: str) -> None:
    print(f"# {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))] if s else float("nan")


async def prepare(url: str, client: SearchClient, jobs: int, approvals: int) -> dict:
    """Seed, index, and store the pending vacancies the freshness run will approve."""
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    out: dict = {}
    t0 = time.perf_counter()
    async with factory() as session:
        await seed_demo(session, workers=200, jobs=jobs)
    out["seed_s"] = time.perf_counter() - t0
    client.ensure_indexes()
    t0 = time.perf_counter()
    out["indexed"] = await drain(factory, client, wait=True)
    out["index_s"] = time.perf_counter() - t0
    async with factory() as session:
        employer = await session.scalar(select(Employer).order_by(Employer.id).limit(1))
        out["employer"] = employer.name
        out["pending"] = []
        for i in range(approvals):
            token = f"benchtoken{i}"
            job = Job(employer_id=employer.id, status="pending", title=f"电焊工 {token}",
                      description="县城周边钢结构工地，熟练电焊，包吃住。", township_code=TOWNSHIP, wage_min=6000,
                      wage_max=8000, headcount=3, skills=["电焊"], has_housing=True, has_meals=True)
            session.add(job)
            await session.flush()
            await session.refresh(job, ["employer", "township"])
            job.search_text = fallback_text(job, job.employer.name, job.township.name)
            out["pending"].append((job.id, token))
            out.setdefault("template", search_dict(job))
        await session.commit()
    await engine.dispose()
    return out


def run_load(call, total: int, concurrency: int) -> tuple[list[float], float, int]:
    """``total`` calls over ``concurrency`` threads, each with its own kept-alive Session."""
    counter, lock = itertools.count(), threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def worker() -> None:
        mine, bad = [], 0
        with requests.Session() as s:
            while (i := next(counter)) < total:
                t0 = time.perf_counter()
                ok = call(s, QUERIES[i % len(QUERIES)])
                mine.append(time.perf_counter() - t0)
                bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for f in [pool.submit(worker) for _ in range(concurrency)]:
            f.result()
    return latencies, time.perf_counter() - start, errors[0]


def wait_searchable(search, job_id: int, started: float) -> float | None:
    while time.perf_counter() - started < FRESH_TIMEOUT:
        if job_id in {h["id"] for h in search()}:
            return time.perf_counter() - started
        time.sleep(POLL)
    return None


def proc_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=5000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--approvals", type=int, default=30)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    meili = server = None
    try:
        db_url = f"sqlite+aiosqlite:///{tmp / 'bench.sqlite3'}"
        upgrade(db_url)
        meili = MeiliServer(find_binary(None, ROOT / "var" / "bin" / "meilisearch"), tmp / "meili").start()
        client = SearchClient(meili.url, meili.master_key, PREFIX)
        log(f"seeding {args.jobs} vacancies and indexing")
        prep = asyncio.run(prepare(db_url, client, args.jobs, args.approvals))

        port = free_port()
        env = {**os.environ, "DATABASE_URL": "sqlite:///" + str(tmp / "bench.sqlite3"), "MEILI_URL": meili.url,
               "MEILI_MASTER_KEY": meili.master_key, "MEILI_INDEX_PREFIX": PREFIX, "PORTAL_VAR_DIR": str(tmp),
               "SECRET_KEY": "bench-secret-key-123456"}
        # The portal runs as it does in production: its own process, one uvicorn worker.
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "portal"), "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("portal did not start")
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        meili_search = f"{meili.url}/indexes/{PREFIX}_{JOBS}/search"
        meili_headers = {"Authorization": f"Bearer {meili.master_key}", "Accept-Encoding": "identity"}

        def portal_query(s: requests.Session, q: str, township: str | None) -> requests.Response:
            params = {"q": q} | ({"township": township} if township else {})
            return s.get(f"{base}/api/v1/jobs/search", params=params, timeout=10)

        def meili_query(s: requests.Session, q: str, township: str | None) -> requests.Response:
            body = {"q": normalize(q), "hitsPerPage": 20, "page": 1}
            if township:
                body["filter"] = filters.eq("township_code", township)
            return s.post(meili_search, json=body, headers=meili_headers, timeout=10)

        def portal_call(s, item) -> bool:
            r = portal_query(s, *item)
            return r.status_code == 200 and not r.json()["degraded"]

        def meili_call(s, item) -> bool:
            r = meili_query(s, *item)
            return r.status_code == 200 and "hits" in r.json()

        # Sanity: do both sides find the same number of vacancies for each query?
        with requests.Session() as s:
            differ = [q for q, t in QUERIES
                      if portal_query(s, q, t).json()["total"] != meili_query(s, q, t).json()["totalHits"]]
            empty = [q + (f"@{t}" if t else "") for q, t in QUERIES if not meili_query(s, q, t).json()["hits"]]

        latency = {}
        for name, call in (("portal API", portal_call), ("meilisearch", meili_call)):
            log(f"search load: {name}")
            run_load(call, WARMUP, args.concurrency)
            latency[name] = run_load(call, args.requests, args.concurrency)

        log("freshness: portal approvals")
        with requests.Session() as staff:
            r = staff.post(f"{base}/api/v1/auth/login", json={"phone": STAFF_PHONE, "password": DEMO_PASSWORD}, timeout=10)
            r.raise_for_status()
            staff.headers["x-csrftoken"] = r.json()["csrf_token"]
            fresh_portal = []
            for job_id, token in prep["pending"]:
                started = time.perf_counter()
                staff.post(f"{base}/api/v1/jobs/{job_id}/approve", timeout=10).raise_for_status()
                fresh_portal.append(wait_searchable(lambda t=token: portal_query(staff, t, None).json()["hits"], job_id, started))

        log("freshness: direct Meilisearch additions")
        fresh_meili = []
        with requests.Session() as s:
            for i in range(args.approvals):
                token, doc_id = f"basetoken{i}", 10_000_000 + i
                doc = job_document({**prep["template"], "id": doc_id, "title": f"电焊工 {token}", "created_ts": utcnow().timestamp()})
                started = time.perf_counter()
                client.upsert(JOBS, [doc])
                fresh_meili.append(wait_searchable(lambda t=token: meili_query(s, t, None).json()["hits"], doc_id, started))

        rss_portal = proc_mb(server.pid, "VmHWM")
        rss_meili = proc_mb(meili.process.pid, "VmHWM"), proc_mb(meili.process.pid, "VmRSS")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        if meili is not None:
            meili.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    published = args.jobs - args.jobs // 20
    print(f"\nbench_search  jobs={args.jobs} ({published} published)  workers=200  requests/side={args.requests}  "
          f"concurrency={args.concurrency}  approvals={args.approvals}")
    print("\nsetup")
    print(f"  seed demo data        {prep['seed_s']:8.2f} s")
    print(f"  index (outbox drain)  {prep['index_s']:8.2f} s   {prep['indexed']} docs   {prep['indexed'] / prep['index_s']:8.0f} docs/s")
    print(f"\nsearch latency  ({len(QUERIES)} queries, {WARMUP} warm-up requests/side; "
          f"hit totals portal vs direct differ on {len(differ)}{': ' + ' '.join(differ) if differ else ''})")
    print(f"  no hits for {len(empty)}: {' '.join(empty) or '-'}")
    print(f"  {'':16}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}")
    stats = {}
    for name, (lat, wall, errs) in latency.items():
        stats[name] = (pct(lat, 50) * 1000, pct(lat, 95) * 1000, pct(lat, 99) * 1000, len(lat) / wall)
        p50, p95, p99, rps = stats[name]
        print(f"  {name:16}{p50:9.2f}{p95:9.2f}{p99:9.2f}{rps:9.0f}{errs:8d}")
    (a50, a95, _, arps), (b50, b95, _, brps) = stats["portal API"], stats["meilisearch"]
    print(f"  {'portal/baseline':16}{a50 / b50:8.1f}x{a95 / b95:8.1f}x{'':9}{arps / brps:8.2f}x")

    print(f"\nfreshness  (write -> searchable, polled every {POLL * 1000:.0f} ms)")
    print(f"  {'':20}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{f'<={FRESH_LIMIT:.0f} s':>10}")
    for name, times in (("portal approve", fresh_portal), ("meilisearch add", fresh_meili)):
        found = [t for t in times if t is not None]
        within = sum(t <= FRESH_LIMIT for t in found)
        print(f"  {name:20}{pct(found, 50):8.3f}{pct(found, 95):8.3f}{max(found, default=float('nan')):8.3f}"
              f"{f'{within}/{len(times)}':>10}")

    print("\npeak memory (RSS)")
    print(f"  portal process (VmHWM)      {rss_portal:8.0f} MB")
    print(f"  meilisearch child (VmHWM)   {rss_meili[0]:8.0f} MB   (RSS at the end: {rss_meili[1]:.0f} MB)")
    print(f"\nmachine: {len(os.sched_getaffinity(0))} cores")


if __name__ == "__main__":
    main()
