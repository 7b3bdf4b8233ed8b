"""A production install: `portal migrate && portal load-reference` gives the catalogue, the townships
and the stations and no account; `portal create-admin` is the only way in."""

import io
import sys

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from policies.models import Measure
from portal.app import create_app
from portal.cli import main
from portal.db import make_engine, make_sessionmaker
from portal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
from portal.models import Station, Township, User
from portal.settings import Settings


@pytest.fixture
def fresh(tmp_path, monkeypatch, base_settings):
    """An empty SQLite file of its own (the suite's database already holds reference data)."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path))
    return url


def async_url(url: str) -> str:
    return url.replace("sqlite://", "sqlite+aiosqlite://")


def count(url: str, model) -> int:
    import asyncio

    async def go():
        engine = make_engine(async_url(url))
        try:
            async with make_sessionmaker(engine)() as session:
                return await session.scalar(select(func.count()).select_from(model))
        finally:
            await engine.dispose()

    return asyncio.run(go())


def admin(url, phone, password, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["create-admin", "--phone", phone, "--database-url", url])


def test_load_reference_gives_the_catalogue_townships_and_stations_and_no_account(fresh):
    assert main(["migrate", "--database-url", fresh]) == 0
    assert main(["load-reference", "--database-url", fresh]) == 0
    assert main(["load-reference", "--database-url", fresh]) == 0  # a second run adds nothing
    assert (count(fresh, Township), count(fresh, Station), count(fresh, Measure)) == (21, 8, 30)
    assert count(fresh, User) == 0


def test_the_demo_password_logs_in_nowhere_after_load_reference(fresh, base_settings):
    main(["migrate", "--database-url", fresh])
    main(["load-reference", "--database-url", fresh])
    settings = Settings(**{**base_settings.__dict__, "database_url": async_url(fresh)})
    with TestClient(app=create_app(settings), base_url="http://testserver.local") as client:
        for login in DEMO_LOGINS:
            r = client.post(
                "/api/v1/auth/login", json={"phone": login.phone, "password": DEMO_PASSWORD}
            )
            assert r.status_code == 400, login.role


def test_create_admin_makes_one_admin_who_can_log_in(fresh, base_settings, monkeypatch):
    main(["migrate", "--database-url", fresh])
    assert admin(fresh, "13912345678", "county-admin-2026", monkeypatch) == 0
    settings = Settings(**{**base_settings.__dict__, "database_url": async_url(fresh)})
    with TestClient(app=create_app(settings), base_url="http://testserver.local") as client:
        r = client.post(
            "/api/v1/auth/login", json={"phone": "13912345678", "password": "county-admin-2026"}
        )
        assert r.status_code == 201
        assert r.json()["role"] == "admin"


@pytest.mark.parametrize("password", ["short7!", "12345678", "demo-2026", "x13912345678y"])
def test_create_admin_refuses_a_weak_password(fresh, monkeypatch, password):
    main(["migrate", "--database-url", fresh])
    assert admin(fresh, "13912345678", password, monkeypatch) == 2
    assert count(fresh, User) == 0


def test_create_admin_refuses_a_phone_already_registered(fresh, monkeypatch):
    main(["migrate", "--database-url", fresh])
    admin(fresh, "13912345678", "county-admin-2026", monkeypatch)
    assert admin(fresh, "13912345678", "another-pass-2026", monkeypatch) == 1
    assert count(fresh, User) == 1
