"""A real portal on a real port, and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import dataclasses
import os
import threading

import pytest
import uvicorn
from playwright.sync_api import sync_playwright

from portal.app import create_app
from search.server import free_port
from tests.factories import eventually

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    """The browser tests run with the SQLite suite only: what they check (pages, forms, flows in
    Chromium) does not depend on the database, which the integration tests cover on both; the two
    suites run side by side on two cores and Chromium is most of their time."""
    if os.environ.get("TEST_DATABASE") != "postgresql":
        return
    skip = pytest.mark.skip(reason="browser tests run with the SQLite suite (scripts/test)")
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def live_server(settings):
    port = free_port()
    # The printed verify links point at the configured public address: here, this server.
    app = create_app(dataclasses.replace(settings, public_base_url=f"http://127.0.0.1:{port}"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    eventually(lambda: server.started, 20, what="the portal starting")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    """A cheap Android phone's screen: 360 x 740 CSS pixels."""

    def new_page():
        return browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        ).new_page()

    return new_page
