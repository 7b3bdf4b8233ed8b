"""Every page of every role, on a cheap phone (360 x 740) and a desk screen (1280 x 800): nothing
wider than the screen (in large type too), no text under 16 px, targets of 44 x 44 px, no console errors, light pages,
and axe-core finding nothing serious. Screenshots and a contact sheet go to test-artifacts/sweep/.

The pages are read from portal/routes.py (every GET without a path parameter), less the ones that
are not pages (NOT_PAGES), plus a few with ids from the demo county. Whatever still fails a check is
in ALLOWED with its reason: nothing is skipped silently."""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from policies.models import Measure
from portal.db import make_engine, make_sessionmaker
from portal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from portal.models import Employer, Job, Station, Worker
from portal.routes import ROUTES

# Layout does not depend on the database: the sweep (minutes of Chromium) runs once, with the
# SQLite suite, while the PostgreSQL suite runs beside it (scripts/test).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("TEST_DATABASE") == "postgresql",
        reason="layout does not depend on the database; swept in the SQLite run",
    ),
]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
ALL_SCREENS = {"phone": (360, 740), "desk": (1280, 800), "large": (360, 740)}  # large: large type
# The suite sweeps the phone; PORTAL_SWEEP=all adds the desk screen and large type (8 minutes more).
SCREENS = (
    ALL_SCREENS if os.environ.get("PORTAL_SWEEP") == "all" else {"phone": ALL_SCREENS["phone"]}
)
HTML_BUDGET = 30 * 1024  # bytes sent for the page itself
TOTAL_BUDGET = 100 * 1024  # everything sent before images
ROLES = ("public", "worker", "employer", "staff")

# GET routes that answer with something other than a page: fragments htmx asks for, files, feeds.
NOT_PAGES = {
    "/healthz",
    "/favicon.ico",
    "/me/inbox/count",
    "/jobs/facets",
    "/jobs/trade-suggest",
    "/workers/skill-suggest",
    "/policies/check/result",
    "/share/poster.png",
    "/news.atom",
    "/contracts/new",  # asks for a worker and a vacancy: visited with ids below
}

# (path, check) -> why it still fails, on some role or screen. Ids in paths read {id}.
ALLOWED: dict[tuple[str, str], str] = {}


def pages_of(role: str) -> list[str]:
    found = set()
    for handler in ROUTES:
        allowed = handler.opt.get("roles") or ()
        visible = (
            handler.opt.get("public") or role in allowed or (role == "staff" and "admin" in allowed)
        )
        if "GET" not in (handler.http_methods or ()) or not visible:
            continue
        found |= {p for p in handler.paths if "{" not in p and not p.startswith("/api")}
    return sorted(found - NOT_PAGES)


async def demo_ids(url: str) -> dict[str, int]:
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as s:
        await seed_demo(s, workers=40, jobs=30)
        ids = {
            "job": await s.scalar(select(Job.id).where(Job.status == "published").limit(1)),
            "worker": await s.scalar(select(Worker.id).where(Worker.name == "李国华")),
            "employer": await s.scalar(select(Employer.id).order_by(Employer.id).limit(1)),
            "measure": await s.scalar(select(Measure.id).order_by(Measure.id).limit(1)),
            "station": await s.scalar(select(Station.id).order_by(Station.id).limit(1)),
        }
        ids["own_job"] = await s.scalar(
            select(Job.id).where(Job.employer_id == ids["employer"]).limit(1)
        )
    await engine.dispose()
    return ids


def with_ids(role: str, ids: dict[str, int]) -> list[str]:
    public = [f"/jobs/{ids['job']}", f"/employers/{ids['employer']}"]
    public += [f"/policies/{ids['measure']}", f"/stations/{ids['station']}"]
    return (
        public
        + {
            "public": [],
            "worker": [],
            "employer": [f"/jobs/{ids['own_job']}/edit", f"/jobs/{ids['own_job']}/candidates"],
            "staff": [
                f"/workers/{ids['worker']}",
                f"/workers/{ids['worker']}/edit",
                f"/contracts/new?worker_id={ids['worker']}&job_id={ids['job']}",
            ],
        }[role]
    )


# What a person would notice, measured in the page. Inline links inside a sentence are exempt from
# the target size (WCAG 2.5.8 exempts them too); so is a tick box inside a label that is 44 px tall,
# since the whole label is the target.
MEASURE = """() => {
  const vw = window.innerWidth;
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
    if (el.closest('svg, script, style, [hidden], .visually-hidden')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) small.push(`${el.tagName.toLowerCase()} ${size}px "${node.textContent.trim().slice(0, 20)}"`);
  }
  const inSentence = (a) => {
    const block = a.closest('p, li, dd, td, span.muted');
    return block && block.textContent.trim().length > a.textContent.trim().length + 2;
  };
  const tiny = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (el.type === 'hidden' || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || el.closest('details:not([open]) > :not(summary)')) continue;
    const r = el.getBoundingClientRect();
    if (r.width >= 44 && r.height >= 44) continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    const label = el.closest('label');
    if (label && label.getBoundingClientRect().height >= 44) continue;
    tiny.push(`${el.tagName.toLowerCase()} ${Math.round(r.width)}x${Math.round(r.height)} "${(el.textContent || el.name || '').trim().slice(0, 20)}"`);
  }
  return {overflow: document.documentElement.scrollWidth - vw, small, tiny};
}"""


def check_page(page, base: str, path: str) -> tuple[dict[str, str], dict[str, int], bytes]:
    errors, sizes = [], {"html": 0, "total": 0}
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def count(response):
        if response.request.resource_type == "image":
            return
        # -1 for a file the browser had cached: within one context, a page's total counts only
        # what it fetched new (the first page of each context pays for the CSS and htmx).
        sent = max(response.request.sizes()["responseBodySize"], 0)
        sizes["total"] += sent
        if response.request.resource_type == "document":
            sizes["html"] += sent

    page.on("requestfinished", lambda r: r.response() and count(r.response()))
    response = page.goto(base + path)
    page.wait_for_load_state("load")
    found = {}
    if response.status >= 400:
        found["status"] = str(response.status)
    m = page.evaluate(MEASURE)
    if m["overflow"] > 0:
        found["overflow"] = f"{m['overflow']} px wider than the screen"
    if m["small"]:
        found["font"] = "; ".join(m["small"][:3])
    if m["tiny"]:
        found["targets"] = f"{len(m['tiny'])}: " + "; ".join(m["tiny"][:3])
    if errors:
        found["console"] = "; ".join(errors[:2])
    if sizes["html"] > HTML_BUDGET or sizes["total"] > TOTAL_BUDGET:
        found["bytes"] = f"html {sizes['html']} B, total {sizes['total']} B"
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)"
    )
    if result:
        found["axe"] = ", ".join(result)
    return found, sizes, page.screenshot()


def contact_sheet(shots: list[Path], into: Path) -> None:
    thumb_w, thumb_h, cols = 180, 240, 8
    rows = (len(shots) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * thumb_w, rows * (thumb_h + 16)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, path in enumerate(shots):
        image = Image.open(path)
        image.thumbnail((thumb_w - 4, thumb_h - 4))
        x, y = (i % cols) * thumb_w, (i // cols) * (thumb_h + 16)
        sheet.paste(image, (x + 2, y + 2))
        draw.text((x + 2, y + thumb_h), path.stem[:30], fill="black")
    sheet.save(into)


def log_in(page, base: str, role: str) -> None:
    phone = next(d.phone for d in DEMO_LOGINS if d.role == role)
    page.goto(f"{base}/login")
    page.fill("#phone", phone)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def ids(settings) -> dict[str, int]:
    """The demo county, stored before the browser starts (Playwright keeps an event loop running)."""
    return asyncio.run(demo_ids(settings.database_url))


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_fits_the_screen(role, screen, ids, live_server, browser, artifacts):
    out = artifacts / "sweep"
    out.mkdir(exist_ok=True)
    width, height = ALL_SCREENS[screen]
    phone = screen != "desk"
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    if screen == "large":
        context.add_cookies([{"name": "type", "value": "large", "url": live_server}])
    if role != "public":
        log_in(context.new_page(), live_server, role)
    failures, sizes = {}, {}
    for path in pages_of(role) + with_ids(role, ids):
        page = context.new_page()
        found, sizes[path], png = check_page(page, live_server, path)
        page.close()
        (out / f"{role}-{screen}{path.replace('/', '_')}.png").write_bytes(png)
        for check, detail in found.items():
            failures[(re.sub(r"/\d+", "/{id}", path), check)] = detail
    context.close()
    # The sheet holds every screenshot taken so far: after the last case, all of them.
    contact_sheet(sorted(out.glob("*_*.png")), out / "contact-sheet.png")
    (out / f"failures-{role}-{screen}.json").write_text(
        json.dumps([[*k, v] for k, v in failures.items()], ensure_ascii=False, indent=1)
    )
    (out / f"bytes-{role}-{screen}.json").write_text(json.dumps(sizes, indent=1))
    assert {k: v for k, v in failures.items() if k not in ALLOWED} == {}
