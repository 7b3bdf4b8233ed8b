"""The database scripts/bench_match_pages.py measures against: the county of scripts/county.py as rows.

Archives, skills, vacancies, employers and the logins the load uses, written with Core executemany in
chunks; a SQLite file under /tmp by default, or a fresh PostgreSQL database named bench...; kept and
reused with --keep when it already holds the same data.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from county import TODAY, generate, log

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


def plan(args: argparse.Namespace) -> dict[str, Any]:
    """Who logs in and what they look at: fixed by the seed, so a kept database needs no regeneration."""
    rng = random.Random(args.seed + 3)
    archives = rng.sample(range(1, args.workers + 1), min(WORKER_LOGINS, args.workers))
    return {"worker_archives": archives}


def owner(job_id: int) -> int:
    """The employer of a vacancy (a closed form: the same in a kept database)."""
    return 1 + (job_id * 7919) % EMPLOYERS


def psql(url: Any, sql: str) -> str:
    cmd = [
        "psql",
        "-h",
        url.host or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        "-d",
        "postgres",
        "-tAc",
        sql,
    ]
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout.strip()


async def counts(db_url: str) -> dict[str, int]:
    from sqlalchemy import text

    from portal.db import make_engine

    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            return {
                t: await conn.scalar(text(f"SELECT count(*) FROM {t}"))
                for t in (
                    "worker",
                    "worker_skill",
                    "job",
                    "employer",
                    "user_account",
                    "township",
                    "measure",
                )
            }
    finally:
        await engine.dispose()


def expected_counts(args: argparse.Namespace) -> dict[str, int]:
    return {
        "worker": args.workers,
        "job": args.jobs,
        "employer": EMPLOYERS,
        "user_account": 1 + EMPLOYER_LOGINS + min(WORKER_LOGINS, args.workers),
    }


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


async def write_rows(
    db_url: str,
    args: argparse.Namespace,
    county: Any,
    workers: list,
    jobs: list,
    who: dict[str, Any],
    generator_today: dt.date,
) -> dict[str, int]:
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
    employers = [
        dict(
            id=i,
            name=f"蓬安县测试{i:03d}建设有限公司",
            credit_code=f"91511323BENCH{i:05d}",
            industry="建筑",
            township_code=rng.choice(county.towns),
            legal_rep="测试",
            contact_name="测试",
            contact_phone=f"136{i:08d}",
            status="verified",
        )
        for i in range(1, EMPLOYERS + 1)
    ]
    users = [
        dict(
            id=1,
            phone=STAFF_PHONE,
            password_hash=password_hash,
            role="staff",
            display_name="工作站 测试",
            employer_id=None,
            station_id=1,
        )
    ]
    users += [
        dict(
            id=2 + k,
            phone=employer_phone(k),
            password_hash=password_hash,
            role="employer",
            display_name=f"企业 测试{k}",
            employer_id=1 + k,
            station_id=None,
        )
        for k in range(EMPLOYER_LOGINS)
    ]
    first_worker_user = 2 + EMPLOYER_LOGINS
    user_of = {}
    for k, archive in enumerate(who["worker_archives"]):
        users.append(
            dict(
                id=first_worker_user + k,
                phone=worker_login_phone(k),
                password_hash=password_hash,
                role="worker",
                display_name=f"务工 测试{k}",
                employer_id=None,
                station_id=None,
            )
        )
        user_of[archive] = first_worker_user + k

    def worker_row(p: Any) -> dict[str, Any]:
        female = rng.random() < 0.4
        return dict(
            id=p.id,
            user_id=user_of.get(p.id),
            name=person_name(rng, female),
            phone=f"139{p.id:08d}",
            id_number=f"511323{p.birth_year:04d}{p.id:08d}",
            gender="女" if female else "男",
            birth_year=p.birth_year,
            home_township_code=p.home_township,
            expected_wage=p.expected_wage,
            work_area=p.work_area,
            daily_commute=p.daily_commute,
            wants_housing=p.wants_housing,
            wants_meals=p.wants_meals,
            available_from=shift(p.available_from),
            certificates=[
                {"name": c.name, "expires": shift(c.expires).isoformat() if c.expires else None}
                for c in p.certificates
            ],
            consent_at=now,
            consent_method="in_person",
            intent="local_job",
        )

    def job_row(p: Any) -> dict[str, Any]:
        town = county.town_names[p.township]
        return dict(
            id=p.id,
            employer_id=owner(p.id),
            title=p.title[:60],
            description=f"{town}{p.title}，招{names[p.trades[0]]}，长期稳定，按月发工资。",
            township_code=p.township,
            wage_min=p.wage_min,
            wage_max=p.wage_max,
            headcount=rng.choice((1, 2, 3, 5, 8, 10)),
            skills=[names[c] for c in p.trades],
            trade_code=p.trades[0],
            status="published",
            certificates=list(p.certificates),
            level=p.level,
            takes_beginners=p.takes_beginners,
            start_date=shift(p.start_date),
            has_housing=p.has_housing,
            has_meals=p.has_meals,
            industry="other",
            accepts_over_50=p.accepts_over_50,
            reviewed_at=now,
            reviewed_by_id=1,
        )

    engine = make_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(insert(Employer.__table__), employers)
            await conn.execute(insert(User.__table__), users)
            rows["employer"], rows["user_account"] = len(employers), len(users)
            rows["worker"] = rows["worker_skill"] = 0
            for a in range(0, len(workers), CHUNK):
                part = workers[a : a + CHUNK]
                await conn.execute(insert(Worker.__table__), [worker_row(p) for p in part])
                skills = [
                    dict(
                        worker_id=p.id, name=s.name, level=s.level, years=s.years, trade_code=s.code
                    )
                    for p in part
                    for s in p.skills
                ]
                if skills:
                    await conn.execute(insert(WorkerSkill.__table__), skills)
                rows["worker"] += len(part)
                rows["worker_skill"] += len(skills)
                if (a // CHUNK) % 5 == 4:
                    log(f"  {rows['worker']} archives written")
            job_rows = [job_row(p) for p in jobs]
            for a in range(0, len(job_rows), CHUNK):
                await conn.execute(insert(Job.__table__), job_rows[a : a + CHUNK])
            rows["job"] = len(job_rows)
            if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
                for table in ("employer", "user_account", "worker", "job"):
                    await conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
    finally:
        await engine.dispose()
    return rows


async def reference(db_url: str) -> None:
    from portal.db import make_engine, make_sessionmaker
    from portal.reference import load_reference

    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await load_reference(session)
            await session.commit()
    finally:
        await engine.dispose()


async def index_reference(db_url: str, meili_url: str, key: str, prefix: str) -> None:
    """As tests/conftest.py: the indexes exist, the catalogue's outbox rows are drained (not during the run)."""
    from portal.db import make_engine, make_sessionmaker
    from portal.indexer import drain
    from portal.vocabulary.service import Vocabulary
    from search.client import SearchClient

    client = SearchClient(meili_url, key, prefix)
    client.ensure_indexes(Vocabulary().lexicon)
    engine = make_engine(db_url)
    try:
        await drain(make_sessionmaker(engine), client, Vocabulary(), wait=True)
    finally:
        await engine.dispose()


def build_database(db_url: str, args: argparse.Namespace, who: dict[str, Any]) -> dict[str, Any]:
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
    county, workers, jobs = generate(
        argparse.Namespace(workers=args.workers, jobs=args.jobs, seed=args.seed)
    )
    info["generate_s"] = time.perf_counter() - t0
    log(
        f"generated {len(workers)} archives and {len(jobs)} vacancies in {info['generate_s']:.1f} s; writing rows"
    )
    t0 = time.perf_counter()
    info["rows"] = asyncio.run(write_rows(db_url, args, county, workers, jobs, who, TODAY))
    info["insert_s"] = time.perf_counter() - t0
    info["reused"] = False
    return info
