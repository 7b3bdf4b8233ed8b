"""Contract PDFs: Typst (the portal) beside WeasyPrint and headless Chromium, in the same run.

    .venv/bin/python scripts/bench_pdf.py [--n 500] [--repeat 30]

Builds a SQLite database with one fair of --n contracts, then measures each engine in fresh child
processes (spawned, so each one's memory is its own):
  typst       the portal's own routes: /contracts/{id}.pdf and /events/{id}/contracts.pdf;
  weasyprint  WeasyPrint 70 printing the portal's print pages (/contracts/{id}/print,
              /events/{id}/print) with the print stylesheet, in one process (as the portal did before
              it cut a fair into parts over child processes);
  chromium    headless Chromium (Playwright) printing the same pages to PDF, as a staff browser does.
Figures: one contract (two copies) rendered from what is already in memory, warm, p50/p95 (Typst:
contract objects -> PDF; the others: the print page's HTML -> PDF); one contract through HTTP from a
real uvicorn server on 127.0.0.1, p50/p95 (Typst: GET the PDF; the others: GET the print page, then
render it); and a whole fair through HTTP in a fresh process: wall time, pages, bytes, and peak RSS
(the process's own getrusage peak, and the peak of its whole process tree sampled every 20 ms,
which is what counts Chromium's own processes; in brackets the tree before the fair: the
portal with its search server, before anything is rendered). "render MB" is what rendering took:
for Typst the whole render process the portal starts (portal/documents/worker.py: its interpreter,
fonts and pages, VmHWM), for WeasyPrint the growth of the portal process, for Chromium the growth
of the process tree.
Targets for Typst: one contract p95 < 20 ms rendered, < 60 ms through HTTP; the fair < 5 s, and its
render process < 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import logging
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pdf_engines import KINDS, PASSWORD, STAFF, Portal, own_kb  # noqa: E402 (after sys.path)

ENGINES = ("typst", "weasyprint", "chromium")


async def build(url: str, n: int) -> None:
    from stdnum.cn import ric

    from portal.accounts.service import new_user
    from portal.contracts.service import ContractForm, ContractService
    from portal.db import make_engine, make_sessionmaker, upgrade
    from portal.events.service import EventForm, EventService
    from portal.models import Employer, EventJob, Job, Worker, WorkerSkill
    from portal.reference import load_reference

    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as s:
        await load_reference(s)
        staff = new_user(STAFF, PASSWORD, "staff", "工作站 王老师")
        employer = Employer(
            name="蓬安县锦屏建筑工程有限公司",
            credit_code="91511323MA6X0Q1231",
            industry="construction",
            township_code="511323101",
            legal_rep="张德明",
            contact_name="何芳",
            contact_phone="13812345678",
            status="verified",
        )
        s.add_all([staff, employer])
        await s.flush()
        job = Job(
            employer_id=employer.id,
            title="钢结构电焊工",
            description="县城工业园钢结构厂房，熟练二保焊，包吃住。",
            township_code="511323101",
            wage_min=6000,
            wage_max=8000,
            headcount=n + 10,
            skills=["电焊"],
            has_housing=True,
            has_meals=True,
            status="published",
        )
        s.add(job)
        await s.flush()
        surnames, given = "王李张刘陈杨赵黄周吴", "国华志强建军秀英桂芳德明玉兰"
        for i in range(n):
            body = f"51132319{70 + i % 25}0101{i % 1000:03d}0"
            s.add(
                Worker(
                    name=surnames[i % 10] + given[i % 7 * 2 : i % 7 * 2 + 2],
                    phone=f"135{i:08d}",
                    id_number=body[:17] + ric.calc_check_digit(body),
                    birth_year=1970 + i % 25,
                    home_township_code="511323101",
                    expected_wage=6500,
                    consent_at=dt.datetime.now(dt.UTC),
                    skills=[WorkerSkill(name="电焊", years=5)],
                )
            )
        await s.commit()
        event = await EventService(s).create(
            EventForm(
                "job_fair", "2027年春风行动专场招聘会", dt.date.today(), "蓬安县人力资源市场", None
            ),
            staff,
        )
        s.add(EventJob(event_id=event.id, job_id=job.id))
        await s.commit()
        from sqlalchemy import select

        for worker_id in list(await s.scalars(select(Worker.id).order_by(Worker.id))):
            form = ContractForm(
                worker_id,
                job.id,
                6500,
                dt.date.today() + dt.timedelta(days=7),
                "",
                "",
                event_id=event.id,
            )
            await ContractService(s).create(form, staff)
    await engine.dispose()


class TreeRss:
    """Peak resident memory of this process and all its descendants, sampled (Linux /proc)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @staticmethod
    def tree_kb() -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(stat[1])
                rss[int(entry)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
            except (OSError, IndexError, ValueError):
                continue
        tree, grew = {os.getpid()}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        return sum(rss.get(pid, 0) for pid in tree)

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak_kb = max(self.peak_kb, self.tree_kb())

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return max(self.peak_kb, self.tree_kb()) / 1024


def quiet() -> None:
    """The bench prints a table; the libraries' progress logs would bury it."""
    for name in ("httpx", "weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def timed(call, *args) -> tuple[float, bytes]:
    start = time.perf_counter()
    out = call(*args)
    return time.perf_counter() - start, out


def one_contract(engine: str, url: str, var: str, repeat: int, out) -> None:
    """Child process: one contract, rendered from memory and through HTTP, warm (first call dropped)."""
    quiet()
    portal = Portal(url, var)
    kind = KINDS[engine](portal)
    inputs = kind.prepare(repeat)
    kind.render_one(inputs[0])  # warm: fonts loaded, template parsed
    rendered = [timed(kind.render_one, item)[0] for item in inputs]
    kind.http_one(1)
    http = [timed(kind.http_one, 1 + i % len(inputs))[0] for i in range(repeat)]
    pdf = kind.render_one(inputs[0])
    portal.close()
    out.send({"rendered": rendered, "http": http, "one_bytes": len(pdf)})


def fair(engine: str, url: str, var: str, repeat: int, out) -> None:
    """Child process: the whole fair through HTTP, nothing rendered before it in this process."""
    quiet()
    from pypdf import PdfReader

    tree = TreeRss()
    portal = Portal(url, var)
    kind = KINDS[engine](portal)
    before_mb = TreeRss.tree_kb() / 1024
    self_before_mb = own_kb("VmRSS") / 1024
    seconds, pdf = timed(kind.http_fair)
    render_mb = kind.render_mb() if hasattr(kind, "render_mb") else None
    portal.close()
    out.send(
        {
            "fair": seconds,
            "fair_bytes": len(pdf),
            "pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "tree_mb": (tree_mb := tree.stop()),
            "before_mb": before_mb,
            # What rendering took: Typst's whole render process (its interpreter and fonts too);
            # WeasyPrint's growth of this process; Chromium's growth of the process tree.
            "render_mb": render_mb
            if render_mb is not None
            else (tree_mb - before_mb if engine == "chromium" else self_mb_now() - self_before_mb),
        }
    )


def self_mb_now() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(target, engine: str, url: str, var: str, repeat: int) -> dict:
    ctx = mp.get_context("spawn")
    here, there = ctx.Pipe()
    proc = ctx.Process(target=target, args=(engine, url, var, repeat, there))
    proc.start()
    while not here.poll(1):
        if not proc.is_alive():
            raise SystemExit(f"{target.__name__} for {engine} died (exit {proc.exitcode})")
    result = here.recv()
    proc.join()
    return result


def p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def report(results: dict[str, dict], n: int) -> None:
    print(
        f"{'':<11} {'rendered p50/p95':>17} {'HTTP p50/p95':>17} {'fair of ' + str(n):>12}"
        f" {'pages':>6} {'MB':>6} {'render MB':>9} {'peak RSS self/tree (before)':>27}"
    )
    for name, r in results.items():
        rendered, http = p50_p95(r["rendered"]), p50_p95(r["http"])
        print(
            f"{name:<11} {rendered[0]:7.1f}/{rendered[1]:6.1f} ms {http[0]:7.1f}/{http[1]:6.1f} ms"
            f" {r['fair']:10.2f} s {r['pages']:6d} {r['fair_bytes'] / 1e6:6.1f} {r['render_mb']:9.0f}"
            f" {r['self_mb']:7.0f} / {r['tree_mb']:5.0f} ({r['before_mb']:4.0f}) MB"
        )
    if "typst" not in results:
        return
    t = results["typst"]
    for other in [name for name in results if name != "typst"]:
        o = results[other]
        print(
            f"{other} / typst: rendered p50 {p50_p95(o['rendered'])[0] / p50_p95(t['rendered'])[0]:.0f}x,"
            f" HTTP p50 {p50_p95(o['http'])[0] / p50_p95(t['http'])[0]:.0f}x,"
            f" fair {o['fair'] / t['fair']:.0f}x, render MB {o['render_mb'] / t['render_mb']:.1f}x"
        )
    targets = {
        "rendered_p95_under_20ms": p50_p95(t["rendered"])[1] < 20,
        "http_p95_under_60ms": p50_p95(t["http"])[1] < 60,
        "fair_under_5s": t["fair"] < 5,
        "fair_under_300MB": t["render_mb"] < 300,
    }
    print(json.dumps({"typst_targets": targets}))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500, help="contracts at the fair")
    parser.add_argument("--repeat", type=int, default=30, help="single-contract samples")
    parser.add_argument("--engines", default=",".join(ENGINES))
    args = parser.parse_args()
    quiet()
    engines = [e for e in args.engines.split(",") if e in KINDS]
    repeat = min(args.repeat, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        start = time.perf_counter()
        asyncio.run(build(url, args.n))
        took = time.perf_counter() - start
        print(f"database: one fair, {args.n} contracts, built in {took:.1f} s", flush=True)
        results = {}
        for engine in engines:
            results[engine] = {
                **in_child(one_contract, engine, url, tmp, repeat),
                **in_child(fair, engine, url, tmp, repeat),
            }
            print(f"{engine}: done", flush=True)
    report(results, args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
