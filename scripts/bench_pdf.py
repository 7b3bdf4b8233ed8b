"""Contract PDF benchmark: one contract, and a job fair of 500 contracts in one file.

    .venv/bin/python scripts/bench_pdf.py [--contracts 500] [--repeat 20]

Builds a SQLite database with one fair and its contracts, then, each side in its own process:
  weasyprint  the portal's own routes (GET /contracts/{id}.pdf, /events/{id}/contracts.pdf) through
              the app in process: query, template, WeasyPrint with the Noto CJK fonts;
  chromium    the baseline: the same print pages (/contracts/{id}/print, /events/{id}/print) served by
              the portal and printed to PDF by headless Chromium (what a staff member's browser does).
Prints p50/p95 for one contract, the time for the whole fair, pages, bytes, and peak RSS of the
process (Chromium's own processes are not counted on its side: its figure is the Python side only).
Targets: one contract under 0.5 s, 500 under 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import multiprocessing as mp
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-9"
STAFF = "13700000001"


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


def settings_for(url: str, var: str):
    from portal.settings import Settings

    return Settings(
        database_url=url,
        secret_key="bench-secret-key-0123456789",
        var_dir=Path(var),
        warm_vocabulary=False,
    )


def weasy(url: str, var: str, repeat: int, out) -> None:
    from litestar.testing import TestClient
    from pypdf import PdfReader

    from portal.app import create_app

    with TestClient(
        app=create_app(settings_for(url, var)), base_url="http://portal.local"
    ) as client:
        r = client.post("/api/v1/auth/login", json={"phone": STAFF, "password": PASSWORD})
        assert r.status_code == 201, r.text
        one = []
        for i in range(repeat):
            start = time.perf_counter()
            r = client.get(f"/contracts/{1 + i}.pdf")
            one.append(time.perf_counter() - start)
            assert r.headers["content-type"] == "application/pdf"
        one_bytes = len(r.content)
        start = time.perf_counter()
        r = client.get("/events/1/contracts.pdf")
        fair = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(r.content)).pages)
    out.send(
        {
            "one": one,
            "one_bytes": one_bytes,
            "fair": fair,
            "fair_bytes": len(r.content),
            "pages": pages,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def chromium(url: str, var: str, repeat: int, out) -> None:
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from portal.app import create_app
    from search.server import free_port

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings_for(url, var)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        page = browser.new_page()
        page.goto(f"{base}/login")
        page.fill("#phone", STAFF)
        page.fill("#password", PASSWORD)
        page.click("form.card button[type=submit]")
        page.wait_for_load_state()
        one = []
        for i in range(repeat):
            start = time.perf_counter()
            page.goto(f"{base}/contracts/{1 + i}/print")
            pdf = page.pdf(format="A4")
            one.append(time.perf_counter() - start)
        one_bytes = len(pdf)
        start = time.perf_counter()
        page.goto(f"{base}/events/1/print", timeout=600_000)
        pdf = page.pdf(format="A4")
        fair = time.perf_counter() - start
        browser.close()
    server.should_exit = True
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    out.send(
        {
            "one": one,
            "one_bytes": one_bytes,
            "fair": fair,
            "fair_bytes": len(pdf),
            "pages": pages,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        start = time.perf_counter()
        asyncio.run(build(url, args.contracts))
        print(
            f"database: one fair, {args.contracts} contracts, built in {time.perf_counter() - start:.1f} s"
        )
        results = {}
        for name, target in (("weasyprint", weasy), ("chromium", chromium)):
            here, there = ctx.Pipe()
            proc = ctx.Process(target=target, args=(url, tmp, args.repeat, there))
            proc.start()
            results[name] = here.recv()
            proc.join()
    print(
        f"{'':<11} {'one contract p50 / p95':>24} {'bytes':>8} {'fair of ' + str(args.contracts):>14} {'pages':>6} {'MB':>8} {'peak RSS':>9}"
    )
    for name, r in results.items():
        one = sorted(r["one"])
        p95 = one[min(len(one) - 1, int(0.95 * len(one)))]
        print(
            f"{name:<11} {statistics.median(one) * 1000:10.0f} / {p95 * 1000:6.0f} ms {r['one_bytes']:8d} "
            f"{r['fair']:12.1f} s {r['pages']:6d} {r['fair_bytes'] / 1e6:8.1f} {r['peak_mb']:7.0f} MB"
        )
    w, c = results["weasyprint"], results["chromium"]
    print(
        f"ratio weasyprint / chromium: one contract p50 {statistics.median(w['one']) / statistics.median(c['one']):.2f}x, "
        f"the fair {w['fair'] / c['fair']:.2f}x"
    )
    print(
        json.dumps(
            {
                "targets": {
                    "one_under_0.5s": statistics.median(w["one"]) < 0.5,
                    "fair_under_60s": w["fair"] < 60,
                }
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
