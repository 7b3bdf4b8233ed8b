"""Fixtures the integration tests share: staff logged in (a module may define its own), and a
published vacancy of the cast's employer."""

import asyncio

import pytest

from tests.factories import add_job, login


@pytest.fixture
def staff(client, cast):
    login(client, cast.staff)
    return client


@pytest.fixture
def job_id(cast, settings):
    return asyncio.run(add_job(settings.database_url, cast.employer_id))
