"""When Meilisearch stops: search answers from the database with a notice, nothing is lost."""

import asyncio
import dataclasses

import pytest
from litestar.testing import TestClient

from portal.app import create_app
from search.server import MeiliServer
from tests.factories import add_job, eventually, login


@pytest.fixture
def own_meili(settings, tmp_path, meili):
    """A Meilisearch of this test's own, so stopping it leaves the others alone."""
    server = MeiliServer(meili.binary, tmp_path / "meili").start()
    yield server
    server.stop()


def total(client, q="电焊"):
    return client.get("/api/v1/jobs/search", params={"q": q}).json()


def test_search_degrades_to_the_database_and_catches_up_after_an_outage(settings, own_meili, cast):
    own = dataclasses.replace(
        settings, meili_url=own_meili.url, meili_master_key=own_meili.master_key
    )
    with TestClient(app=create_app(own)) as client:
        asyncio.run(add_job(settings.database_url, cast.employer_id, title="电焊工"))
        eventually(lambda: total(client)["total"] == 1 and not total(client)["degraded"])
        assert client.get("/healthz").json() == {"database": "up", "search": "up"}

        port = own_meili.port
        own_meili.stop()
        assert client.get("/healthz").json() == {"database": "up", "search": "down"}
        answer = total(client)
        assert answer["degraded"] and answer["total"] == 1
        page = client.get("/jobs", params={"q": "電焊"})
        assert (
            page.status_code == 200
            and 'id="degraded-notice"' in page.text
            and "电焊工" in page.text
        )
        # The database answers with the same reading of the query: pinyin, slang, Traditional.
        for typed in ("dianhan", "電焊工", "烧焊"):
            r = total(client, typed)
            assert r["degraded"] and [h["title"] for h in r["hits"]] == ["电焊工"], typed

        # Approved while search is down: the outbox keeps it until Meilisearch is back.
        pending = asyncio.run(
            add_job(settings.database_url, cast.employer_id, title="电焊学徒", status="pending")
        )
        login(client, cast.staff)
        assert client.post(f"/api/v1/jobs/{pending}/approve").status_code == 201
        assert total(client)["total"] == 2  # the database answers at once

        own_meili.port = port
        own_meili.start()  # same data directory, same port
        eventually(lambda: client.get("/healthz").json()["search"] == "up")
        eventually(lambda: (r := total(client))["total"] == 2 and not r["degraded"])
