"""Measuring a server under load for the benchmarks: a thread-pool load generator with
percentiles, and py-spy sampling the server's process while it serves (`--profile`)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))] if s else float("nan")


@dataclass
class Load:
    latencies: list[float]
    wall: float
    outcomes: Counter

    def row(self) -> tuple[float, float, float, float]:
        """p50, p95, p99 in ms and requests per second."""
        ms = [pct(self.latencies, p) * 1000 for p in (50, 95, 99)]
        return ms[0], ms[1], ms[2], len(self.latencies) / self.wall


def run_load(call, queries: list[Any], total: int, concurrency: int) -> Load:
    """``total`` calls over ``concurrency`` threads, each with its own kept-alive Session."""
    counter, lock = itertools.count(), threading.Lock()
    load = Load([], 0.0, Counter())

    import requests  # here: scripts that only want pct() do not load an HTTP client

    def worker() -> None:
        mine, outcomes = [], Counter()
        with requests.Session() as s:
            while (i := next(counter)) < total:
                t0 = time.perf_counter()
                try:
                    outcomes[call(s, queries[i % len(queries)])] += 1
                except requests.RequestException:
                    outcomes["failed"] += 1
                mine.append(time.perf_counter() - t0)
        with lock:
            load.latencies.extend(mine)
            load.outcomes.update(outcomes)

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for f in [pool.submit(worker) for _ in range(concurrency)]:
            f.result()
    load.wall = time.perf_counter() - start
    return load


class Profile:
    """py-spy sampling the portal process while it serves one load (``--profile``): where a search's
    Python time goes. py-spy is in the ``bench`` extra; it reads the process from outside."""

    def __init__(self, path: Path, pid: int) -> None:
        self.path = path
        command = ["py-spy", "record", "--pid", str(pid), "--format", "raw", "--rate", "250"]
        command += ["--nonblocking", "--output", str(path)]
        exe = shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy")
        self.proc = subprocess.Popen([exe, *command[1:]], stdout=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self) -> None:
        self.proc.send_signal(2)  # SIGINT: py-spy writes what it sampled
        self.proc.wait(timeout=30)

    def summary(self, top: int = 18) -> list[str]:
        """The functions with the most samples on the stack (inclusive) and on top (self), in %."""
        inclusive: Counter[str] = Counter()
        own: Counter[str] = Counter()
        total = 0
        for line in self.path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = [
                f.split(" (")[0] + " " + f.rsplit("/", 1)[-1].rstrip(")") for f in stack.split(";")
            ]
            n = int(count)
            total += n
            own[frames[-1]] += n
            for frame in set(frames):
                inclusive[frame] += n
        lines = [f"  {total} samples of the portal process; inclusive % (self %), top {top}:"]
        for frame, n in inclusive.most_common(top * 3):
            if any(
                part in frame
                for part in (
                    "portal",
                    "search",
                    "matching",
                    "sqlalchemy",
                    "litestar",
                    "jinja",
                    "httpx",
                    "rapidfuzz",
                    "pypinyin",
                    "opencc",
                )
            ):
                lines.append(f"  {100 * n / total:5.1f} ({100 * own[frame] / total:4.1f})  {frame}")
            if len(lines) > top:
                break
        lines.append("  top of stack:")
        lines += [f"  {100 * n / total:5.1f}  {frame}" for frame, n in own.most_common(top)]
        return lines
