"""Service-level tests: the rules, without HTTP. Each test runs in one outer transaction that is
rolled back at its end (its own commits become savepoints), so nothing it writes is seen by the
next test and no table is cleaned: warehouse's way, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from portal.db import make_engine
from portal.models import Employer, Job, Worker, WorkerSkill
from tests.factories import WELDER, credit_code, job_fields, next_phone, user


def _sqlite_savepoints(engine) -> None:
    """pysqlite begins transactions by itself and would break SAVEPOINT; let SQLAlchemy say BEGIN."""

    @event.listens_for(engine.sync_engine, "connect")
    def _no_implicit_begin(dbapi_conn, _record):  # pragma: no cover - runs per connection
        dbapi_conn.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn):  # pragma: no cover
        conn.exec_driver_sql("BEGIN")


@pytest.fixture
def rolled_back(base_settings) -> Callable[[Callable[[AsyncSession], Awaitable[Any]]], Any]:
    """``rolled_back(lambda session: ...)`` runs a coroutine on the test's session; everything is
    undone when the test ends."""
    loop = asyncio.new_event_loop()
    engine = make_engine(base_settings.database_url)
    if engine.dialect.name == "sqlite":
        _sqlite_savepoints(engine)

    async def open_session():
        conn = await engine.connect()
        outer = await conn.begin()
        session = AsyncSession(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        return conn, outer, session

    conn, outer, session = loop.run_until_complete(open_session())
    yield lambda fn: loop.run_until_complete(fn(session))

    async def close():
        await session.close()
        await outer.rollback()
        await conn.close()
        await engine.dispose()

    loop.run_until_complete(close())
    loop.close()


async def people(session: AsyncSession) -> dict[str, Any]:
    """Staff, a verified employer with its login, and a consenting worker, in the test's transaction."""
    company = Employer(
        name="蓬安县规则测试建筑有限公司",
        credit_code=credit_code(),
        industry="construction",
        township_code="511323101",
        legal_rep="张德明",
        contact_name="何芳",
        contact_phone=next_phone(),
        status="verified",
    )
    session.add(company)
    await session.flush()
    staff = user(next_phone(), "staff", "规则测试员")
    boss = user(next_phone(), "employer", "规则测试企业", employer_id=company.id)
    worker = Worker(
        name="王建国",
        phone=next_phone(),
        id_number="511323197001011232",  # not the HTTP cast's: its rows may still be there
        gender="男",
        birth_year=1970,
        home_township_code="511323101",
        expected_wage=6000,
        work_area="county",
        skills=[WorkerSkill(name="电焊", level="中级", years=8, trade_code=WELDER)],
        consent_at=dt.datetime.now(dt.UTC),
        consent_method="in_person",
    )
    session.add_all([staff, boss, worker])
    await session.flush()
    return {"staff": staff, "employer": boss, "company": company, "worker": worker}


async def published_job(session: AsyncSession, company: Employer, **values: Any) -> Job:
    fields = job_fields(industry="construction", **values)
    job = Job(employer_id=company.id, status="published", **fields)
    session.add(job)
    await session.flush()
    return job
