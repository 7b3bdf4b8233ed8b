"""Real parts for every test: a real database (SQLite or PostgreSQL, by TEST_DATABASE) migrated
with Alembic, and a real Meilisearch server started once per run."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient
from litestar.testing.transport import TestClientTransport
from sqlalchemy import text

from portal.app import create_app
from portal.db import make_engine, make_sessionmaker, upgrade
from portal.indexer import drain
from portal.reference import load_reference
from portal.settings import ROOT, Settings
from portal.vocabulary.service import Vocabulary
from search.client import SearchClient
from search.documents import KINDS
from search.server import MeiliServer, find_binary

from .factories import Cast, make_cast

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Tables holding what tests create; reference data (townships, stations, measures) stays.
TEST_TABLES = (
    "group_visit",
    "phone_group",
    "news_item",
    "notice",
    "help_step",
    "help_request",
    "return_plan",
    "archive_move",
    "access_code",
    "job_report",
    "job_interest",
    "audit_log",
    "follow_up",
    "contract",
    "event_job",
    "event_attendee",
    "event",
    "contract_counter",
    "search_outbox",
    "login_failure",
    "synonym_group",
    "business_support",
    "business_employee",
    "business",
    "measure_match",
    "worker_skill",
    "worker",
    "job",
    "user_account",
    "employer",
)


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    kind = os.environ.get("TEST_DATABASE", "sqlite")
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    if kind != "postgresql":
        raise pytest.UsageError("TEST_DATABASE must be sqlite or postgresql")
    name = f"portal_test_{os.getpid()}"
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}"'))
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def meili(tmp_path_factory):
    binary = find_binary(os.environ.get("MEILI_BIN"), ROOT / "var" / "bin" / "meilisearch")
    server = MeiliServer(binary, tmp_path_factory.mktemp("meili")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_settings(database_url, meili, tmp_path_factory) -> Settings:
    upgrade(database_url)

    async def reference(client: SearchClient) -> None:
        """Townships, stations and the catalogue, in the database and (through the outbox) in search."""
        engine = make_engine(database_url)
        factory = make_sessionmaker(engine)
        async with factory() as session:
            await load_reference(session)
            await session.commit()
        await drain(factory, client, Vocabulary(), wait=True)
        await engine.dispose()

    settings = Settings(
        database_url=database_url,
        secret_key="test-secret-key-not-for-production",
        var_dir=tmp_path_factory.mktemp("var"),
        meili_url=meili.url,
        meili_master_key=meili.master_key,
        meili_index_prefix=f"t{uuid.uuid4().hex[:8]}",
        outbox_interval=0.2,
        match_refresh_seconds=0.0,  # tests write rows directly and look at once
        warm_vocabulary=False,  # ~150 apps start in a run; the tests that classify pay it themselves
    )
    client = SearchClient(
        settings.meili_url, settings.meili_master_key, settings.meili_index_prefix
    )
    client.ensure_indexes(Vocabulary().lexicon)
    asyncio.run(reference(client))
    # A fresh Meilisearch loads its Chinese dictionaries on the first Chinese document (~2 s here);
    # a running portal has long paid that, so the tests pay it once, up front.
    client.wait(client.upsert("jobs", [{"id": 0, "title_n": "电焊工 warm-up"}]))
    client.wait(client.delete("jobs", [0]))
    return settings


async def _clean(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE employer SET reviewed_by_id = NULL")
        )  # employer and user_account point at each other
        for table in TEST_TABLES:
            await conn.execute(text(f"DELETE FROM {table}"))
    await engine.dispose()


@pytest.fixture
def settings(base_settings) -> Settings:
    """Each test starts with empty tables (reference data kept) and empty search indexes."""
    asyncio.run(_clean(base_settings.database_url))
    search = SearchClient(
        base_settings.meili_url, base_settings.meili_master_key, base_settings.meili_index_prefix
    )
    for kind in KINDS:
        if kind != "policies":
            search.wait(search.clear(kind))
    return base_settings


@pytest.fixture
def search_client(settings) -> SearchClient:
    return SearchClient(settings.meili_url, settings.meili_master_key, settings.meili_index_prefix)


@pytest.fixture(scope="session")
def app(base_settings):
    """One app for the run: building it costs ~0.3-0.8 s. Each client still runs its lifespan (a fresh
    runtime: database engine, search client, vocabulary, outbox loop), so no state crosses tests."""
    return create_app(base_settings)


@pytest.fixture
def client(settings, app):
    with TestClient(app=app, base_url="http://testserver.local") as c:
        yield c


class _SameApp(httpx.BaseTransport):
    """Requests to the app a running TestClient serves (its event loop, its runtime)."""

    def __init__(self, client: TestClient) -> None:
        self.inner = TestClientTransport(client=client)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)


@pytest.fixture
def stranger(client):
    """Someone with no rights, who never logs in: their own cookies, on the portal ``client`` runs
    (a second TestClient would start a second runtime in the shared app)."""
    with httpx.Client(transport=_SameApp(client), base_url=client.base_url) as c:
        yield c


@pytest.fixture
def cast(settings) -> Cast:
    """A named cast: admin, staff, employer (verified company), worker (with an archive); the
    stranger, who has no account, is the ``stranger`` fixture."""
    return asyncio.run(make_cast(settings.database_url))


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def db(settings):
    """Run a coroutine against the test database: ``db(lambda s: s.scalar(...))``."""

    def query(fn):
        async def go():
            engine = make_engine(settings.database_url)
            try:
                async with make_sessionmaker(engine)() as session:
                    return await fn(session)
            finally:
                await engine.dispose()

        return asyncio.run(go())

    return query


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
