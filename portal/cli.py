"""The ``portal`` command.

Production: ``migrate``, ``load-reference`` (townships, stations, the catalogue; no account) and
``create-admin``. Development only: ``seed`` and ``demo`` add a generated county with demo logins
whose password is printed in the README, so they must never run against a real database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from .settings import Settings, database_url

log = logging.getLogger("portal")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "database_url", None):
        settings = Settings(
            **{
                **settings.__dict__,
                "database_url": database_url(args.database_url, settings.var_dir),
            }
        )
    return settings


def migrate(settings: Settings) -> None:
    from .db import upgrade

    upgrade(settings.database_url)


async def _seed(settings: Settings, workers: int, jobs: int) -> bool:
    from .db import make_engine, make_sessionmaker
    from .demo.seed import seed_demo

    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await seed_demo(session, workers=workers, jobs=jobs)
    finally:
        await engine.dispose()


async def _reindex(settings: Settings) -> dict[str, int]:
    """Rebuild both indexes beside the live ones and swap them in; searches never fail meanwhile."""
    from .indexer import rebuild
    from .runtime import Runtime

    rt = Runtime.open(settings)
    try:
        return await rebuild(rt.sessions, rt.search, rt.vocabulary)
    finally:
        await rt.close()


async def _import_jobs(
    settings: Settings, path: str, code: str, report: str | None, strict: bool
) -> int:
    """Import a spreadsheet of vacancies for one employer; print the counts, write the row errors."""
    from pathlib import Path

    from .db import make_engine, make_sessionmaker
    from .imports.service import ImportRefused, find_employer, import_jobs
    from .vocabulary.service import Vocabulary

    file = Path(path)
    if not file.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            vocabulary = Vocabulary()
            await vocabulary.refresh(session)
            trades = await vocabulary.trades()
            try:
                employer = await find_employer(session, code)
                result = await import_jobs(
                    session, employer, file.read_bytes(), file.name, trades, strict=strict
                )
            except ImportRefused as refused:
                print("导入失败，未导入任何岗位：" + refused.render("zh"), file=sys.stderr)
                return 1
    finally:
        await engine.dispose()
    bad_rows = len({e.row for e in result.errors})
    print(
        f"{employer.name}: {result.rows} rows, {len(result.imported)} imported "
        f"({result.published} published, {result.held} waiting for review), {bad_rows} rows with errors"
        + (" - strict: nothing imported" if strict and result.errors else "")
    )
    if result.errors:
        out = Path(report) if report else file.with_name(file.stem + ".errors.csv")
        out.write_text(result.report_csv("zh"), encoding="utf-8")
        print(f"error report: {out}")
    return 0 if not result.errors else 3


async def _find_people(settings: Settings, on: str | None) -> int:
    """政策找人 as of a day (default today): print each new match; 2 for a bad date."""
    import datetime as dt

    from .db import make_engine, make_sessionmaker
    from .eligibility.service import find_people

    try:
        day = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        print(f"--on must be a date written as YYYY-MM-DD, not {on!r}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            found = await find_people(session, day)
    finally:
        await engine.dispose()
    for match in found:
        print(f"worker {match.worker_id}: {match.code}")
    print(f"{len(found)} new matches as of {day.isoformat()}")
    return 0


async def _import_workers(settings: Settings, args: argparse.Namespace) -> int:
    """Import a station's spreadsheet of archives; print the counts, write errors and duplicates."""
    from pathlib import Path

    from .db import make_engine, make_sessionmaker
    from .imports.service import ImportRefused
    from .imports.workers import import_workers
    from .vocabulary.service import Vocabulary

    file = Path(args.file)
    if not file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            vocabulary = Vocabulary()
            await vocabulary.refresh(session)
            trades = await vocabulary.trades()
            try:
                result = await import_workers(
                    session,
                    args.station,
                    file.read_bytes(),
                    file.name,
                    trades,
                    strict=args.strict,
                    dry_run=args.dry_run,
                )
            except ImportRefused as refused:
                print("导入失败，未导入任何档案：" + refused.render("zh"), file=sys.stderr)
                return 1
    finally:
        await engine.dispose()
    return _said(result, args, file)


def _said(result, args: argparse.Namespace, file) -> int:
    """Print what an archive import did; write its errors and duplicates beside the file."""
    from pathlib import Path

    from .imports.worker_runs import as_record

    print(
        f"station {args.station}: {result.rows} rows, {len(result.imported)} imported, "
        f"{result.bad_rows} rows with errors, {len(result.duplicates)} already in an archive"
        + (" - dry run: nothing imported" if args.dry_run else "")
        + (" - strict: nothing imported" if args.strict and result.errors else "")
    )
    if result.errors or result.duplicates:
        out = Path(args.report) if args.report else file.with_name(file.stem + ".errors.csv")
        out.write_text(_worker_report(as_record(result, "zh")), encoding="utf-8-sig")
        print(f"error report: {out}")
    return 0 if not (result.errors or result.duplicates) else 3


def _worker_report(record: dict) -> str:
    import csv
    import io

    from .sheets import csv_row

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["行", "栏目", "问题"])
    for e in record["errors"]:
        writer.writerow(csv_row([e["row"], e["column"], e["problem"]]))
    for d in record["duplicates"]:
        a = d["archive"]
        writer.writerow(csv_row([d["row"], d["column"], f"已有档案 {a['id']}（{a['name']}）"]))
    return out.getvalue()


async def _load_reference(settings: Settings) -> dict[str, int]:
    from .db import make_engine, make_sessionmaker
    from .reference import load_reference

    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            counts = await load_reference(session)
            await session.commit()
            return counts
    finally:
        await engine.dispose()


def _ask_password(phone: str) -> str | None:
    """The new admin's password: asked twice on a terminal, one line from a pipe (for scripts)."""
    import getpass

    from .i18n import translations
    from .passwords import password_problem

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ.", file=sys.stderr)
            return None
    else:
        password = sys.stdin.readline().rstrip("\n")
    problem = password_problem(password, phone)
    if problem:
        print(translations("zh").gettext(problem), file=sys.stderr)
        return None
    return password


async def _create_admin(settings: Settings, phone: str, name: str, password: str) -> bool:
    from sqlalchemy import select

    from .accounts.service import new_user
    from .db import make_engine, make_sessionmaker
    from .models import User

    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            if await session.scalar(select(User.id).where(User.phone == phone)):
                return False
            session.add(new_user(phone, password, "admin", name))
            await session.commit()
            return True
    finally:
        await engine.dispose()


def create_admin(settings: Settings, phone_raw: str, name: str) -> int:
    from .security import clean_phone

    phone = clean_phone(phone_raw)
    if phone is None:
        print("Please give an 11-digit mobile number.", file=sys.stderr)
        return 2
    password = _ask_password(phone)
    if password is None:
        return 2
    if not asyncio.run(_create_admin(settings, phone, name, password)):
        print(f"An account with phone {phone} already exists; nothing changed.", file=sys.stderr)
        return 1
    print(f"Admin {phone} created.")
    return 0


def print_logins() -> None:
    from .demo.seed import DEMO_LOGINS, DEMO_PASSWORD

    print(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
    for login in DEMO_LOGINS:
        print(f"  {login.role:<9} {login.phone}  {login.name}")


def server(app, host: str, port: int, **options):
    """uvicorn as the portal runs under it. Not uvicorn's proxy headers: it would take X-Forwarded-For
    from any client on 127.0.0.1; the portal reads it itself, from TRUSTED_PROXIES only."""
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, proxy_headers=False, **options))


def serve(settings: Settings, host: str, port: int) -> None:
    from .app import create_app

    if not os.environ.get("SECRET_KEY"):
        log.warning(
            "SECRET_KEY is not set: sessions and contract verify links last only this process"
        )
    print(f"\nPortal on http://{host}:{port}/  (Ctrl-C stops it)")
    server(create_app(settings), host, port, log_level="info").run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description="Peng'an county jobs portal")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("migrate", "seed", "serve", "demo", "reindex"):
        p = sub.add_parser(name)
        p.add_argument("--database-url", help="overrides DATABASE_URL")
        if name in ("serve", "demo"):
            p.add_argument("--host", default="127.0.0.1")
            p.add_argument("--port", type=int, default=8000)
        if name in ("seed", "demo"):
            p.add_argument("--workers", type=int, default=2000, help="worker archives to generate")
            p.add_argument("--jobs", type=int, default=300, help="vacancies to generate")
    p = sub.add_parser("load-reference", help="townships, stations and the catalogue (no account)")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    p = sub.add_parser("create-admin", help="create an admin account; asks for the password")
    p.add_argument("--phone", required=True)
    p.add_argument("--name", default="管理员", help="the name shown on the admin's pages")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    p = sub.add_parser(
        "import-jobs", help="import vacancies from an .xlsx or .csv file for one employer"
    )
    p.add_argument("file")
    p.add_argument("--employer", required=True, help="the employer's unified social credit code")
    p.add_argument(
        "--report", help="where to write the per-row error report (default FILE.errors.csv)"
    )
    p.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    p = sub.add_parser("find-people", help="政策找人: tell people of measures that now apply")
    p.add_argument("--on", help="as of this day (YYYY-MM-DD; default today)")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    p = sub.add_parser(
        "import-workers", help="import worker archives from an .xlsx or .csv file for one station"
    )
    p.add_argument("file")
    p.add_argument("--station", type=int, required=True, help="the station's number (1-8)")
    p.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
    p.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    p.add_argument(
        "--report", help="where to write errors and duplicates (default FILE.errors.csv)"
    )
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = _settings(args)
    if args.command in ("migrate", "seed", "demo"):
        migrate(settings)
    if args.command in ("seed", "demo"):
        created = asyncio.run(_seed(settings, args.workers, args.jobs))
        print(
            "Seeded the demo county."
            if created
            else "Demo data already present; reference data refreshed."
        )
        print_logins()
    if args.command == "load-reference":
        counts = asyncio.run(_load_reference(settings))
        print("Reference data loaded: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    if args.command == "create-admin":
        return create_admin(settings, args.phone, args.name)
    if args.command == "reindex":
        counts = asyncio.run(_reindex(settings))
        print(
            "Rebuilt and swapped in: "
            + ", ".join(f"{kind} {n} documents" for kind, n in counts.items())
        )
    if args.command == "import-jobs":
        migrate(settings)
        return asyncio.run(
            _import_jobs(settings, args.file, args.employer, args.report, args.strict)
        )
    if args.command == "find-people":
        return asyncio.run(_find_people(settings, args.on))
    if args.command == "import-workers":
        migrate(settings)
        return asyncio.run(_import_workers(settings, args))
    if args.command in ("serve", "demo"):
        serve(settings, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
