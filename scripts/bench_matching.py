"""Benchmark job matching at county scale: the array matcher (matching/vector.py) next to all-pairs rapidfuzz.

Measures, on data generated with a fixed seed (by default 200,000 worker archives and 5,000 open vacancies):
  * build: Matcher.build() over every profile (s, rows/s);
  * per-request latency, one thread: --requests random workers -> best_jobs(limit=10), and --requests
    random vacancies -> best_workers(limit=10): p50, p95, max (ms) and requests/s. A few warm-up calls
    come first and are not counted (the first call builds the township distance table);
  * full refresh: top_all(limit=10), every worker's ten best jobs (wall time);
  * peak memory: each side runs in its own freshly spawned child process, so ru_maxrss is that side's own
    peak resident set and the baseline's memory does not pollute the matcher's figure. Both sides first
    generate the same profiles as Python objects; the RSS after that is printed too, so the part the
    matcher itself adds can be read off.

The baseline, in the same run, is the naive way: all-pairs rapidfuzz. A worker's text is the names of their
skills joined; a vacancy's text is its title plus the names of its other trades. Per request one cdist
(scorer=fuzz.ratio, workers=1, so one thread like the matcher) of one worker against every vacancy, or
one vacancy against every worker, then the top 10. Its full refresh runs cdist over --baseline-workers
workers x every vacancy in chunks and is extrapolated linearly to all workers (said so in the table).
Rapidfuzz compares spelling only: its ranking ignores wage, place, licences and dates, so it does less
work per pair than the matcher and would still give worse answers; it is a speed floor, not a rival.

The data: about 40 trades a rural Sichuan county has (occupation codes of the 2022 classification, each
checked against matching/data/occupations.csv, Zipf-like popularity with construction first), skill and
vacancy names from the occupation names or their synonyms (search/data/synonyms.json), licences from the
synonym file's certificate names (some expired), homes weighted by the townships' village counts, jobs
drawn to the county seat, availability around Spring Festival 2027. The project ships no township
coordinates, so seeded synthetic ones around Peng'an (±20 km) stand in for them.

How to read it: the summary table puts each figure beside its target (worker's best jobs p95 < 10 ms,
vacancy's best candidates p95 < 50 ms, full refresh < 30 s, peak memory < 2 GiB); "x" is baseline /
matcher, above 1 meaning the matcher is faster or smaller. The check lines confirm the matcher's answers
(top_all against best_jobs, best_jobs against the reference scorer) so the speed is of correct results.

    .venv/bin/python scripts/bench_matching.py [--workers 200000] [--jobs 5000] [--seed 7] [--requests 300]
        [--baseline-workers 20000] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import itertools
import json
import multiprocessing
import os
import platform
import random
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
from rapidfuzz import fuzz, process

from matching import Certificate, Context, JobProfile, Places, SkillItem, WorkerProfile, rank

if TYPE_CHECKING:
    from matching.vector import Matcher  # imported in the matcher's process only: not in the baseline's memory

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2027, 1, 15)  # three weeks before Spring Festival: workers are home and looking
SPRING_FESTIVAL = dt.date(2027, 2, 6)
LIMIT = 10
WARMUP = 3  # unmeasured calls per series
CHUNK = 1_000  # baseline refresh: workers per cdist call (1,000 x 5,000 float32 = 20 MB)
TARGETS = {"jobs_p95": 10.0, "workers_p95": 50.0, "refresh": 30.0, "memory": 2048.0}  # ms, ms, s, MB

# Most common first: the order is the popularity rank (weight 1/rank).
TRADES = (
    "6-29-01-01", "6-29-01-04", "6-29-01-03", "4-02-02-02", "6-18-02-04", "6-29-04-01", "6-31-01-03",
    "6-05-01-03", "4-03-02-01", "6-29-01-05", "6-30-05-05", "4-02-05-01", "4-10-01-05", "4-10-01-06",
    "6-29-01-07", "4-03-02-05", "4-09-08-01", "5-01-02-01", "5-03-02-01", "4-02-06-01", "4-02-07-08",
    "6-29-02-15", "6-29-02-08", "6-06-03-01", "4-07-05-01", "4-02-02-01", "4-14-01-02", "4-03-02-02",
    "6-30-05-02", "6-29-02-03", "5-03-02-02", "4-09-10-01", "4-12-01-01", "5-05-05-01", "6-29-01-02",
    "6-05-01-02", "4-10-01-03", "5-01-02-05", "5-01-02-03", "6-18-01-01",
)
# The licences a trade's vacancies ask for, the usual one first (canonical names in synonyms.json).
TRADE_LICENCES = {
    "6-18-02-04": ("特种作业操作证（焊接与热切割作业）", "特种设备焊接作业人员证"),
    "6-31-01-03": ("特种作业操作证（低压电工作业）", "特种作业操作证（高压电工作业）", "建筑施工特种作业操作资格证（建筑电工）"),
    "6-29-01-05": ("建筑施工特种作业操作资格证（架子工）", "特种作业操作证（高处作业）"),
    "6-30-05-05": ("挖掘机操作证",),
    "6-30-05-02": ("建筑施工特种作业操作资格证（建筑起重信号司索工）",),
    "4-02-02-02": ("机动车驾驶证B2（大型货车）", "机动车驾驶证A2（重型牵引挂车）", "道路运输从业人员从业资格证（货运）"),
    "4-02-02-01": ("机动车驾驶证A1（大型客车）", "道路运输从业人员从业资格证（客运）"),
    "4-02-07-08": ("机动车驾驶证C1（小型汽车）",),
    "4-02-06-01": ("特种设备作业人员证（叉车司机）",),
    "4-03-02-01": ("从业人员健康证明", "中式烹调师职业技能等级证书"),
    "4-03-02-02": ("从业人员健康证明", "中式面点师职业技能等级证书"),
    "4-03-02-05": ("从业人员健康证明",),
    "4-10-01-05": ("养老护理员职业技能等级证书",),
    "4-10-01-06": ("家政服务员职业技能等级证书", "从业人员健康证明"),
    "4-10-01-03": ("保育师职业技能等级证书", "从业人员健康证明"),
    "4-14-01-02": ("医疗护理员培训合格证",),
    "4-07-05-01": ("保安员证",),
    "5-05-05-01": ("拖拉机和联合收割机驾驶证",),
}
GENERAL_LICENCES = ("特种作业操作证（高处作业）", "从业人员健康证明", "职业技能等级证书")
SEAT = ("511323001", "511323002", "511323101")  # the two county-seat subdistricts and 锦屏镇
TITLES = ("{name}", "急招{name}", "招{name}", "{name} 包吃住", "{name}师傅", "{town}{name}", "{name} 长期")


def code_version() -> str:
    """A short hash of the matching package's source, so figures can be tied to the code they measured."""
    files = sorted((ROOT / "matching").glob("*.py"))
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]
    newest = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(max(f.stat().st_mtime for f in files)))
    return f"{digest} (newest file {newest})"


def log(msg: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


# --- the county -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trade:
    code: str
    names: tuple[str, ...]  # the occupation's name first, then common synonyms
    licences: tuple[str, ...]


@dataclass
class County:
    trades: list[Trade]
    trade_cum: list[float]  # cumulative Zipf weights
    towns: list[str]
    town_names: dict[str, str]
    home_cum: list[float]  # where workers live: by village count
    job_cum: list[float]  # where vacancies are: half at the county seat
    certificates: list[str]
    ctx: Context


def read_csv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def trade_synonyms(groups: list[dict]) -> dict[str, list[str]]:
    """Code -> names people use: a trade group's first terms, and the names of narrower groups under it."""
    out: dict[str, list[str]] = {}
    for g in groups:
        if g["kind"] == "trade" and g.get("code"):
            out.setdefault(g["code"], []).extend(g["terms"][:5])
        elif g["kind"] == "trade" and g.get("parent"):
            out.setdefault(g["parent"], []).append(g["canonical"])
    return out


def load_trades() -> list[Trade]:
    """TRADES with their names; every code must be a level-4 occupation, every licence a canonical name."""
    occupations = {r["code"]: r["name"].rstrip("LS/") for r in read_csv(ROOT / "matching/data/occupations.csv")
                   if r["level"] == "4"}
    groups = json.loads((ROOT / "search/data/synonyms.json").read_text(encoding="utf-8"))["groups"]
    synonyms = trade_synonyms(groups)
    canonical = {g["canonical"] for g in groups if g["kind"] == "certificate"}
    missing = [c for c in TRADES if c not in occupations]
    unknown = [n for names in TRADE_LICENCES.values() for n in names if n not in canonical]
    if missing or unknown:
        raise SystemExit(f"not in the data files: codes {missing}, licences {unknown}")
    return [Trade(c, tuple(dict.fromkeys([occupations[c], *synonyms.get(c, [])])), TRADE_LICENCES.get(c, ()))
            for c in TRADES]


def load_county(rng: random.Random) -> County:
    trades = load_trades()
    rows = read_csv(ROOT / "portal/data/townships.csv")
    towns = [r["code"] for r in rows]
    units = [int(r["village_level_units"]) for r in rows]
    job_weights = [u + (sum(units) / len(SEAT) if t in SEAT else 0) for t, u in zip(towns, units)]
    groups = json.loads((ROOT / "search/data/synonyms.json").read_text(encoding="utf-8"))["groups"]
    certificates = [g["canonical"] for g in groups if g["kind"] == "certificate"]
    coordinates = {t: (106.41 + rng.uniform(-0.2, 0.2), 31.03 + rng.uniform(-0.18, 0.18)) for t in towns}
    return County(
        trades=trades, trade_cum=list(itertools.accumulate(1 / r for r in range(1, len(trades) + 1))),
        towns=towns, town_names={r["code"]: r["name"] for r in rows},
        home_cum=list(itertools.accumulate(units)), job_cum=list(itertools.accumulate(job_weights)),
        certificates=certificates, ctx=Context(TODAY, Places(coordinates)),
    )


def pick_trades(rng: random.Random, county: County, n: int) -> list[Trade]:
    """``n`` different trades: the first by popularity, the others often of the same middle group."""
    chosen = rng.choices(county.trades, cum_weights=county.trade_cum)
    while len(chosen) < n:
        middle = chosen[0].code[:4]
        near = [t for t in county.trades if t.code.startswith(middle) and t not in chosen]
        pool = near if near and rng.random() < 0.5 else county.trades
        trade = rng.choices(pool, cum_weights=None if pool is near else county.trade_cum)[0]
        if trade not in chosen:
            chosen.append(trade)
    return chosen


def some_day(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, days))


def make_skill(rng: random.Random, trade: Trade) -> SkillItem:
    name = trade.names[0] if rng.random() < 0.6 else rng.choice(trade.names)
    level = rng.choices(("", "初级", "中级", "高级"), (40, 20, 25, 15))[0]
    return SkillItem(name, level, min(30, int(rng.expovariate(1 / 6))), trade.code)


def make_certificates(rng: random.Random, county: County, trades: list[Trade]) -> tuple[Certificate, ...]:
    """0-2 licences, mostly those of the worker's trades; one in ten already expired."""
    own = [name for t in trades for name in t.licences]
    certs = []
    for _ in range(rng.choices((0, 1, 2), (55, 30, 15))[0]):
        name = rng.choice(own) if own and rng.random() < 0.65 else rng.choice(county.certificates)
        kind = rng.random()
        if kind < 0.7:
            expires = None
        elif kind < 0.9:
            expires = some_day(rng, TODAY, 1500)
        else:
            expires = some_day(rng, TODAY - dt.timedelta(days=900), 899)  # lapsed
        certs.append(Certificate(name, expires))
    return tuple(certs)


def available_from(rng: random.Random) -> dt.date | None:
    """Mostly now; many after Spring Festival (home for the holiday); a few at another time."""
    kind = rng.random()
    if kind < 0.6:
        return None
    if kind < 0.9:
        return some_day(rng, SPRING_FESTIVAL - dt.timedelta(days=10), 35)
    return some_day(rng, TODAY - dt.timedelta(days=30), 150)


def make_worker(rng: random.Random, county: County, id: int) -> WorkerProfile:
    n = 0 if rng.random() < 0.05 else rng.choices((1, 2, 3), (55, 30, 15))[0]
    trades = pick_trades(rng, county, n) if n else []
    return WorkerProfile(
        skills=tuple(make_skill(rng, t) for t in trades),
        home_township=rng.choices(county.towns, cum_weights=county.home_cum)[0],
        expected_wage=int(round(rng.triangular(3000, 9000, 4800), -2)),
        work_area=rng.choices(("township", "county", "anywhere"), (20, 50, 30))[0],
        certificates=make_certificates(rng, county, trades), id=id,
        daily_commute=rng.random() < 0.25, wants_housing=rng.random() < 0.35, wants_meals=rng.random() < 0.45,
        available_from=available_from(rng), birth_year=int(rng.triangular(1960, 2005, 1975)),
    )


def job_start(rng: random.Random) -> dt.date | None:
    """Now, within two months, or the week after the Spring Festival holiday."""
    kind = rng.random()
    if kind < 0.4:
        return None
    if kind < 0.76:
        return some_day(rng, TODAY, 60)
    return some_day(rng, SPRING_FESTIVAL + dt.timedelta(days=7), 21)


def make_job(rng: random.Random, county: County, id: int) -> JobProfile:
    trades = pick_trades(rng, county, rng.choices((1, 2), (80, 20))[0])
    town = rng.choices(county.towns, cum_weights=county.job_cum)[0]
    name = rng.choice(trades[0].names)
    low = 0 if rng.random() < 0.05 else int(round(rng.triangular(3000, 8000, 4500), -2))
    licence = rng.choice(trades[0].licences or GENERAL_LICENCES) if rng.random() < 0.15 else None
    start = job_start(rng)
    return JobProfile(
        id=id, title=rng.choice(TITLES).format(name=name, town=county.town_names[town]),
        trades=tuple(t.code for t in trades), township=town,
        wage_min=low, wage_max=low + rng.choice((0, 500, 1000, 1500, 2000, 3000)) if low else 0,
        certificates=(licence,) if licence else (), level=rng.choices(("", "初级", "中级", "高级"), (75, 5, 15, 5))[0],
        takes_beginners=rng.random() < 0.10, start_date=start, has_housing=rng.random() < 0.5,
        has_meals=rng.random() < 0.6, accepts_over_50=rng.random() < 0.3,
    )


def generate(args: argparse.Namespace) -> tuple[County, list[WorkerProfile], list[JobProfile]]:
    rng = random.Random(args.seed)
    county = load_county(rng)
    jobs = [make_job(rng, county, i) for i in range(1, args.jobs + 1)]
    workers = [make_worker(rng, county, i) for i in range(1, args.workers + 1)]
    return county, workers, jobs


def sample(args: argparse.Namespace, workers: list, jobs: list) -> tuple[list, list]:
    """The profiles the requests are for: the same on both sides."""
    rng = random.Random(args.seed + 1)
    return rng.sample(workers, min(args.requests, len(workers))), rng.sample(jobs, min(args.requests, len(jobs)))


# --- measuring --------------------------------------------------------------------------------------------


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))] if s else float("nan")


def timed(call: Callable[[Any], list], items: list) -> dict[str, float]:
    """One call per item, one after another: p50, p95, max (ms), requests/s and results per call.

    The first of the warm-up calls is timed on its own: it pays for whatever is built lazily."""
    t0 = time.perf_counter()
    call(items[0])
    first = time.perf_counter() - t0
    for item in items[1:WARMUP]:
        call(item)
    latencies, found = [], 0
    start = time.perf_counter()
    for item in items:
        t0 = time.perf_counter()
        found += len(call(item))
        latencies.append(time.perf_counter() - t0)
    wall = time.perf_counter() - start
    return {"p50": pct(latencies, 50) * 1000, "p95": pct(latencies, 95) * 1000, "max": max(latencies) * 1000,
            "rps": len(items) / wall, "found": found / len(items), "first": first * 1000}


def matcher_phase(args: argparse.Namespace) -> dict[str, Any]:
    """In a fresh process: generate, build, both kinds of request, the full refresh, the checks."""
    from matching.vector import Matcher

    out: dict[str, Any] = {"rss_start": rss_mb()}
    t0 = time.perf_counter()
    county, workers, jobs = generate(args)
    out["generate_s"], out["rss_data"] = time.perf_counter() - t0, rss_mb()
    log(f"matcher: generated {len(workers)} workers and {len(jobs)} jobs in {out['generate_s']:.1f} s; building")
    t0 = time.perf_counter()
    matcher = Matcher.build(county.ctx, workers, jobs)
    out["build_s"], out["rows"] = time.perf_counter() - t0, len(workers) + len(jobs)
    out["rss_built"] = rss_mb()
    some_workers, some_jobs = sample(args, workers, jobs)
    log(f"matcher: built in {out['build_s']:.1f} s; {len(some_workers)} + {len(some_jobs)} requests")
    out["jobs"] = timed(lambda w: matcher.best_jobs(w, limit=LIMIT), some_workers)
    out["workers"] = timed(lambda j: matcher.best_workers(j, limit=LIMIT), some_jobs)
    log("matcher: full refresh (top_all)")
    t0 = time.perf_counter()
    everyone = matcher.top_all(limit=LIMIT)
    out["refresh_s"] = time.perf_counter() - t0
    out["peak"] = peak_mb()
    out["checks"] = checks(matcher, everyone, county.ctx, some_workers, jobs)
    return out


def checks(matcher: Matcher, everyone: dict, ctx: Context, some_workers: list, jobs: list) -> dict[str, str]:
    """The speed is of right answers: top_all = best_jobs for the sample; best_jobs = the reference scorer."""
    differ = sum(everyone.get(w.id) != matcher.best_jobs(w, limit=LIMIT) for w in some_workers)
    few = some_workers[:3]
    reference = sum(matcher.best_jobs(w, limit=LIMIT) != [(j.id, s.total) for j, s in rank(w, jobs, ctx, LIMIT)]
                    for w in few)
    return {"top_all vs best_jobs": f"{len(some_workers) - differ}/{len(some_workers)} sampled workers agree",
            "best_jobs vs scoring.rank": f"{len(few) - reference}/{len(few)} workers agree"}


def worker_text(worker: WorkerProfile) -> str:
    return " ".join(s.name for s in worker.skills)


def job_text(job: JobProfile, names: dict[str, str]) -> str:
    return " ".join([job.title, *(names[c] for c in job.trades[1:])])


def top(scores: np.ndarray, k: int = LIMIT) -> list[int]:
    idx = np.argpartition(-scores, k)[:k] if len(scores) > k else np.arange(len(scores))
    return idx[np.argsort(-scores[idx], kind="stable")].tolist()


def baseline_phase(args: argparse.Namespace) -> dict[str, Any]:
    """In a fresh process: the same data, every pair compared with rapidfuzz."""
    out: dict[str, Any] = {"rss_start": rss_mb()}
    county, workers, jobs = generate(args)
    out["rss_data"] = rss_mb()
    names = {t.code: t.names[0] for t in county.trades}
    t0 = time.perf_counter()
    wtexts, jtexts = [worker_text(w) for w in workers], [job_text(j, names) for j in jobs]
    out["texts_s"] = time.perf_counter() - t0
    some_workers, some_jobs = sample(args, workers, jobs)
    log(f"baseline: {len(some_workers)} + {len(some_jobs)} requests")
    one = dict(scorer=fuzz.ratio, workers=1)
    out["jobs"] = timed(lambda w: top(process.cdist([worker_text(w)], jtexts, **one)[0]), some_workers)
    out["workers"] = timed(lambda j: top(process.cdist([job_text(j, names)], wtexts, **one)[0]), some_jobs)
    out["sampled"] = min(args.baseline_workers, len(workers))
    log(f"baseline: full refresh over {out['sampled']} workers")
    t0 = time.perf_counter()
    for a in range(0, out["sampled"], CHUNK):
        scores = process.cdist(wtexts[a:min(a + CHUNK, out["sampled"])], jtexts, **one)
        best = np.argpartition(-scores, LIMIT, axis=1)[:, :LIMIT]
        np.take_along_axis(scores, best, axis=1).argsort(axis=1)  # each worker's ten, best first
    out["measured_s"] = time.perf_counter() - t0
    out["refresh_s"] = out["measured_s"] * len(workers) / out["sampled"]
    out["peak"] = peak_mb()
    return out


def in_child(phase: Callable[[argparse.Namespace], dict], args: argparse.Namespace) -> dict[str, Any]:
    """Run ``phase`` in a freshly spawned interpreter, so its ru_maxrss is its own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(phase, args).result()


# --- report -------------------------------------------------------------------------------------------------


def print_setup(args: argparse.Namespace, load: tuple[float, float, float], code: tuple[str, str]) -> None:
    print(f"\nbench_matching  workers={args.workers}  jobs={args.jobs}  seed={args.seed}  requests={args.requests}  "
          f"baseline-workers={args.baseline_workers}{'  (--quick)' if args.quick else ''}")
    print(f"machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {platform.platform()}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"load average (1, 5, 15 min) before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  "
          "(this run adds about 1; more: other work shared the cores)")
    print(f"matching/*.py sha256: {code[0]}" + ("" if code[0] == code[1] else
          f"\n  WARNING: changed during the run, now {code[1]}: the figures may mix two versions"))


def print_build(m: dict, b: dict) -> None:
    print("\nbuild (matcher child process)")
    print(f"  generate profiles    {m['generate_s']:8.2f} s   (Python objects; RSS {m['rss_start']:.0f} -> "
          f"{m['rss_data']:.0f} MB)")
    print(f"  Matcher.build        {m['build_s']:8.2f} s   {m['rows'] / m['build_s']:8.0f} rows/s   "
          f"(RSS after: {m['rss_built']:.0f} MB)")
    print(f"  baseline texts       {b['texts_s']:8.2f} s   (the baseline's whole index: a list of strings)")


def print_latency(m: dict, b: dict) -> None:
    print(f"\nper-request latency (one thread, ms; {WARMUP} warm-up calls each not counted; "
          "found = results per request, of 10; first call = the first warm-up call, lazy set-up included)")
    print(f"  {'':34}{'p50':>8}{'p95':>8}{'max':>8}{'req/s':>9}{'found':>7}{'first call':>12}")
    rows = (("matcher   best_jobs(worker)", m["jobs"]), ("matcher   best_workers(job)", m["workers"]),
            ("rapidfuzz worker vs all jobs", b["jobs"]), ("rapidfuzz job vs all workers", b["workers"]))
    for label, r in rows:
        print(f"  {label:34}{r['p50']:8.2f}{r['p95']:8.2f}{r['max']:8.2f}{r['rps']:9.1f}{r['found']:7.1f}"
              f"{r['first']:12.2f}")


def summary_rows(m: dict, b: dict) -> list[tuple[str, float, float, str, float | None]]:
    return [
        ("jobs for a worker p50 (ms)", m["jobs"]["p50"], b["jobs"]["p50"], "", None),
        ("jobs for a worker p95 (ms)", m["jobs"]["p95"], b["jobs"]["p95"], "< 10 ms", TARGETS["jobs_p95"]),
        ("workers for a job p50 (ms)", m["workers"]["p50"], b["workers"]["p50"], "", None),
        ("workers for a job p95 (ms)", m["workers"]["p95"], b["workers"]["p95"], "< 50 ms", TARGETS["workers_p95"]),
        ("full top-10 refresh (s)", m["refresh_s"], b["refresh_s"], "< 30 s", TARGETS["refresh"]),
        ("peak memory (MB, RSS)", m["peak"], b["peak"], "< 2048 MB", TARGETS["memory"]),
    ]


def print_summary(m: dict, b: dict, args: argparse.Namespace) -> None:
    print(f"\nsummary ({args.workers} workers, {args.jobs} jobs)")
    print(f"  {'':28}{'matcher':>10}{'rapidfuzz':>12}{'x':>8}   {'target':<11}{'matcher meets':>13}")
    for label, mv, bv, target, limit in summary_rows(m, b):
        mark = "*" if label.startswith("full") and b["sampled"] < args.workers else " "
        meets = "" if limit is None else "yes" if mv < limit else "NO"
        print(f"  {label:28}{mv:10.2f}{bv:11.2f}{mark}{bv / mv:7.2g}x   {target:<11}{meets:>13}")
    if b["sampled"] < args.workers:
        print(f"  * EXTRAPOLATED linearly from {b['sampled']} of {args.workers} workers "
              f"(measured {b['measured_s']:.2f} s for those)")
    print("  peak memory: each side in its own spawned process. RSS at its start (interpreter and imports): "
          f"matcher {m['rss_start']:.0f} MB, baseline {b['rss_start']:.0f} MB;\n  once the profiles were generated, "
          f"before any index: matcher {m['rss_data']:.0f} MB, baseline {b['rss_data']:.0f} MB "
          f"(so the matcher's tables, work arrays and results add about {m['peak'] - m['rss_data']:.0f} MB "
          "at its peak)")
    print("  x = rapidfuzz / matcher: above 1, the matcher is faster or smaller")
    print("\nchecks")
    for name, result in m["checks"].items():
        print(f"  {name:28}{result}")


# --- main -----------------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=200_000, help="worker archives to generate")
    ap.add_argument("--jobs", type=int, default=5_000, help="open vacancies to generate")
    ap.add_argument("--seed", type=int, default=7, help="seed of the generated data and of the request sample")
    ap.add_argument("--requests", type=int, default=300, help="measured requests per kind and side")
    ap.add_argument("--baseline-workers", type=int, default=20_000,
                    help="workers the baseline's full refresh really runs over (then extrapolated)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 20,000 workers, 1,000 jobs, 50 requests, "
                    "baseline refresh over 5,000 workers")
    args = ap.parse_args()
    if args.quick:
        args.workers, args.jobs, args.requests, args.baseline_workers = 20_000, 1_000, 50, 5_000
    return args


def main() -> None:
    args = parse_args()
    load, code = os.getloadavg(), code_version()
    log(f"matcher phase: {args.workers} workers, {args.jobs} jobs (own process)")
    m = in_child(matcher_phase, args)
    log("baseline phase: all-pairs rapidfuzz (own process)")
    b = in_child(baseline_phase, args)
    print_setup(args, load, (code, code_version()))
    print_build(m, b)
    print_latency(m, b)
    print_summary(m, b, args)


if __name__ == "__main__":
    main()
