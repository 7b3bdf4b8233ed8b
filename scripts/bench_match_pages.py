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
import datetime as dt
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
for _p in (str(ROOT), str(SCRIPTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

TARGET_MS = 100.0  # p95 of every page
PASSWORD = "bench-password-9"
EMPLOYERS = 100  # companies owning the vacancies; the first EMPLOYER_LOGINS have a login
EMPLOYER_LOGINS = 5
WORKER_LOGINS = 50
CHUNK = 10_000
KEEP_DIR = Path("/tmp/bench_match_pages")
STAFF_PHONE = "13700000001"


def employer_phone(k: int) -> str:
    return f"137000001{k:02d}"


def worker_login_phone(k: int) -> str:
    return f"13700001{k:03d}"


def code_version() -> str:
    """A short hash of the code and templates the server runs: figures and failures can then be tied to a
    version, and a tree that changed during the run (templates are re-read when they change) is noticed."""
    import hashlib

    files = sorted(f for d in ("portal", "matching", "search", "policies", "templates")
                   for f in (ROOT / d).rglob("*") if f.suffix in (".py", ".html") and "__pycache__" not in f.parts)
    digest = hashlib.sha256()
    for f in files:
        digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    newest = time.strftime("%H:%M:%S", time.localtime(max(f.stat().st_mtime for f in files)))
    return f"{digest.hexdigest()[:12]} (newest file {newest})"


def log(msg: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


# --- the server (child process) ---------------------------------------------------------------------------


def serve(raw: str) -> None:
    """Child process: the portal under uvicorn, settings from JSON. Imports only what the portal needs."""
    import uvicorn

    from portal.app import create_app
    from portal.settings import Settings

    values = json.loads(raw)
    port, gc_log = values.pop("port"), values.pop("gc_log")
    settings = Settings(**{**values, "var_dir": Path(values["var_dir"])})
    pauses = watch_gc()
    # uvicorn re-raises the SIGTERM it shut down on once it is done; a no-op handler lets the log be written.
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    finally:
        Path(gc_log).write_text(json.dumps(pauses))


def watch_gc() -> list[tuple[float, int, float]]:
    """The server's garbage-collector pauses: (wall-clock start, generation, seconds). Diagnostics only:
    a callback per collection costs next to nothing."""
    import gc

    pauses: list[tuple[float, int, float]] = []
    started = [0.0, 0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0], started[1] = time.time(), time.perf_counter()
        else:
            pauses.append((started[0], info["generation"], time.perf_counter() - started[1]))

    gc.callbacks.append(callback)
    return pauses


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the database -------------------------------------------------------------------------------------------


def plan(args: argparse.Namespace) -> dict[str, Any]:
    """Who logs in and what they look at: fixed by the seed, so a kept database needs no regeneration."""
    rng = random.Random(args.seed + 3)
    archives = rng.sample(range(1, args.workers + 1), min(WORKER_LOGINS, args.workers))
    return {"worker_archives": archives}


def owner(job_id: int) -> int:
    """The employer of a vacancy (a closed form: the same in a kept database)."""
    return 1 + (job_id * 7919) % EMPLOYERS


def psql(url: Any, sql: str) -> str:
    cmd = ["psql", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
           "-d", "postgres", "-tAc", sql]
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout.strip()


async def counts(db_url: str) -> dict[str, int]:
    from sqlalchemy import text

    from portal.db import make_engine

    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            return {t: await conn.scalar(text(f"SELECT count(*) FROM {t}"))
                    for t in ("worker", "worker_skill", "job", "employer", "user_account", "township", "measure")}
    finally:
        await engine.dispose()


def expected_counts(args: argparse.Namespace) -> dict[str, int]:
    return {"worker": args.workers, "job": args.jobs, "employer": EMPLOYERS,
            "user_account": 1 + EMPLOYER_LOGINS + min(WORKER_LOGINS, args.workers)}


def reusable(db_url: str, args: argparse.Namespace) -> dict[str, int] | None:
    try:
        have = asyncio.run(counts(db_url))
    except Exception:  # no such database or no tables yet
        return None
    return have if all(have.get(k) == v for k, v in expected_counts(args).items()) else None


def fresh_database(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        psql(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        psql(url, f'CREATE DATABASE "{url.database}"')


def remove_database(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    else:
        psql(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def shifter(today: dt.date, generator_today: dt.date) -> Callable[[dt.date | None], dt.date | None]:
    delta = today - generator_today
    return lambda d: d + delta if d is not None else None


async def write_rows(db_url: str, args: argparse.Namespace, county: Any, workers: list, jobs: list,
                     who: dict[str, Any], generator_today: dt.date) -> dict[str, int]:
    """Employers, logins, archives with their skills, vacancies: SQLAlchemy Core executemany in chunks."""
    from sqlalchemy import insert, text

    from portal.db import make_engine
    from portal.demo.people import person_name
    from portal.models import Employer, Job, User, Worker, WorkerSkill, utcnow
    from portal.security import hash_password

    shift = shifter(dt.date.today(), generator_today)
    rng = random.Random(args.seed + 4)
    now = utcnow()
    rows: dict[str, int] = {}
    names = {t.code: t.names[0] for t in county.trades}
    password_hash = hash_password(PASSWORD)  # one hash for every login: argon2 is slow on purpose
    employers = [dict(id=i, name=f"蓬安县测试{i:03d}建设有限公司", credit_code=f"91511323BENCH{i:05d}", industry="建筑",
                      township_code=rng.choice(county.towns), legal_rep="测试", contact_name="测试",
                      contact_phone=f"136{i:08d}", is_verified=True) for i in range(1, EMPLOYERS + 1)]
    users = [dict(id=1, phone=STAFF_PHONE, password_hash=password_hash, role="staff", display_name="工作站 测试",
                  employer_id=None, station_id=1)]
    users += [dict(id=2 + k, phone=employer_phone(k), password_hash=password_hash, role="employer",
                   display_name=f"企业 测试{k}", employer_id=1 + k, station_id=None) for k in range(EMPLOYER_LOGINS)]
    first_worker_user = 2 + EMPLOYER_LOGINS
    user_of = {}
    for k, archive in enumerate(who["worker_archives"]):
        users.append(dict(id=first_worker_user + k, phone=worker_login_phone(k), password_hash=password_hash,
                          role="worker", display_name=f"务工 测试{k}", employer_id=None, station_id=None))
        user_of[archive] = first_worker_user + k

    def worker_row(p: Any) -> dict[str, Any]:
        female = rng.random() < 0.4
        return dict(
            id=p.id, user_id=user_of.get(p.id), name=person_name(rng, female), phone=f"139{p.id:08d}",
            id_number=f"511323{p.birth_year:04d}{p.id:08d}", gender="女" if female else "男", birth_year=p.birth_year,
            home_township_code=p.home_township, expected_wage=p.expected_wage, work_area=p.work_area,
            daily_commute=p.daily_commute, wants_housing=p.wants_housing, wants_meals=p.wants_meals,
            available_from=shift(p.available_from),
            certificates=[{"name": c.name, "expires": shift(c.expires).isoformat() if c.expires else None}
                          for c in p.certificates],
            consent_at=now, consent_method="in_person", intent="local_job",
        )

    def job_row(p: Any) -> dict[str, Any]:
        town = county.town_names[p.township]
        return dict(
            id=p.id, employer_id=owner(p.id), title=p.title[:60],
            description=f"{town}{p.title}，招{names[p.trades[0]]}，长期稳定，按月发工资。", township_code=p.township,
            wage_min=p.wage_min, wage_max=p.wage_max, headcount=rng.choice((1, 2, 3, 5, 8, 10)),
            skills=[names[c] for c in p.trades], trade_code=p.trades[0], status="published",
            certificates=list(p.certificates), level=p.level, takes_beginners=p.takes_beginners,
            start_date=shift(p.start_date), has_housing=p.has_housing, has_meals=p.has_meals, industry="other",
            accepts_over_50=p.accepts_over_50, reviewed_at=now, reviewed_by_id=1,
        )

    engine = make_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(insert(Employer.__table__), employers)
            await conn.execute(insert(User.__table__), users)
            rows["employer"], rows["user_account"] = len(employers), len(users)
            rows["worker"] = rows["worker_skill"] = 0
            for a in range(0, len(workers), CHUNK):
                part = workers[a:a + CHUNK]
                await conn.execute(insert(Worker.__table__), [worker_row(p) for p in part])
                skills = [dict(worker_id=p.id, name=s.name, level=s.level, years=s.years, trade_code=s.code)
                          for p in part for s in p.skills]
                if skills:
                    await conn.execute(insert(WorkerSkill.__table__), skills)
                rows["worker"] += len(part)
                rows["worker_skill"] += len(skills)
                if (a // CHUNK) % 5 == 4:
                    log(f"  {rows['worker']} archives written")
            job_rows = [job_row(p) for p in jobs]
            for a in range(0, len(job_rows), CHUNK):
                await conn.execute(insert(Job.__table__), job_rows[a:a + CHUNK])
            rows["job"] = len(job_rows)
            if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
                for table in ("employer", "user_account", "worker", "job"):
                    await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                            f"(SELECT max(id) FROM {table}))"))
    finally:
        await engine.dispose()
    return rows


async def reference(db_url: str) -> None:
    from portal.db import make_engine, make_sessionmaker
    from portal.demo.seed import seed_reference

    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await seed_reference(session)
            await session.commit()
    finally:
        await engine.dispose()


async def index_reference(db_url: str, meili_url: str, key: str, prefix: str) -> None:
    """As tests/conftest.py: the indexes exist, the catalogue's outbox rows are drained (not during the run)."""
    from portal.db import make_engine, make_sessionmaker
    from portal.indexer import drain
    from portal.services.vocabulary import Vocabulary
    from search.client import SearchClient

    client = SearchClient(meili_url, key, prefix)
    client.ensure_indexes(Vocabulary().lexicon)
    engine = make_engine(db_url)
    try:
        await drain(make_sessionmaker(engine), client, Vocabulary(), wait=True)
    finally:
        await engine.dispose()


def build_database(db_url: str, args: argparse.Namespace, who: dict[str, Any]) -> dict[str, Any]:
    import bench_matching as gen

    from portal.db import upgrade

    info: dict[str, Any] = {}
    if args.keep and (have := reusable(db_url, args)):
        info.update(reused=True, counts=have)
        return info
    fresh_database(db_url)
    t0 = time.perf_counter()
    upgrade(db_url)
    asyncio.run(reference(db_url))
    info["migrate_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    county, workers, jobs = gen.generate(argparse.Namespace(workers=args.workers, jobs=args.jobs, seed=args.seed))
    info["generate_s"] = time.perf_counter() - t0
    log(f"generated {len(workers)} archives and {len(jobs)} vacancies in {info['generate_s']:.1f} s; writing rows")
    t0 = time.perf_counter()
    info["rows"] = asyncio.run(write_rows(db_url, args, county, workers, jobs, who, gen.TODAY))
    info["insert_s"] = time.perf_counter() - t0
    info["reused"] = False
    return info


# --- the load -------------------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))] if s else float("nan")


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
    return {**summary(lat, errors, found, near, wall, cpu), "slowest": sorted(slow, reverse=True)[:3],
            "window": (began, time.time())}


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
    return {**summary([r[0] for r in flat], sum(r[1] != 200 for r in flat), sum(r[2][0] for r in flat),
                      sum(r[2][1] for r in flat), wall, cpu), "window": (began, time.time())}


def summary(lat: list[float], errors: int, found: int, near: int, wall: float, cpu: float) -> dict[str, Any]:
    n = len(lat)
    return {"n": n, "p50": pct(lat, 50), "p95": pct(lat, 95), "max": max(lat), "rps": n / wall,
            "cpu_ms": cpu * 1000 / n, "errors": errors, "found": found / n, "near": near / n}


def login(base: str, phone: str) -> Any:
    import httpx

    client = httpx.Client(base_url=base, timeout=120.0)
    response = client.post("/api/v1/auth/login", json={"phone": phone, "password": PASSWORD})
    if response.status_code != 201:
        raise SystemExit(f"login {phone} failed: {response.status_code} {response.text[:300]}")
    client.headers["x-csrftoken"] = response.json()["csrf_token"]
    return client


def pages(args: argparse.Namespace, staff: Any, employers: list[Any], workers: list[Any], rng: random.Random,
          n: int) -> list[Page]:
    """The five series, each of ``n`` requests: random vacancies, random workers of the logins."""
    job_ids = list(range(1, args.jobs + 1))
    own: dict[int, list[int]] = {}
    for j in job_ids:
        own.setdefault(owner(j), []).append(j)
    vacancies = rng.sample(job_ids, n) if n <= len(job_ids) else rng.choices(job_ids, k=n)
    owning = [k for k in range(len(employers)) if own.get(1 + k)]  # with very few vacancies some own none
    mine = []
    for _ in range(n):
        k = rng.choice(owning)
        mine.append((employers[k], f"/jobs/{rng.choice(own[1 + k])}/candidates"))
    people = [rng.choice(workers) for _ in range(n)]
    return [
        Page("GET /jobs/{id}/candidates  (staff)", "html", [(staff, f"/jobs/{j}/candidates") for j in vacancies]),
        Page("GET /jobs/{id}/candidates  (employer)", "html", mine),
        Page("GET /api/v1/jobs/{id}/candidates (staff)", "json",
             [(staff, f"/api/v1/jobs/{j}/candidates") for j in rng.sample(vacancies, len(vacancies))]),
        Page("GET /me  (worker)", "html", [(w, "/me") for w in people]),
        Page("GET /api/v1/me/matches  (worker)", "json", [(w, "/api/v1/me/matches") for w in rng.sample(people, n)]),
    ]


class Probe:
    """Another client asking for the home page every 0.1 s (each request waits for its answer)."""

    def __init__(self, base: str) -> None:
        import httpx

        self.client = httpx.Client(base_url=base, timeout=300.0)
        self.client.get("/")  # connected, first render done
        self.latencies: list[float] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.done.is_set():
            t0 = time.perf_counter()
            self.client.get("/")
            self.latencies.append((time.perf_counter() - t0) * 1000)
            self.done.wait(0.1)

    def stop(self) -> list[float]:
        self.done.set()
        self.thread.join()
        self.client.close()
        return self.latencies


def wait_ready(base: str, proc: subprocess.Popen, log_path: Path, timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"the server did not answer /healthz within {timeout} s")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM: uvicorn shuts down gracefully (the child then writes its GC log)."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- report ------------------------------------------------------------------------------------------------------


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def print_table(title: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"\n{title}")
    print(f"  {'page':42}{'p50':>8}{'p95':>8}{'max':>9}{'req/s':>8}{'srv CPU':>9}{'found':>7}{'near':>6}"
          f"{'errors':>7}   {'target':<12}{'meets':>5}")
    print(f"  {'':42}{'ms':>8}{'ms':>8}{'ms':>9}{'':>8}{'ms/req':>9}")
    for label, r in rows:
        meets = "yes" if r["p95"] < TARGET_MS and r["errors"] == 0 else "NO"
        print(f"  {label:42}{r['p50']:8.1f}{r['p95']:8.1f}{r['max']:9.1f}{r['rps']:8.1f}{r['cpu_ms']:9.1f}"
              f"{r['found']:7.1f}{r['near']:6.1f}{r['errors']:7d}   {'p95 < 100 ms':<12}{meets:>5}")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=200_000, help="worker archives")
    ap.add_argument("--jobs", type=int, default=5_000, help="published vacancies")
    ap.add_argument("--seed", type=int, default=7, help="seed of the data (as bench_matching.py) and of the requests")
    ap.add_argument("--requests", type=int, default=200, help="measured requests per page (warm)")
    ap.add_argument("--concurrency", type=int, default=4, help="clients of the concurrent run (0: no such run)")
    ap.add_argument("--database-url", default=None,
                    help="sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST:PORT/bench_NAME "
                         "(default: a SQLite file under /tmp/bench_match_pages/)")
    ap.add_argument("--keep", action="store_true", help="keep the database, and reuse it if it holds the same data")
    ap.add_argument("--quick", action="store_true", help="20,000 archives, 1,000 vacancies, 50 requests")
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
                ap.error("a PostgreSQL database for this benchmark must be named bench...: it is dropped")
    return args


def main() -> None:
    if "--serve" in sys.argv:  # the child: nothing else imported
        serve(sys.argv[sys.argv.index("--serve") + 1])
        return
    args = parse_args()
    import httpx

    from portal.settings import ROOT as PORTAL_ROOT
    from search.server import MeiliServer, find_binary, free_port

    load_before, code_before = os.getloadavg(), code_version()
    who = plan(args)
    tmp = Path(tempfile.mkdtemp(prefix="bench_match_pages_"))
    meili = server = None
    clients: list[Any] = []
    try:
        log(f"database {args.database_url}")
        db = build_database(args.database_url, args, who)
        log("starting Meilisearch")
        meili = MeiliServer(find_binary(os.environ.get("MEILI_BIN"), PORTAL_ROOT / "var" / "bin" / "meilisearch"),
                            tmp / "meili").start()
        prefix = "bench"
        asyncio.run(index_reference(args.database_url, meili.url, meili.master_key, prefix))

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        settings = dict(database_url=args.database_url, secret_key="bench-secret-key-not-for-production",
                        var_dir=str(tmp / "var"), meili_url=meili.url, meili_master_key=meili.master_key,
                        meili_index_prefix=prefix, outbox_interval=1.0, match_refresh_seconds=2.0,
                        warm_vocabulary=True, port=port, gc_log=str(tmp / "gc.json"))
        server_log = tmp / "server.log"
        log("starting the portal (child process)")
        t0 = time.perf_counter()
        with open(server_log, "wb") as out:
            server = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", json.dumps(settings)],
                                      cwd=str(ROOT), stdout=out, stderr=subprocess.STDOUT)
        wait_ready(base, server, server_log)
        cold: list[tuple[str, float, str]] = [("server ready (process start -> /healthz 200)",
                                               (time.perf_counter() - t0) * 1000, mb(proc_status(server.pid)["VmRSS"]))]
        rss_ready = proc_status(server.pid)["VmRSS"]

        log(f"logging in {1 + EMPLOYER_LOGINS + len(who['worker_archives'])} users")
        staff = login(base, STAFF_PHONE)
        employers = [login(base, employer_phone(k)) for k in range(EMPLOYER_LOGINS)]
        workers = [login(base, worker_login_phone(k)) for k in range(len(who["worker_archives"]))]
        clients = [staff, *employers, *workers]
        t0 = time.perf_counter()
        response = staff.get("/api/v1/trades/classify", params={"text": "电焊"})
        assert response.status_code == 200, response.text
        cold.append(("trade vocabulary ready (GET /api/v1/trades/classify)", (time.perf_counter() - t0) * 1000,
                     mb(proc_status(server.pid)["VmRSS"])))

        rng = random.Random(args.seed + 5)
        first = pages(args, staff, employers, workers, rng, 1)
        log("cold: the first request of each page (the very first loads the matcher)")
        cold_errors = []
        cold_began, bystander = time.time(), []
        for i, page in enumerate(first):
            client, path = page.requests[0]
            probe = Probe(base) if i == 0 else None  # does the rest of the site answer during the load?
            ms, status, (f, n) = one(client, path, page.kind)
            if probe is not None:
                bystander = probe.stop()
            note = "loads the matcher: every archive and vacancy" if i == 0 else "first of its kind"
            if status != 200:
                cold_errors.append(f"{page.label} {path}: {status}")
            cold.append((f"first {page.label}  [{note}; found {f}+{n}]", ms, mb(proc_status(server.pid)["VmRSS"])))
        rss_loaded = proc_status(server.pid)["VmRSS"]
        cold_window = (cold_began, time.time())

        log(f"warm: {args.requests} requests per page, one client")
        warm = [(p.label, series(p, server.pid)) for p in pages(args, staff, employers, workers, rng, args.requests)]

        together = []
        if args.concurrency > 0:
            log(f"concurrent: {args.concurrency} clients")
            extra_staff = [login(base, STAFF_PHONE) for _ in range(args.concurrency)]
            clients += extra_staff
            per = max(1, args.requests // args.concurrency)
            for index in (0, 2, 3, 4):  # staff HTML, staff JSON, worker HTML, worker JSON
                lists = []
                for c in range(args.concurrency):
                    own_workers = workers[c::args.concurrency] or workers
                    lists.append(pages(args, extra_staff[c], employers, own_workers, rng, per)[index])
                together.append((f"{lists[0].label}", concurrent(lists, server.pid)))
        status = proc_status(server.pid)
        load_after = os.getloadavg()
        stop(server)
        gc_file = tmp / "gc.json"
        pauses = json.loads(gc_file.read_text()) if gc_file.exists() else None

        # --- the report
        print(f"\nbench_match_pages  workers={args.workers}  jobs={args.jobs}  seed={args.seed}  "
              f"requests={args.requests}  concurrency={args.concurrency}{'  (--quick)' if args.quick else ''}"
              f"{'  (--keep)' if args.keep else ''}")
        print(f"database: {args.database_url}")
        print(f"machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {platform.platform()}, "
              f"Python {platform.python_version()}, httpx {httpx.__version__}")
        print(f"load average (1, 5, 15 min) before: {' '.join(f'{x:.2f}' for x in load_before)}, after: "
              f"{' '.join(f'{x:.2f}' for x in load_after)}  (this run adds about 1-2: server + load generator)")
        code_after = code_version()
        print(f"code (portal, matching, search, policies, templates): {code_before}" + (
            "" if code_after == code_before else f"\n  WARNING: the code changed during the run, now {code_after}: "
            "the server ran a mix (Python modules as imported at start, templates as re-read)"))
        print("server: uvicorn, one process (child pid {}), match_refresh_seconds=2.0, warm_vocabulary=True, "
              "outbox_interval=1.0".format(server.pid))
        if db["reused"]:
            print(f"rows: reused the kept database: {db['counts']}")
        else:
            r = db["rows"]
            total = sum(r.values())
            print(f"rows inserted: {r['worker']} worker + {r['worker_skill']} worker_skill + {r['job']} job + "
                  f"{r['employer']} employer + {r['user_account']} user_account = {total} rows in {db['insert_s']:.1f} s "
                  f"({total / db['insert_s']:.0f} rows/s; Core executemany, chunks of {CHUNK})")
            print(f"  (before that: migrations + reference data {db['migrate_s']:.1f} s, generating the profiles "
                  f"{db['generate_s']:.1f} s)")

        print("\ncold (a fresh server process; in order)")
        for label, ms, rss in cold:
            print(f"  {label:96}{ms:10.1f} ms   RSS {rss}")
        if bystander:
            print(f"  meanwhile, GET / (the public home page) from another client every 0.1 s: {len(bystander)} "
                  f"requests, p50 {pct(bystander, 50):.1f} ms, max {max(bystander):.1f} ms"
                  + ("  <- the load blocks the whole process" if max(bystander) > 1000 else ""))
        for e in cold_errors:
            print(f"  ERROR {e}")

        print_table(f"warm, one client, one request at a time (keep-alive), {args.requests} requests per page", warm)
        if together:
            print_table(f"warm, {args.concurrency} clients at once, {per} requests each per page "
                        "(latency of every request; req/s of all together)", together)
        print("  srv CPU = the server process's CPU time (user + system) per request; "
              "found/near = matches / one-step-away shown per answer")
        print("\nslowest warm single-client requests (ms, seconds into the series, path)")
        for label, r in warm:
            print(f"  {label:42}" + "   ".join(f"{ms:.1f} @{at:.1f}s {path}" for ms, at, path, _ in r["slowest"]))
        if pauses is not None:
            print("\nserver garbage-collector pauses (count, total ms, longest ms; gen 2 = full collections)")
            windows = [("cold: first requests (matcher load)", cold_window)]
            windows += [(f"warm 1 client: {label}", r["window"]) for label, r in warm]
            windows += [(f"warm {args.concurrency} clients: {label}", r["window"]) for label, r in together]
            for label, (a, b) in windows:
                inside = [(g, d) for t, g, d in pauses if a <= t <= b]
                full = [d for g, d in inside if g == 2]
                print(f"  {label:58} all {len(inside):4d} {sum(d for _, d in inside) * 1000:8.1f} "
                      f"{max((d for _, d in inside), default=0) * 1000:7.1f}   gen 2 {len(full):3d} "
                      f"{sum(full) * 1000:8.1f} {max(full, default=0) * 1000:7.1f}")
        if FIRST_ERRORS:
            print("\nERRORS: the first failed answer of each page")
            for text in FIRST_ERRORS.values():
                print(f"  {text}")
            tail = server_log.read_text(errors="replace").strip().splitlines()[-40:]
            print("  the server's log, last lines:\n    " + "\n    ".join(tail or ["(empty)"]))
        print(f"\nserver process memory: peak RSS (VmHWM) {mb(status['VmHWM'])}; RSS at ready {mb(rss_ready)}, "
              f"after the matcher loaded {mb(rss_loaded)}, at the end {mb(status['VmRSS'])} "
              "(the server's own process: not the load generator, not Meilisearch)")
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
