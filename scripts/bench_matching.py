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

The data: scripts/county.py (fixed seed; the same county bench_match_pages.py writes as rows).

How to read it: the summary table puts each figure beside its target (worker's best jobs p95 < 10 ms,
vacancy's best candidates p95 < 50 ms, full refresh < 30 s, peak memory < 2 GiB); "x" is baseline /
matcher, above 1 meaning the matcher is faster or smaller. The check lines confirm the matcher's answers
(top_all against best_jobs, best_jobs against the reference scorer) so the speed is of correct results.

    .venv/bin/python scripts/bench_matching.py [--workers 200000] [--jobs 5000] [--seed 7] [--requests 300]
        [--baseline-workers 20000] [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from bench_load import pct
from county import code_version, generate, log
from rapidfuzz import fuzz, process

from matching import Context, JobProfile, WorkerProfile, rank

if TYPE_CHECKING:
    from matching.vector import (
        Matcher,  # imported in the matcher's process only: not in the baseline's memory
    )

LIMIT = 10
WARMUP = 3  # unmeasured calls per series
CHUNK = 1_000  # baseline refresh: workers per cdist call (1,000 x 5,000 float32 = 20 MB)
TARGETS = {
    "jobs_p95": 10.0,
    "workers_p95": 50.0,
    "refresh": 30.0,
    "memory": 2048.0,
}  # ms, ms, s, MB

# Most common first: the order is the popularity rank (weight 1/rank).


def sample(args: argparse.Namespace, workers: list, jobs: list) -> tuple[list, list]:
    """The profiles the requests are for: the same on both sides."""
    rng = random.Random(args.seed + 1)
    return rng.sample(workers, min(args.requests, len(workers))), rng.sample(
        jobs, min(args.requests, len(jobs))
    )


# --- measuring --------------------------------------------------------------------------------------------


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


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
    return {
        "p50": pct(latencies, 50) * 1000,
        "p95": pct(latencies, 95) * 1000,
        "max": max(latencies) * 1000,
        "rps": len(items) / wall,
        "found": found / len(items),
        "first": first * 1000,
    }


def matcher_phase(args: argparse.Namespace) -> dict[str, Any]:
    """In a fresh process: generate, build, both kinds of request, the full refresh, the checks."""
    from matching.vector import Matcher

    out: dict[str, Any] = {"rss_start": rss_mb()}
    t0 = time.perf_counter()
    county, workers, jobs = generate(args)
    out["generate_s"], out["rss_data"] = time.perf_counter() - t0, rss_mb()
    log(
        f"matcher: generated {len(workers)} workers and {len(jobs)} jobs in {out['generate_s']:.1f} s; building"
    )
    t0 = time.perf_counter()
    matcher = Matcher.build(county.ctx, workers, jobs)
    out["build_s"], out["rows"] = time.perf_counter() - t0, len(workers) + len(jobs)
    out["rss_built"] = rss_mb()
    some_workers, some_jobs = sample(args, workers, jobs)
    log(
        f"matcher: built in {out['build_s']:.1f} s; {len(some_workers)} + {len(some_jobs)} requests"
    )
    out["jobs"] = timed(lambda w: matcher.best_jobs(w, limit=LIMIT), some_workers)
    out["workers"] = timed(lambda j: matcher.best_workers(j, limit=LIMIT), some_jobs)
    log("matcher: full refresh (top_all)")
    t0 = time.perf_counter()
    everyone = matcher.top_all(limit=LIMIT)
    out["refresh_s"] = time.perf_counter() - t0
    out["peak"] = peak_mb()
    out["checks"] = checks(matcher, everyone, county.ctx, some_workers, jobs)
    return out


def checks(
    matcher: Matcher, everyone: dict, ctx: Context, some_workers: list, jobs: list
) -> dict[str, str]:
    """The speed is of right answers: top_all = best_jobs for the sample; best_jobs = the reference scorer."""
    differ = sum(everyone.get(w.id) != matcher.best_jobs(w, limit=LIMIT) for w in some_workers)
    few = some_workers[:3]
    reference = sum(
        matcher.best_jobs(w, limit=LIMIT) != [(j.id, s.total) for j, s in rank(w, jobs, ctx, LIMIT)]
        for w in few
    )
    return {
        "top_all vs best_jobs": f"{len(some_workers) - differ}/{len(some_workers)} sampled workers agree",
        "best_jobs vs scoring.rank": f"{len(few) - reference}/{len(few)} workers agree",
    }


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
    out["jobs"] = timed(
        lambda w: top(process.cdist([worker_text(w)], jtexts, **one)[0]), some_workers
    )
    out["workers"] = timed(
        lambda j: top(process.cdist([job_text(j, names)], wtexts, **one)[0]), some_jobs
    )
    out["sampled"] = min(args.baseline_workers, len(workers))
    log(f"baseline: full refresh over {out['sampled']} workers")
    t0 = time.perf_counter()
    for a in range(0, out["sampled"], CHUNK):
        scores = process.cdist(wtexts[a : min(a + CHUNK, out["sampled"])], jtexts, **one)
        best = np.argpartition(-scores, LIMIT, axis=1)[:, :LIMIT]
        np.take_along_axis(scores, best, axis=1).argsort(axis=1)  # each worker's ten, best first
    out["measured_s"] = time.perf_counter() - t0
    out["refresh_s"] = out["measured_s"] * len(workers) / out["sampled"]
    out["peak"] = peak_mb()
    return out


def in_child(
    phase: Callable[[argparse.Namespace], dict], args: argparse.Namespace
) -> dict[str, Any]:
    """Run ``phase`` in a freshly spawned interpreter, so its ru_maxrss is its own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(phase, args).result()


# --- report -------------------------------------------------------------------------------------------------


def print_setup(
    args: argparse.Namespace, load: tuple[float, float, float], code: tuple[str, str]
) -> None:
    print(
        f"\nbench_matching  workers={args.workers}  jobs={args.jobs}  seed={args.seed}  requests={args.requests}  "
        f"baseline-workers={args.baseline_workers}{'  (--quick)' if args.quick else ''}"
    )
    print(
        f"machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {platform.platform()}, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(
        f"load average (1, 5, 15 min) before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
        f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  "
        "(this run adds about 1; more: other work shared the cores)"
    )
    print(
        f"matching/*.py sha256: {code[0]}"
        + (
            ""
            if code[0] == code[1]
            else f"\n  WARNING: changed during the run, now {code[1]}: the figures may mix two versions"
        )
    )


def print_build(m: dict, b: dict) -> None:
    print("\nbuild (matcher child process)")
    print(
        f"  generate profiles    {m['generate_s']:8.2f} s   (Python objects; RSS {m['rss_start']:.0f} -> "
        f"{m['rss_data']:.0f} MB)"
    )
    print(
        f"  Matcher.build        {m['build_s']:8.2f} s   {m['rows'] / m['build_s']:8.0f} rows/s   "
        f"(RSS after: {m['rss_built']:.0f} MB)"
    )
    print(
        f"  baseline texts       {b['texts_s']:8.2f} s   (the baseline's whole index: a list of strings)"
    )


def print_latency(m: dict, b: dict) -> None:
    print(
        f"\nper-request latency (one thread, ms; {WARMUP} warm-up calls each not counted; "
        "found = results per request, of 10; first call = the first warm-up call, lazy set-up included)"
    )
    print(f"  {'':34}{'p50':>8}{'p95':>8}{'max':>8}{'req/s':>9}{'found':>7}{'first call':>12}")
    rows = (
        ("matcher   best_jobs(worker)", m["jobs"]),
        ("matcher   best_workers(job)", m["workers"]),
        ("rapidfuzz worker vs all jobs", b["jobs"]),
        ("rapidfuzz job vs all workers", b["workers"]),
    )
    for label, r in rows:
        print(
            f"  {label:34}{r['p50']:8.2f}{r['p95']:8.2f}{r['max']:8.2f}{r['rps']:9.1f}{r['found']:7.1f}"
            f"{r['first']:12.2f}"
        )


def summary_rows(m: dict, b: dict) -> list[tuple[str, float, float, str, float | None]]:
    return [
        ("jobs for a worker p50 (ms)", m["jobs"]["p50"], b["jobs"]["p50"], "", None),
        (
            "jobs for a worker p95 (ms)",
            m["jobs"]["p95"],
            b["jobs"]["p95"],
            "< 10 ms",
            TARGETS["jobs_p95"],
        ),
        ("workers for a job p50 (ms)", m["workers"]["p50"], b["workers"]["p50"], "", None),
        (
            "workers for a job p95 (ms)",
            m["workers"]["p95"],
            b["workers"]["p95"],
            "< 50 ms",
            TARGETS["workers_p95"],
        ),
        ("full top-10 refresh (s)", m["refresh_s"], b["refresh_s"], "< 30 s", TARGETS["refresh"]),
        ("peak memory (MB, RSS)", m["peak"], b["peak"], "< 2048 MB", TARGETS["memory"]),
    ]


def print_summary(m: dict, b: dict, args: argparse.Namespace) -> None:
    print(f"\nsummary ({args.workers} workers, {args.jobs} jobs)")
    print(
        f"  {'':28}{'matcher':>10}{'rapidfuzz':>12}{'x':>8}   {'target':<11}{'matcher meets':>13}"
    )
    for label, mv, bv, target, limit in summary_rows(m, b):
        mark = "*" if label.startswith("full") and b["sampled"] < args.workers else " "
        meets = "" if limit is None else "yes" if mv < limit else "NO"
        print(f"  {label:28}{mv:10.2f}{bv:11.2f}{mark}{bv / mv:7.2g}x   {target:<11}{meets:>13}")
    if b["sampled"] < args.workers:
        print(
            f"  * EXTRAPOLATED linearly from {b['sampled']} of {args.workers} workers "
            f"(measured {b['measured_s']:.2f} s for those)"
        )
    print(
        "  peak memory: each side in its own spawned process. RSS at its start (interpreter and imports): "
        f"matcher {m['rss_start']:.0f} MB, baseline {b['rss_start']:.0f} MB;\n  once the profiles were generated, "
        f"before any index: matcher {m['rss_data']:.0f} MB, baseline {b['rss_data']:.0f} MB "
        f"(so the matcher's tables, work arrays and results add about {m['peak'] - m['rss_data']:.0f} MB "
        "at its peak)"
    )
    print("  x = rapidfuzz / matcher: above 1, the matcher is faster or smaller")
    print("\nchecks")
    for name, result in m["checks"].items():
        print(f"  {name:28}{result}")


# --- main -----------------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=200_000, help="worker archives to generate")
    ap.add_argument("--jobs", type=int, default=5_000, help="open vacancies to generate")
    ap.add_argument(
        "--seed", type=int, default=7, help="seed of the generated data and of the request sample"
    )
    ap.add_argument("--requests", type=int, default=300, help="measured requests per kind and side")
    ap.add_argument(
        "--baseline-workers",
        type=int,
        default=20_000,
        help="workers the baseline's full refresh really runs over (then extrapolated)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 20,000 workers, 1,000 jobs, 50 requests, "
        "baseline refresh over 5,000 workers",
    )
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
