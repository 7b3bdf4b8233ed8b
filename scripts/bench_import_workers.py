"""Archive import benchmark: a station's spreadsheet of 10,000 workers, 3% of rows spoiled and 1%
already in an archive, beside the existing vacancy import of as many rows as the baseline.

    .venv/bin/python scripts/bench_import_workers.py [--rows 10000] [--database-url URL]

Each run in a fresh database and a child process of its own (so peak memory is the run's own):
  archives   portal.imports.workers.import_workers: every row through parse_worker_form (skills
             read into trades), duplicates looked up, the rest in one transaction (what
             `portal import-workers` and the staff page's background task do);
  baseline   portal.imports.service.import_jobs on the vacancy sheet of scripts/bench_import.py
             (every row checked and screened, one transaction).
Prints seconds, rows per second, the median time to check one archive row, peak memory, whether
the report names exactly the spoiled rows, and the ratio of the two runs' rows per second.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import multiprocessing as mp
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

HEAD = [
    "姓名",
    "手机号",
    "身份证号",
    "户籍乡镇",
    "技能",
    "期望工资",
    "务工城市",
    "文化程度",
    "同意建档",
]
SKILLS = ["电焊", "木工", "开挖机", "缝纫", "家政", "厨师", "货车司机", "水电工", "砌砖", "护理"]
TOWNS = ["锦屏镇", "相如街道", "巨龙镇", "正源镇", "金溪镇", "徐家镇", "河舒镇", "利溪镇"]
CITIES = ["广州", "深圳", "上海", "北京", "成都", "重庆", "义乌", "乌鲁木齐"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
# How a row is spoiled, and the column the report must name.
SPOIL = [
    (1, "12345", "手机号"),
    (3, "火星镇", "户籍乡镇"),
    (8, "", "同意建档"),
    (5, "很多", "期望工资"),
]
DUPLICATE_SHARE = 0.01


def id_number(n: int) -> str:
    from stdnum.cn import ric

    body = f"5113231980{n // 8400 % 12 + 1:02d}{n // 300 % 28 + 1:02d}{n % 300:03d}"
    return body + ric.calc_check_digit(body + "0")


def workbook(rows: int, bad_share: float, seed: int = 11) -> tuple[bytes, dict[int, str], int]:
    """The sheet, the spoiled rows (row -> column the report must name), and how many rows repeat
    an archive stored before the run (the first rows' ID numbers, stored as ``existing``)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    bad = set(rng.sample(range(rows), round(rows * bad_share)))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEAD)
    expected: dict[int, str] = {}
    for i in range(rows):
        skills = "、".join(rng.sample(SKILLS, rng.randint(1, 3)))
        row = [
            rng.choice(SURNAMES) + rng.choice(["建国", "秀英", "国华", "小燕", "德明", "晓东"]),
            str(15000000000 + i),
            id_number(i),
            rng.choice(TOWNS),
            skills,
            rng.choice([4000, 5000, 6000, 7000, 8000]),
            rng.choice(CITIES),
            rng.choice(["初中", "高中", "中专", ""]),
            rng.choice(["是", "签字", "电话"]),
        ]
        if i in bad:
            column, value, heading = SPOIL[i % len(SPOIL)]
            row[column] = value
            expected[i + 2] = heading
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    duplicates = sum(1 for i in range(round(rows * DUPLICATE_SHARE)) if i not in bad)
    return buf.getvalue(), expected, duplicates


async def _existing(factory, rows: int) -> None:
    """Archives already kept for the first 1% of the sheet's ID numbers (other phones)."""
    from portal.models import Worker

    async with factory() as session:
        for i in range(round(rows * DUPLICATE_SHARE)):
            session.add(
                Worker(
                    name="老档案",
                    phone=str(13600000000 + i),
                    id_number=id_number(i),
                    birth_year=1980,
                    home_township_code="511323101",
                    expected_wage=5000,
                )
            )
        await session.commit()


async def _run(kind: str, url: str, data: bytes, rows: int) -> dict:
    from bench_import import _prepare
    from sqlalchemy import func, select

    from portal.imports.service import import_jobs
    from portal.imports.workers import import_workers
    from portal.models import Employer, Job, Worker

    engine, factory, employer_id, _user_id, trades = await _prepare(url)
    timings: list[float] = []
    try:
        if kind == "archives":
            await _existing(factory, rows)
        start = time.perf_counter()
        async with factory() as session:
            if kind == "archives":
                result = await import_workers(
                    session, 2, data, "station.xlsx", trades, timings=timings
                )
                errors = {e.row: e.field for e in result.errors}
                duplicates = len(result.duplicates)
            else:
                employer = await session.get(Employer, employer_id)
                result = await import_jobs(session, employer, data, "fair.xlsx", trades)
                errors = {e.row: e.column() for e in result.errors}
                duplicates = 0
        seconds = time.perf_counter() - start
        model = Worker if kind == "archives" else Job
        async with factory() as session:
            stored = await session.scalar(select(func.count()).select_from(model))
    finally:
        await engine.dispose()
    return {
        "seconds": seconds,
        "stored": stored,
        "errors": errors,
        "duplicates": duplicates,
        "p50_ms": statistics.median(timings) * 1000 if timings else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(kind: str, url: str, data: bytes, rows: int, out) -> None:
    out.send(asyncio.run(_run(kind, url, data, rows)))


def drop(name: str) -> None:
    import subprocess

    sql = f'DROP DATABASE IF EXISTS "{name}"'
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


def main() -> int:
    from bench_import import fresh_url
    from bench_import import workbook as job_workbook

    from portal.imports.workers import HEADING

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bad", type=float, default=0.03)
    parser.add_argument("--database-url", help="a PostgreSQL URL; SQLite files by default")
    args = parser.parse_args()
    sheets = {
        "archives": workbook(args.rows, args.bad),
        "baseline": (*job_workbook(args.rows, args.bad), 0),
    }
    print(f"{args.rows} rows each; database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    ctx = mp.get_context("spawn")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (data, _expected, _dups) in sheets.items():
            url = fresh_url(args.database_url, kind, Path(tmp))
            here, there = ctx.Pipe()
            proc = ctx.Process(target=child, args=(kind, url, data, args.rows, there))
            proc.start()
            results[kind] = here.recv()
            proc.join()
            if args.database_url:
                drop(f"bench_import_{kind}")
    ok = True
    for kind, r in results.items():
        _data, expected, dups = sheets[kind]
        named = (
            {row: HEADING.get(f, f) for row, f in r["errors"].items()}
            if kind == "archives"
            else r["errors"]
        )
        right = named == expected and r["duplicates"] == dups
        ok &= right
        p50 = f"p50 {r['p50_ms']:.2f} ms/row" if r["p50_ms"] is not None else "p50 -"
        print(
            f"{kind:<9} {r['seconds']:7.2f} s  {args.rows / r['seconds']:7.0f} rows/s  {p50:<18} "
            f"peak {r['peak_mb']:5.0f} MB  stored {r['stored']}  duplicates {r['duplicates']}  "
            f"{'report matches the spoiled rows' if right else 'REPORT DOES NOT MATCH'}"
        )
    ratio = results["baseline"]["seconds"] / results["archives"]["seconds"]
    print(f"archive import: {ratio:.2f}x the vacancy import's rows per second")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
