"""Engine, sessions and migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str) -> AsyncEngine:
    """``hide_parameters``: a database error logged with its traceback shows no values (ID numbers, phones)."""
    _ensure_sqlite_dir(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - runs per connection
            cursor = dbapi_conn.cursor()
            # WAL lets readers go on while one writer commits; foreign keys are off by default in SQLite.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(
        url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True
    )


def make_sessionmaker(engine: AsyncEngine, **info: object) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep their objects after a commit; ``info`` is given to each session."""
    return async_sessionmaker(engine, expire_on_commit=False, info=info or None)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A request's session. Whatever a handler did not commit is rolled back, never half-written."""
    async with factory() as session:
        try:
            yield session
        finally:
            await session.rollback()


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (sync; call it outside the event loop or in a thread)."""
    _ensure_sqlite_dir(database_url)
    command.upgrade(alembic_config(database_url), revision)
