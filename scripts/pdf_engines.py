"""The renderers scripts/bench_pdf.py measures, each behind the same three calls (prepare,
render_one, http_one, http_fair), and the portal they print from: Typst through the portal's own
routes, WeasyPrint and headless Chromium printing the portal's print pages."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-9"
STAFF = "13700000001"
PRINT_CSS = ROOT / "static" / "css" / "print.css"


def settings_for(url: str, var: str):
    from portal.settings import Settings

    return Settings(
        database_url=url,
        secret_key="bench-secret-key-0123456789",
        var_dir=Path(var),
        warm_vocabulary=False,
    )


class Portal:
    """The portal under uvicorn in a thread of this process, and an HTTP client logged in as staff."""

    def __init__(self, url: str, var: str) -> None:
        import httpx
        import uvicorn

        from portal.app import create_app
        from search.server import free_port

        self.settings = settings_for(url, var)
        port = free_port()
        config = uvicorn.Config(
            create_app(self.settings), host="127.0.0.1", port=port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(base_url=self.base, timeout=900.0)
        r = self.client.post("/api/v1/auth/login", json={"phone": STAFF, "password": PASSWORD})
        assert r.status_code == 201, r.text

    def get(self, path: str) -> bytes:
        r = self.client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        return r.content

    def close(self) -> None:
        """Stop the server and wait for its shutdown, which stops the child Meilisearch too."""
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=30)


def contracts_in_memory(settings, n: int):
    """The fair's first ``n`` contracts, loaded as the event PDF route loads them."""
    from portal.db import make_engine, make_sessionmaker
    from portal.events.service import EventService

    async def load():
        engine = make_engine(settings.database_url)
        async with make_sessionmaker(engine)() as s:
            _, contracts = await EventService(s).printable(1)
        await engine.dispose()
        return contracts[:n]

    return asyncio.run(load())


class Typst:
    def __init__(self, portal: Portal) -> None:
        from types import SimpleNamespace

        self.portal = portal
        self.runtime = SimpleNamespace(settings=portal.settings)  # printing reads only settings

    def prepare(self, repeat: int) -> list:
        return contracts_in_memory(self.portal.settings, repeat)

    def render_one(self, c) -> bytes:
        from portal.contracts.printing import contract_pdf

        return contract_pdf([c], self.runtime)

    def http_one(self, contract_id: int) -> bytes:
        return self.portal.get(f"/contracts/{contract_id}.pdf")

    def http_fair(self) -> bytes:
        return self.portal.get("/events/1/contracts.pdf")

    def render_mb(self) -> float:
        """Peak resident memory of the portal's render process (Linux VmHWM)."""
        from portal.documents.render import process_id

        return own_kb("VmHWM", process_id()) / 1024


def offline(html: str, head: str = "") -> str:
    """A print page without its links to the server's stylesheet and script (the stylesheet is
    given to the renderer from the file), so rendering it asks nothing of the network."""
    html = re.sub(r'<link rel="stylesheet"[^>]*>|<script [^>]*></script>', "", html)
    return html.replace("</head>", head + "</head>", 1)


class WeasyPrint:
    def __init__(self, portal: Portal) -> None:
        from weasyprint import CSS

        self.portal = portal
        self.css = [CSS(filename=str(PRINT_CSS))]

    def prepare(self, repeat: int) -> list[str]:
        return [self.portal.get(f"/contracts/{1 + i}/print").decode() for i in range(repeat)]

    def render_one(self, html: str) -> bytes:
        from weasyprint import HTML

        return HTML(string=offline(html)).write_pdf(stylesheets=self.css)

    def http_one(self, contract_id: int) -> bytes:
        return self.render_one(self.portal.get(f"/contracts/{contract_id}/print").decode())

    def http_fair(self) -> bytes:
        return self.render_one(self.portal.get("/events/1/print").decode())


class Chromium:
    def __init__(self, portal: Portal) -> None:
        from playwright.sync_api import sync_playwright

        self.portal = portal
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        context = self.browser.new_context(base_url=portal.base)
        context.add_cookies(
            [{"name": k, "value": v, "url": portal.base} for k, v in portal.client.cookies.items()]
        )
        self.page = context.new_page()
        self.blank = self.browser.new_page()  # about:blank: no origin, so no CSP on inline styles
        self.css = PRINT_CSS.read_text(encoding="utf-8")

    def prepare(self, repeat: int) -> list[str]:
        return [self.portal.get(f"/contracts/{1 + i}/print").decode() for i in range(repeat)]

    def render_one(self, html: str) -> bytes:
        self.blank.set_content(offline(html, f"<style>{self.css}</style>"))
        return self.blank.pdf(format="A4")

    def http_one(self, contract_id: int) -> bytes:
        self.page.goto(f"/contracts/{contract_id}/print")
        return self.page.pdf(format="A4")

    def http_fair(self) -> bytes:
        self.page.goto("/events/1/print", timeout=900_000)
        return self.page.pdf(format="A4")


KINDS = {"typst": Typst, "weasyprint": WeasyPrint, "chromium": Chromium}


def own_kb(field: str, pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0
