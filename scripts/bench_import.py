"""Bulk import benchmark: a fair's spreadsheet of 5,000 vacancies with 3% bad rows.

    .venv/bin/python scripts/bench_import.py [--rows 5000] [--bad 0.03] [--database-url URL]

Writes the .xlsx, then in a fresh database for each run (a child process each, so peak memory is
the run's own):
  import    portal.imports.service.import_jobs: every row checked and screened, the valid ones in
            one transaction (what `portal import-jobs` and the staff page do);
  baseline  the same valid rows posted one by one through JobService.create, as the posting form
            does (one transaction per vacancy).
Checks that the error report names exactly the rows that were spoiled, and prints time, rows per
second, peak memory and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRADES = [
    ("电焊工", "建筑", "电焊", 6000, 8000),
    ("包装工", "制造", "包装", 3800, 4800),
    ("货车司机", "物流运输", "驾驶", 7000, 9000),
    ("服务员", "餐饮", "服务", 3200, 4000),
    ("果园工", "果园与蚕桑", "修枝", 2800, 3600),
    ("缝纫工", "服装缝纫", "缝纫", 4000, 6000),
    ("护理员", "养老护理", "护理", 3500, 4500),
    ("汽修工", "汽修机修", "汽修", 5000, 7000),
]
TOWNS = [
    "锦屏镇",
    "相如街道",
    "周口街道",
    "巨龙镇",
    "正源镇",
    "金溪镇",
    "徐家镇",
    "河舒镇",
    "利溪镇",
    "龙蚕镇",
]
HEAD = [
    "岗位名称",
    "岗位描述",
    "工作乡镇",
    "行业",
    "工资单位",
    "最低工资",
    "最高工资",
    "招聘人数",
    "技能要求",
    "包住",
    "包吃",
    "社保",
    "工作时间",
]
# How a row is spoiled, and the column the report must name.
SPOIL = [
    ("wage_min", 5, "六千", "最低工资"),
    ("township", 2, "北京市", "工作乡镇"),
    ("title", 0, "", "岗位名称"),
    ("headcount", 7, 0, "招聘人数"),
    ("wage_max", 6, 100, "最高工资"),
    ("industry", 3, "挖矿", "行业"),
]


def workbook(rows: int, bad_share: float, seed: int = 7) -> tuple[bytes, dict[int, str]]:
    from openpyxl import Workbook

    rng = random.Random(seed)
    bad = set(rng.sample(range(rows), round(rows * bad_share)))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEAD)
    expected: dict[int, str] = {}
    for i in range(rows):
        title, industry, skill, low, high = TRADES[i % len(TRADES)]
        row = [
            f"{title}（{i}号）",
            f"{rng.choice(TOWNS)}第{i}号岗位，{skill}熟练优先，长白班，工资按月发放。",
            rng.choice(TOWNS),
            industry,
            "月",
            low,
            high,
            rng.randint(1, 20),
            skill,
            rng.choice(["是", "否"]),
            rng.choice(["是", "否"]),
            rng.choice(["五险", "工伤保险", ""]),
            "每天8小时",
        ]
        if i in bad:
            _name, column, value, heading = SPOIL[i % len(SPOIL)]
            row[column] = value
            expected[i + 2] = heading  # the heading is row 1
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue(), expected


async def _prepare(url: str):
    from portal.accounts.service import new_user
    from portal.db import make_engine, make_sessionmaker, upgrade
    from portal.models import Employer
    from portal.reference import load_reference
    from portal.vocabulary.service import Vocabulary

    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    async with factory() as session:
        await load_reference(session)
        employer = Employer(
            name="蓬安县相如食品有限公司",
            credit_code="91511323MA62Q3K4X6",
            industry="manufacturing",
            township_code="511323101",
            legal_rep="王建军",
            contact_name="王丽",
            contact_phone="13700000009",
            status="verified",
        )
        session.add(employer)
        await session.flush()
        user = new_user(
            "13700000009", "bench-password-9", "employer", "王丽", employer_id=employer.id
        )
        session.add(user)
        await session.commit()
        vocabulary = Vocabulary()
        await vocabulary.refresh(session)
    trades = await vocabulary.trades()
    return engine, factory, employer.id, user.id, trades


async def _run(kind: str, url: str, data: bytes) -> dict:
    from sqlalchemy import func, select

    from portal.forms import FormError
    from portal.imports.service import check_rows, import_jobs, read_table
    from portal.jobs.service import JobService
    from portal.models import Employer, Job, User

    engine, factory, employer_id, user_id, trades = await _prepare(url)
    try:
        start = time.perf_counter()
        async with factory() as session:
            employer = await session.get(Employer, employer_id)
            if kind == "import":
                result = await import_jobs(session, employer, data, "fair.xlsx", trades)
                errors = {e.row: e.column() for e in result.errors}
                report_rows = result.report_csv("zh").count("\n") - 1
            else:
                good, row_errors = check_rows(read_table(data, "fair.xlsx"), trades)
                user = await session.get(User, user_id)
                for _n, form in good:
                    try:
                        await JobService(session).create(user, form)
                    except FormError:
                        pass
                errors = {e.row: e.column() for e in row_errors}
                report_rows = len(row_errors)
        seconds = time.perf_counter() - start
        async with factory() as session:
            stored = await session.scalar(select(func.count()).select_from(Job))
            published = await session.scalar(select(func.count()).where(Job.status == "published"))
    finally:
        await engine.dispose()
    return {
        "seconds": seconds,
        "stored": stored,
        "published": published,
        "errors": errors,
        "report_rows": report_rows,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(kind: str, url: str, data: bytes, out) -> None:
    out.send(asyncio.run(_run(kind, url, data)))


def fresh_url(base: str | None, kind: str, tmp: Path) -> str:
    if not base:
        return f"sqlite+aiosqlite:///{tmp / (kind + '.sqlite3')}"
    import subprocess

    name = f"bench_import_{kind}"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
        )
    return base.rsplit("/", 1)[0] + f"/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--bad", type=float, default=0.03)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL (postgresql+asyncpg://...); SQLite files by default",
    )
    args = parser.parse_args()
    data, expected = workbook(args.rows, args.bad)
    print(
        f"workbook: {args.rows} rows, {len(expected)} spoiled, {len(data) / 1024:.0f} KiB; database: "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    ctx = mp.get_context("spawn")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("import", "baseline"):
            url = fresh_url(args.database_url, kind, Path(tmp))
            here, there = ctx.Pipe()
            proc = ctx.Process(target=child, args=(kind, url, data, there))
            proc.start()
            results[kind] = here.recv()
            proc.join()
            if args.database_url:
                import subprocess

                subprocess.run(
                    [
                        "psql",
                        "-h",
                        "127.0.0.1",
                        "-U",
                        "postgres",
                        "-d",
                        "postgres",
                        "-qc",
                        f'DROP DATABASE IF EXISTS "bench_import_{kind}"',
                    ],
                    check=True,
                )
    good = args.rows - len(expected)
    ok = True
    for kind, r in results.items():
        right = r["errors"] == {row: heading for row, heading in expected.items()}
        ok &= right and r["stored"] == good
        print(
            f"{kind:<9} {r['seconds']:7.2f} s  {args.rows / r['seconds']:8.0f} rows/s  peak {r['peak_mb']:6.0f} MB  "
            f"stored {r['stored']} ({r['published']} published)  report rows {len(r['errors'])} "
            f"{'match the spoiled rows' if right else 'DO NOT match the spoiled rows'}"
        )
    ratio = results["baseline"]["seconds"] / results["import"]["seconds"]
    print(f"import is {ratio:.1f}x faster than posting the rows one by one")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
