"""Benchmark the pages that show matches, end to end, at county scale, through a real server.

What is measured: HTTP latency as a browser or an app sees it (routing, session, guard, database,
matcher, explanation, template or JSON), against a real database holding (by default) 200,000
consenting worker archives and 5,000 published vacancies, the data of scripts/bench_matching.py
(same generator, same seed) written as rows:

  * GET /jobs/{id}/candidates          as staff (any vacancy) and as an employer (its own vacancies)
  * GET /api/v1/jobs/{id}/candidates   as staff
  * GET /me                            as a worker whose login is linked to an archive
  * GET /api/v1/me/matches             as that worker

How: the portal runs in a CHILD process (this script with --serve: uvicorn, one process, as one app
worker of production runs), so its memory (VmHWM from /proc/<pid>/status) and CPU time are its own and
not the load generator's. Meilisearch is started as a child like tests/conftest.py does (the pages do
not search, but the app wants a search server). Settings as in production where it matters:
match_refresh_seconds=2.0 (so one request in every two seconds also reads the changes since the last
look), warm_vocabulary=True, outbox_interval=1.0.

After start-up: 56 logins (a staff member, 5 employers, 50 workers), then the trade vocabulary is
awaited (GET /api/v1/trades/classify: it is built in a thread at start-up), then the COLD first
request of each page; the very first of them loads every archive and vacancy into the matcher.
Then the WARM series: --requests requests per page, one at a time from one keep-alive httpx client
(random vacancies; random ones of the 50 workers), and, with --concurrency N, the same again from N
clients at once. Every response must be 200; "found" is the number of matches the answer shows.

Also reported, to explain what is slow: whether the rest of the site answers while the matcher loads
(another client asks for the home page every 0.1 s during the first request), the three slowest warm
requests of each page, the server's garbage-collector pauses per phase (a gc.callbacks hook in the
child), and, when any answer is not 200, the first failed answer of each page and the server log's tail.
The concurrent run leaves out the employer's page (five logins only); one server process serves the N
clients, so their requests queue behind each other: latency there is about N x the server's time.

How to read it: "meets" is p95 < 100 ms with no errors; "srv CPU" is the server process's CPU time per
request, steadier than the latency when other work shares the cores (see the load average line).

Dates: the generator's calendar (its today is 2027-01-15) is moved to the real today, so licences,
start dates and availability are as near to today as the generator meant them to be.

    .venv/bin/python scripts/bench_match_pages.py [--workers 200000] [--jobs 5000] [--seed 7]
        [--requests 200] [--concurrency 4] [--database-url URL] [--keep] [--quick]

--database-url: default a SQLite file under /tmp/bench_match_pages/; a postgresql+asyncpg:// URL names a
database (its name must start with "bench") that is dropped and created fresh with psql, and dropped at
the end. --keep keeps the database and reuses it when it already holds the same data (skips the insert).
--quick: 20,000 archives, 1,000 vacancies, 50 requests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
for _p in (str(ROOT), str(SCRIPTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from bench_load import pct  # noqa: E402
from bench_pages_db import (  # noqa: E402  (after the path is set)
    CHUNK,
    EMPLOYER_LOGINS,
    KEEP_DIR,
    PASSWORD,
    STAFF_PHONE,
    build_database,
    employer_phone,
    index_reference,
    owner,
    plan,
    remove_database,
    worker_login_phone,
)
from bench_pages_server import Probe, proc_cpu, proc_status, serve, stop, wait_ready  # noqa: E402
from county import code_version, log  # noqa: E402

PORTAL_CODE = ("portal", "matching", "search", "policies", "templates")  # what the server runs
TARGET_MS = 100.0  # p95 of every page


# --- the load -------------------------------------------------------------------------------------------------


def found_in(kind: str, response: Any) -> tuple[int, int]:
    """(matches, one-step-away) the answer shows."""
    if kind == "html":
        body = response.text
        return body.count('class="card match"'), body.count('class="card near"')
    data = response.json()
    return len(data.get("hits", [])), len(data.get("near", []))


class Page:
    def __init__(self, label: str, kind: str, requests: list[tuple[Any, str]]) -> None:
        self.label, self.kind, self.requests = label, kind, requests


FIRST_ERRORS: dict[str, str] = {}  # path pattern -> the first failed answer, for the report


def one(client: Any, path: str, kind: str) -> tuple[float, int, tuple[int, int]]:
    t0 = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - t0
    found = found_in(kind, response) if response.status_code == 200 else (0, 0)
    if response.status_code != 200:
        key = "/".join("{id}" if part.isdigit() else part for part in path.split("/"))
        FIRST_ERRORS.setdefault(key, f"{path} -> {response.status_code}: {response.text[:300]!r}")
    return elapsed * 1000, response.status_code, found


def series(page: Page, pid: int) -> dict[str, Any]:
    """One request at a time, in order."""
    lat, errors, found, near, slow = [], 0, 0, 0, []
    cpu0, start, began = proc_cpu(pid), time.perf_counter(), time.time()
    for client, path in page.requests:
        at = time.perf_counter() - start
        ms, status, (f, n) = one(client, path, page.kind)
        lat.append(ms)
        slow.append((ms, at, path, status))
        errors += status != 200
        found, near = found + f, near + n
    wall, cpu = time.perf_counter() - start, proc_cpu(pid) - cpu0
    return {
        **summary(lat, errors, found, near, wall, cpu),
        "slowest": sorted(slow, reverse=True)[:3],
        "window": (began, time.time()),
    }


def concurrent(pages_per_client: list[Page], pid: int) -> dict[str, Any]:
    """Several clients at once, each with its own connection and its own list of requests."""
    results: list[list[tuple[float, int, tuple[int, int]]]] = [[] for _ in pages_per_client]
    barrier = threading.Barrier(len(pages_per_client) + 1)

    def run(i: int, page: Page) -> None:
        barrier.wait()
        for client, path in page.requests:
            results[i].append(one(client, path, page.kind))

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(pages_per_client)]
    for t in threads:
        t.start()
    cpu0 = proc_cpu(pid)
    barrier.wait()
    start, began = time.perf_counter(), time.time()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - start, proc_cpu(pid) - cpu0
    flat = [r for rs in results for r in rs]
    return {
        **summary(
            [r[0] for r in flat],
            sum(r[1] != 200 for r in flat),
            sum(r[2][0] for r in flat),
            sum(r[2][1] for r in flat),
            wall,
            cpu,
        ),
        "window": (began, time.time()),
    }


def summary(
    lat: list[float], errors: int, found: int, near: int, wall: float, cpu: float
) -> dict[str, Any]:
    n = len(lat)
    return {
        "n": n,
        "p50": pct(lat, 50),
        "p95": pct(lat, 95),
        "max": max(lat),
        "rps": n / wall,
        "cpu_ms": cpu * 1000 / n,
        "errors": errors,
        "found": found / n,
        "near": near / n,
    }


def login(base: str, phone: str) -> Any:
    import httpx

    client = httpx.Client(base_url=base, timeout=120.0)
    response = client.post("/api/v1/auth/login", json={"phone": phone, "password": PASSWORD})
    if response.status_code != 201:
        raise SystemExit(f"login {phone} failed: {response.status_code} {response.text[:300]}")
    client.headers["x-csrftoken"] = response.json()["csrf_token"]
    return client


def pages(
    args: argparse.Namespace,
    staff: Any,
    employers: list[Any],
    workers: list[Any],
    rng: random.Random,
    n: int,
) -> list[Page]:
    """The five series, each of ``n`` requests: random vacancies, random workers of the logins."""
    job_ids = list(range(1, args.jobs + 1))
    own: dict[int, list[int]] = {}
    for j in job_ids:
        own.setdefault(owner(j), []).append(j)
    vacancies = rng.sample(job_ids, n) if n <= len(job_ids) else rng.choices(job_ids, k=n)
    owning = [
        k for k in range(len(employers)) if own.get(1 + k)
    ]  # with very few vacancies some own none
    mine = []
    for _ in range(n):
        k = rng.choice(owning)
        mine.append((employers[k], f"/jobs/{rng.choice(own[1 + k])}/candidates"))
    people = [rng.choice(workers) for _ in range(n)]
    return [
        Page(
            "GET /jobs/{id}/candidates  (staff)",
            "html",
            [(staff, f"/jobs/{j}/candidates") for j in vacancies],
        ),
        Page("GET /jobs/{id}/candidates  (employer)", "html", mine),
        Page(
            "GET /api/v1/jobs/{id}/candidates (staff)",
            "json",
            [
                (staff, f"/api/v1/jobs/{j}/candidates")
                for j in rng.sample(vacancies, len(vacancies))
            ],
        ),
        Page("GET /me  (worker)", "html", [(w, "/me") for w in people]),
        Page(
            "GET /api/v1/me/matches  (worker)",
            "json",
            [(w, "/api/v1/me/matches") for w in rng.sample(people, n)],
        ),
    ]


# --- report ------------------------------------------------------------------------------------------------------


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def print_table(title: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"\n{title}")
    print(
        f"  {'page':42}{'p50':>8}{'p95':>8}{'max':>9}{'req/s':>8}{'srv CPU':>9}{'found':>7}{'near':>6}"
        f"{'errors':>7}   {'target':<12}{'meets':>5}"
    )
    print(f"  {'':42}{'ms':>8}{'ms':>8}{'ms':>9}{'':>8}{'ms/req':>9}")
    for label, r in rows:
        meets = "yes" if r["p95"] < TARGET_MS and r["errors"] == 0 else "NO"
        print(
            f"  {label:42}{r['p50']:8.1f}{r['p95']:8.1f}{r['max']:9.1f}{r['rps']:8.1f}{r['cpu_ms']:9.1f}"
            f"{r['found']:7.1f}{r['near']:6.1f}{r['errors']:7d}   {'p95 < 100 ms':<12}{meets:>5}"
        )


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=200_000, help="worker archives")
    ap.add_argument("--jobs", type=int, default=5_000, help="published vacancies")
    ap.add_argument(
        "--seed",
        type=int,
        default=7,
        help="seed of the data (as bench_matching.py) and of the requests",
    )
    ap.add_argument("--requests", type=int, default=200, help="measured requests per page (warm)")
    ap.add_argument(
        "--concurrency", type=int, default=4, help="clients of the concurrent run (0: no such run)"
    )
    ap.add_argument(
        "--database-url",
        default=None,
        help="sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST:PORT/bench_NAME "
        "(default: a SQLite file under /tmp/bench_match_pages/)",
    )
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep the database, and reuse it if it holds the same data",
    )
    ap.add_argument(
        "--quick", action="store_true", help="20,000 archives, 1,000 vacancies, 50 requests"
    )
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick:
        args.workers, args.jobs, args.requests = 20_000, 1_000, 50
    if args.workers < 1 or args.jobs < 1 or args.requests < 1:
        ap.error("--workers, --jobs and --requests must be positive")
    if args.database_url is None:
        args.database_url = f"sqlite+aiosqlite:///{KEEP_DIR}/bench_{args.workers}w_{args.jobs}j_s{args.seed}.sqlite3"
    else:
        from portal.settings import database_url

        args.database_url = database_url(args.database_url, KEEP_DIR)
        if args.database_url.startswith("postgresql"):
            from sqlalchemy.engine import make_url

            name = make_url(args.database_url).database or ""
            if not name.startswith("bench"):
                ap.error(
                    "a PostgreSQL database for this benchmark must be named bench...: it is dropped"
                )
    return args


def main() -> None:
    if "--serve" in sys.argv:  # the child: nothing else imported
        serve(sys.argv[sys.argv.index("--serve") + 1])
        return
    args = parse_args()
    import httpx

    from portal.settings import ROOT as PORTAL_ROOT
    from search.server import MeiliServer, find_binary, free_port

    load_before, code_before = os.getloadavg(), code_version(PORTAL_CODE, (".py", ".html"))
    who = plan(args)
    tmp = Path(tempfile.mkdtemp(prefix="bench_match_pages_"))
    meili = server = None
    clients: list[Any] = []
    try:
        log(f"database {args.database_url}")
        db = build_database(args.database_url, args, who)
        log("starting Meilisearch")
        meili = MeiliServer(
            find_binary(os.environ.get("MEILI_BIN"), PORTAL_ROOT / "var" / "bin" / "meilisearch"),
            tmp / "meili",
        ).start()
        prefix = "bench"
        asyncio.run(index_reference(args.database_url, meili.url, meili.master_key, prefix))

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        settings = dict(
            database_url=args.database_url,
            secret_key="bench-secret-key-not-for-production",
            var_dir=str(tmp / "var"),
            meili_url=meili.url,
            meili_master_key=meili.master_key,
            meili_index_prefix=prefix,
            outbox_interval=1.0,
            match_refresh_seconds=2.0,
            warm_vocabulary=True,
            port=port,
            gc_log=str(tmp / "gc.json"),
        )
        server_log = tmp / "server.log"
        log("starting the portal (child process)")
        t0 = time.perf_counter()
        with open(server_log, "wb") as out:
            server = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--serve", json.dumps(settings)],
                cwd=str(ROOT),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_ready(base, server, server_log)
        cold: list[tuple[str, float, str]] = [
            (
                "server ready (process start -> /healthz 200)",
                (time.perf_counter() - t0) * 1000,
                mb(proc_status(server.pid)["VmRSS"]),
            )
        ]
        rss_ready = proc_status(server.pid)["VmRSS"]

        log(f"logging in {1 + EMPLOYER_LOGINS + len(who['worker_archives'])} users")
        staff = login(base, STAFF_PHONE)
        employers = [login(base, employer_phone(k)) for k in range(EMPLOYER_LOGINS)]
        workers = [login(base, worker_login_phone(k)) for k in range(len(who["worker_archives"]))]
        clients = [staff, *employers, *workers]
        t0 = time.perf_counter()
        response = staff.get("/api/v1/trades/classify", params={"text": "电焊"})
        assert response.status_code == 200, response.text
        cold.append(
            (
                "trade vocabulary ready (GET /api/v1/trades/classify)",
                (time.perf_counter() - t0) * 1000,
                mb(proc_status(server.pid)["VmRSS"]),
            )
        )

        rng = random.Random(args.seed + 5)
        first = pages(args, staff, employers, workers, rng, 1)
        log("cold: the first request of each page (the very first loads the matcher)")
        cold_errors = []
        cold_began, bystander = time.time(), []
        for i, page in enumerate(first):
            client, path = page.requests[0]
            probe = (
                Probe(base) if i == 0 else None
            )  # does the rest of the site answer during the load?
            ms, status, (f, n) = one(client, path, page.kind)
            if probe is not None:
                bystander = probe.stop()
            note = "loads the matcher: every archive and vacancy" if i == 0 else "first of its kind"
            if status != 200:
                cold_errors.append(f"{page.label} {path}: {status}")
            cold.append(
                (
                    f"first {page.label}  [{note}; found {f}+{n}]",
                    ms,
                    mb(proc_status(server.pid)["VmRSS"]),
                )
            )
        rss_loaded = proc_status(server.pid)["VmRSS"]
        cold_window = (cold_began, time.time())

        log(f"warm: {args.requests} requests per page, one client")
        warm = [
            (p.label, series(p, server.pid))
            for p in pages(args, staff, employers, workers, rng, args.requests)
        ]

        together = []
        if args.concurrency > 0:
            log(f"concurrent: {args.concurrency} clients")
            extra_staff = [login(base, STAFF_PHONE) for _ in range(args.concurrency)]
            clients += extra_staff
            per = max(1, args.requests // args.concurrency)
            for index in (0, 2, 3, 4):  # staff HTML, staff JSON, worker HTML, worker JSON
                lists = []
                for c in range(args.concurrency):
                    own_workers = workers[c :: args.concurrency] or workers
                    lists.append(
                        pages(args, extra_staff[c], employers, own_workers, rng, per)[index]
                    )
                together.append((f"{lists[0].label}", concurrent(lists, server.pid)))
        status = proc_status(server.pid)
        load_after = os.getloadavg()
        stop(server)
        gc_file = tmp / "gc.json"
        pauses = json.loads(gc_file.read_text()) if gc_file.exists() else None

        # --- the report
        print(
            f"\nbench_match_pages  workers={args.workers}  jobs={args.jobs}  seed={args.seed}  "
            f"requests={args.requests}  concurrency={args.concurrency}{'  (--quick)' if args.quick else ''}"
            f"{'  (--keep)' if args.keep else ''}"
        )
        print(f"database: {args.database_url}")
        print(
            f"machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {platform.platform()}, "
            f"Python {platform.python_version()}, httpx {httpx.__version__}"
        )
        print(
            f"load average (1, 5, 15 min) before: {' '.join(f'{x:.2f}' for x in load_before)}, after: "
            f"{' '.join(f'{x:.2f}' for x in load_after)}  (this run adds about 1-2: server + load generator)"
        )
        code_after = code_version(PORTAL_CODE, (".py", ".html"))
        print(
            f"code (portal, matching, search, policies, templates): {code_before}"
            + (
                ""
                if code_after == code_before
                else f"\n  WARNING: the code changed during the run, now {code_after}: "
                "the server ran a mix (Python modules as imported at start, templates as re-read)"
            )
        )
        print(
            f"server: uvicorn, one process (child pid {server.pid}), match_refresh_seconds=2.0, warm_vocabulary=True, "
            "outbox_interval=1.0"
        )
        if db["reused"]:
            print(f"rows: reused the kept database: {db['counts']}")
        else:
            r = db["rows"]
            total = sum(r.values())
            print(
                f"rows inserted: {r['worker']} worker + {r['worker_skill']} worker_skill + {r['job']} job + "
                f"{r['employer']} employer + {r['user_account']} user_account = {total} rows in {db['insert_s']:.1f} s "
                f"({total / db['insert_s']:.0f} rows/s; Core executemany, chunks of {CHUNK})"
            )
            print(
                f"  (before that: migrations + reference data {db['migrate_s']:.1f} s, generating the profiles "
                f"{db['generate_s']:.1f} s)"
            )

        print("\ncold (a fresh server process; in order)")
        for label, ms, rss in cold:
            print(f"  {label:96}{ms:10.1f} ms   RSS {rss}")
        if bystander:
            print(
                f"  meanwhile, GET / (the public home page) from another client every 0.1 s: {len(bystander)} "
                f"requests, p50 {pct(bystander, 50):.1f} ms, max {max(bystander):.1f} ms"
                + ("  <- the load blocks the whole process" if max(bystander) > 1000 else "")
            )
        for e in cold_errors:
            print(f"  ERROR {e}")

        print_table(
            f"warm, one client, one request at a time (keep-alive), {args.requests} requests per page",
            warm,
        )
        if together:
            print_table(
                f"warm, {args.concurrency} clients at once, {per} requests each per page "
                "(latency of every request; req/s of all together)",
                together,
            )
        print(
            "  srv CPU = the server process's CPU time (user + system) per request; "
            "found/near = matches / one-step-away shown per answer"
        )
        print("\nslowest warm single-client requests (ms, seconds into the series, path)")
        for label, r in warm:
            print(
                f"  {label:42}"
                + "   ".join(f"{ms:.1f} @{at:.1f}s {path}" for ms, at, path, _ in r["slowest"])
            )
        if pauses is not None:
            print(
                "\nserver garbage-collector pauses (count, total ms, longest ms; gen 2 = full collections)"
            )
            windows = [("cold: first requests (matcher load)", cold_window)]
            windows += [(f"warm 1 client: {label}", r["window"]) for label, r in warm]
            windows += [
                (f"warm {args.concurrency} clients: {label}", r["window"]) for label, r in together
            ]
            for label, (a, b) in windows:
                inside = [(g, d) for t, g, d in pauses if a <= t <= b]
                full = [d for g, d in inside if g == 2]
                print(
                    f"  {label:58} all {len(inside):4d} {sum(d for _, d in inside) * 1000:8.1f} "
                    f"{max((d for _, d in inside), default=0) * 1000:7.1f}   gen 2 {len(full):3d} "
                    f"{sum(full) * 1000:8.1f} {max(full, default=0) * 1000:7.1f}"
                )
        if FIRST_ERRORS:
            print("\nERRORS: the first failed answer of each page")
            for text in FIRST_ERRORS.values():
                print(f"  {text}")
            tail = server_log.read_text(errors="replace").strip().splitlines()[-40:]
            print("  the server's log, last lines:\n    " + "\n    ".join(tail or ["(empty)"]))
        print(
            f"\nserver process memory: peak RSS (VmHWM) {mb(status['VmHWM'])}; RSS at ready {mb(rss_ready)}, "
            f"after the matcher loaded {mb(rss_loaded)}, at the end {mb(status['VmRSS'])} "
            "(the server's own process: not the load generator, not Meilisearch)"
        )
    finally:
        for c in clients:
            c.close()
        if server is not None:
            stop(server)
        if meili is not None:
            meili.stop()
        if not args.keep:
            try:
                remove_database(args.database_url)
            except Exception as exc:  # report, do not hide the run's own error
                log(f"could not remove the database: {exc}")
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
