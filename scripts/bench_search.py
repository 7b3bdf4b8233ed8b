"""Benchmark job search at county scale: the portal's JSON API side by side with Meilisearch queried directly.

Measures, in one run against a throw-away SQLite database and a child Meilisearch (the data comes from
scripts/bench_data.py):
  * indexing: N generated vacancies bulk-inserted with their search outbox rows, then the outbox
    drained into Meilisearch exactly as the portal's indexer does (s, docs/s);
  * search latency: p50/p95/p99 and throughput of GET /api/v1/jobs/search at each concurrency level,
    next to the same queries POSTed straight to Meilisearch with the body of the portal's first search
    request (raw) and as a plain ``{q, limit}`` (plain: what a bare Meilisearch front end would send):
    same query list, same load generator. The figures to report are the ratios portal/raw and
    portal/plain. Failed (non-200 or no answer) and degraded (database fallback) answers are counted;
  * freshness: staff approval of a pending vacancy until the portal's search finds it, versus a
    single document added straight to Meilisearch until a direct search finds it;
  * peak memory: the portal process (`portal serve`, one uvicorn worker) and Meilisearch.

Figures only, no thresholds. The portal, Meilisearch and this load generator share the machine's
cores, as they would on a one-box county install.

    .venv/bin/python scripts/bench_search.py [--jobs 100000] [--concurrency 1,8,32] [--requests 2000]
        [--serial-requests 500] [--approvals 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from bench_data import TOWNSHIP, log, prepare
from bench_load import Load, Profile, pct, run_load

from portal.catalogue.search import JobQuery
from portal.db import upgrade
from portal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
from portal.models import utcnow
from portal.settings import ROOT
from portal.vocabulary.service import Vocabulary
from search.client import SearchClient
from search.documents import JOBS, job_document
from search.engine import WEAK_MATCH, JobSearch
from search.lexicon import Lexicon
from search.server import MeiliServer, find_binary, free_port

PREFIX = "portal"
WARMUP = 100  # requests per side before each measured level
POLL = 0.02  # seconds between freshness polls
FRESH_LIMIT = 2.0  # "searchable within" threshold reported, not asserted
FRESH_TIMEOUT = 30.0
QUERIES: list[tuple[str, str | None]] = [
    (q, None)
    for q in (
        "电焊",
        "缝纫",
        "叉车",
        "厨师",
        "护理",
        "快递",
        "電焊",
        "焊工",
        "月薪6000",
        "钢筋工",
        "挖机",
        "保洁",
        "月嫂",
        "服务员",
        "装卸",
        "数控车床",
        "養老護理",
        "货车司机",
        "包吃住",
        "水电工",
        "dianhan",
        "chache",
        "電焊工",
        "电汗",
        "仓管",
        "电焊 月薪6000",
        "勾机",  # read into a trade: the second request, for its vacancies
        "照顾老人",
        "修车",
    )
] + [(q, TOWNSHIP) for q in ("电焊", "普工", "厨师", "快递", "dianhan")]
STAFF_PHONE = next(d.phone for d in DEMO_LOGINS if d.role == "staff")


# --- the two sides ----------------------------------------------------------------------------------


def meili_body(lexicon: Lexicon, q: str, township: str | None) -> dict[str, Any]:
    """The body of the portal's first Meilisearch request for this query, built by the portal's own code."""
    query = JobQuery.parse({"q": q, "township": township or ""})
    return JobSearch(None, lexicon).request(query, datetime.now(UTC))


@dataclass(frozen=True)
class Query:
    q: str
    township: str | None
    body: dict[str, Any]

    @property
    def label(self) -> str:
        return self.q + (f"@{self.township}" if self.township else "")


@dataclass(frozen=True)
class Endpoints:
    portal: str  # base URL of `portal serve`
    meili: str  # the jobs index's search URL
    meili_key: str
    portal_pid: int = 0  # for --profile

    def portal_search(
        self, s: requests.Session, q: str, township: str | None = None
    ) -> requests.Response:
        params = {"q": q} | ({"township": township} if township else {})
        return s.get(f"{self.portal}/api/v1/jobs/search", params=params, timeout=10)

    def meili_search(self, s: requests.Session, body: dict[str, Any]) -> requests.Response:
        """Also the plain side: ``body`` is then only ``{q, limit}``."""
        headers = {"Authorization": f"Bearer {self.meili_key}", "Accept-Encoding": "identity"}
        return s.post(self.meili, json=body, headers=headers, timeout=10)


def portal_call(ep: Endpoints, s: requests.Session, query: Query) -> str:
    r = ep.portal_search(s, query.q, query.township)
    if r.status_code != 200:
        return "failed"
    return "degraded" if r.json()["degraded"] else "ok"


def meili_call(ep: Endpoints, s: requests.Session, query: Query) -> str:
    r = ep.meili_search(s, query.body)
    return "ok" if r.status_code == 200 and "hits" in r.json() else "failed"


def plain_call(ep: Endpoints, s: requests.Session, query: Query) -> str:
    r = ep.meili_search(s, {"q": query.q, "limit": 20})
    return "ok" if r.status_code == 200 and "hits" in r.json() else "failed"


def start_portal(tmp: Path, meili: MeiliServer) -> tuple[subprocess.Popen, str]:
    """The portal as it runs in production: its own process, one uvicorn worker; its log in tmp."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": "sqlite:///" + str(tmp / "bench.sqlite3"),
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": PREFIX,
        "PORTAL_VAR_DIR": str(tmp),
        "SECRET_KEY": "bench-secret-key-123456",
    }
    with open(tmp / "portal.log", "wb") as out:
        command = [str(ROOT / ".venv" / "bin" / "portal"), "serve", "--port", str(port)]
        server = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return server, f"http://127.0.0.1:{port}"
        except requests.RequestException:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError(
                "portal did not start: " + (tmp / "portal.log").read_text(errors="replace")[-500:]
            )
        time.sleep(0.1)


def portal_problems(path: Path) -> list[str]:
    """Warnings, errors and tracebacks in the portal's log (access lines are INFO)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [
        line for line in lines if any(word in line for word in ("WARNING", "ERROR", "Traceback"))
    ]


# --- measuring ----------------------------------------------------------------------------------------


def sanity(ep: Endpoints, queries: list[Query]) -> dict[str, list[str]]:
    """Do both sides find as many vacancies? Which queries find none, and which cost the portal more requests?"""
    out: dict[str, list[str]] = {"differ": [], "empty": [], "more": []}
    with requests.Session() as s:
        for query in queries:
            portal = ep.portal_search(s, query.q, query.township).json()
            raw = ep.meili_search(s, query.body).json()
            best = max((h.get("_rankingScore", 0.0) for h in raw["hits"]), default=0.0)
            if portal["total"] != raw["totalHits"]:
                out["differ"].append(query.label)
            if not raw["hits"]:
                out["empty"].append(query.label)
            if query.body["q"] and best < WEAK_MATCH:
                out["more"].append(query.label + ("(loose)" if portal["loose"] else ""))
    return out


def latency(
    ep: Endpoints,
    queries: list[Query],
    levels: list[int],
    per_level: int,
    serial: int,
    profile: tuple[Path, int] | None = None,
) -> dict:
    """Per concurrency level: the portal's load, then the same queries straight to Meilisearch."""
    sides = (
        ("portal", lambda s, q: portal_call(ep, s, q)),
        ("meili", lambda s, q: meili_call(ep, s, q)),
        ("plain", lambda s, q: plain_call(ep, s, q)),
    )
    results: dict[int, dict[str, Load]] = {}
    for level in levels:
        total = serial if level == 1 else per_level
        results[level] = {}
        for name, call in sides:
            log(f"search load: {name}, {level} clients, {total} requests")
            run_load(call, queries, WARMUP, level)
            sampler = None
            if profile and name == "portal" and level == max(levels):
                sampler = Profile(profile[0], profile[1])
            results[level][name] = run_load(call, queries, total, level)
            if sampler:
                sampler.stop()
                results["profile"] = sampler.summary()  # type: ignore[index]
    return results


def fresh_portal(ep: Endpoints, pending: list[tuple[int, str]]) -> list[float | None]:
    with requests.Session() as staff:
        r = staff.post(
            f"{ep.portal}/api/v1/auth/login",
            json={"phone": STAFF_PHONE, "password": DEMO_PASSWORD},
            timeout=10,
        )
        r.raise_for_status()
        staff.headers["x-csrftoken"] = r.json()["csrf_token"]
        times = []
        for job_id, token in pending:
            started = time.perf_counter()
            staff.post(f"{ep.portal}/api/v1/jobs/{job_id}/approve", timeout=10).raise_for_status()
            times.append(
                wait_searchable(
                    lambda t=token: ep.portal_search(staff, t).json()["hits"], job_id, started
                )
            )
    return times


def fresh_meili(
    ep: Endpoints, client: SearchClient, lexicon: Lexicon, template: dict, n: int
) -> list[float | None]:
    times = []
    with requests.Session() as s:
        for i in range(n):
            token, doc_id = f"basetoken{i}", 10_000_000 + i
            doc = job_document(
                {
                    **template,
                    "id": doc_id,
                    "title": f"电焊工 {token}",
                    "posted_ts": utcnow().timestamp(),
                },
                lexicon,
            )
            body = meili_body(lexicon, token, None)
            started = time.perf_counter()
            client.upsert(JOBS, [doc])
            times.append(
                wait_searchable(
                    lambda b=body: ep.meili_search(s, b).json()["hits"], doc_id, started
                )
            )
    return times


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


# --- report -------------------------------------------------------------------------------------------


def print_setup(args: argparse.Namespace, prep: dict) -> None:
    print(
        f"\nbench_search  jobs={args.jobs}  concurrency={','.join(map(str, args.concurrency))}  "
        f"requests/side={args.requests} (at 1 client: {args.serial_requests})  approvals={args.approvals}  "
        f"machine: {len(os.sched_getaffinity(0))} cores"
    )
    print("\nsetup")
    print(
        f"  generate + insert     {prep['seed_s']:8.2f} s   ({args.jobs} vacancies, bulk INSERT, demo seed)"
    )
    print(
        f"  index (outbox drain)  {prep['index_s']:8.2f} s   {prep['indexed']} docs   "
        f"{prep['indexed'] / prep['index_s']:8.0f} docs/s"
    )


def print_latency(
    queries: list[Query], checks: dict[str, list[str]], results: dict[int, dict[str, Load]]
) -> None:
    print(
        f"\nsearch latency  ({len(queries)} queries, {WARMUP} warm-up requests/side/level; ms; "
        "raw = the portal's first Meilisearch request body, POSTed directly; plain = {q, limit})"
    )
    print(
        f"  hit totals portal vs raw differ on {len(checks['differ'])}: {' '.join(checks['differ']) or '-'}"
    )
    print(f"  no hits for {len(checks['empty'])}: {' '.join(checks['empty']) or '-'}")
    print(f"  weak first match, portal asks again: {' '.join(checks['more']) or '-'}")
    print(
        f"  {'side':>6} {'clients':>7} | {'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>6}{'fail':>5}"
        f"{'degr':>5} | {'p50 x':>6}{'p95 x':>6}{'tput':>6}"
    )
    for level, sides in results.items():
        portal = sides["portal"].row()
        for name in ("portal", "meili", "plain"):
            row, out = sides[name].row(), sides[name].outcomes
            ratio = (
                f"{portal[0] / row[0]:5.1f}x{portal[1] / row[1]:5.1f}x{row[3] / portal[3]:5.2f}x"
                if name != "portal"
                else ""
            )
            print(
                f"  {('raw' if name == 'meili' else name):>6} {level:7d} | {row[0]:7.1f}{row[1]:7.1f}"
                f"{row[2]:7.1f}{row[3]:6.0f}{out['failed']:5d}{out['degraded']:5d} | {ratio}"
            )
    print(
        "  (p50 x, p95 x: portal/that side's latency; tput: that side's/portal throughput; fail: "
        "non-200 or no answer; degr: portal answered degraded, from the database)"
    )


def print_freshness(fresh: dict[str, list[float | None]]) -> None:
    print(f"\nfreshness  (write -> searchable, polled every {POLL * 1000:.0f} ms)")
    print(f"  {'':20}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{f'<={FRESH_LIMIT:.0f} s':>10}")
    for name, times in fresh.items():
        found = [t for t in times if t is not None]
        within = sum(t <= FRESH_LIMIT for t in found)
        print(
            f"  {name:20}{pct(found, 50):8.3f}{pct(found, 95):8.3f}{max(found, default=float('nan')):8.3f}"
            f"{f'{within}/{len(times)}':>10}"
        )


def print_memory(memory: dict[str, float], problems: list[str]) -> None:
    print("\npeak memory (RSS)")
    print(f"  portal process (VmHWM)      {memory['portal']:8.0f} MB")
    print(
        f"  meilisearch child (VmHWM)   {memory['meili']:8.0f} MB   (RSS at the end: {memory['meili_now']:.0f} MB)"
    )
    print(f"\nportal log: {len(problems)} warning/error lines")
    for line in problems[:5]:
        print(f"  {line[:200]}")


# --- main -----------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=100_000, help="vacancies to generate and index")
    ap.add_argument(
        "--concurrency",
        type=lambda s: [int(c) for c in s.split(",")],
        default=[1, 8, 32],
        help="comma-separated client counts",
    )
    ap.add_argument(
        "--requests", type=int, default=2000, help="measured requests per side and level"
    )
    ap.add_argument(
        "--serial-requests",
        type=int,
        help="the same at 1 client (default: a quarter of --requests)",
    )
    ap.add_argument("--approvals", type=int, default=20, help="freshness samples per side")
    ap.add_argument(
        "--profile",
        type=Path,
        help="sample the portal with py-spy during its load at the highest concurrency "
        "(raw stacks written here, a summary printed)",
    )

    args = ap.parse_args()
    args.serial_requests = args.serial_requests or max(1, args.requests // 4)
    return args


def measure(
    ep: Endpoints, client: SearchClient, lexicon: Lexicon, prep: dict, args: argparse.Namespace
) -> dict:
    queries = [Query(q, t, meili_body(lexicon, q, t)) for q, t in QUERIES]
    out: dict[str, Any] = {"queries": queries, "checks": sanity(ep, queries)}
    profile = (args.profile, ep.portal_pid) if args.profile else None
    out["latency"] = latency(
        ep, queries, args.concurrency, args.requests, args.serial_requests, profile
    )
    log("freshness: portal approvals, then direct Meilisearch additions")
    out["fresh"] = {
        "portal approve": fresh_portal(ep, prep["pending"]),
        "meilisearch add": fresh_meili(ep, client, lexicon, prep["template"], args.approvals),
    }
    return out


def main() -> None:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    meili = server = None
    try:
        db_url = f"sqlite+aiosqlite:///{tmp / 'bench.sqlite3'}"
        upgrade(db_url)
        meili = MeiliServer(
            find_binary(None, ROOT / "var" / "bin" / "meilisearch"), tmp / "meili"
        ).start()
        client = SearchClient(meili.url, meili.master_key, PREFIX)
        vocabulary = Vocabulary()
        log(f"generating {args.jobs} vacancies")
        prep = asyncio.run(prepare(db_url, client, vocabulary, args.jobs, args.approvals))
        log(f"indexed {prep['indexed']} docs in {prep['index_s']:.1f} s; starting the portal")
        server, base = start_portal(tmp, meili)
        search_url = f"{meili.url}/indexes/{client.uid(JOBS)}/search"
        ep = Endpoints(base, search_url, meili.master_key, server.pid)
        out = measure(ep, client, vocabulary.lexicon, prep, args)
        memory = {
            "portal": proc_mb(server.pid, "VmHWM"),
            "meili": proc_mb(meili.process.pid, "VmHWM"),
            "meili_now": proc_mb(meili.process.pid, "VmRSS"),
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        problems = portal_problems(tmp / "portal.log") if (tmp / "portal.log").exists() else []

        if meili is not None:
            meili.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print_setup(args, prep)
    profile_lines = out["latency"].pop("profile", None)
    print_latency(out["queries"], out["checks"], out["latency"])
    if profile_lines:
        print("\nprofile (py-spy, portal at the highest concurrency)")
        print("\n".join(profile_lines))
    print_freshness(out["fresh"])
    print_memory(memory, problems)


if __name__ == "__main__":
    main()
