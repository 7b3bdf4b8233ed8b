"""Every page of every role, on a cheap phone (360 x 740) and a desk screen (1280 x 800): nothing
wider than the screen (in large type too), no text under 16 px, targets of 44 x 44 px, no console errors, light pages,
no layout shift after load, and axe-core finding nothing serious. Screenshots and a contact sheet go to test-artifacts/sweep/.

The pages are read from portal/routes.py (every GET without a path parameter), less the ones that
are not pages (NOT_PAGES), plus every page with ids (with_ids): the demo county's, and the records
only people make (a fair, a contract, a shop, a help request, news, an import) made through the live
portal's API and forms. A route with a path parameter is swept or in NOT_PAGES (a test says so).
Whatever still fails a check is in ALLOWED with its reason: nothing is skipped silently."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import httpx
import pytest
import segno
from PIL import Image, ImageDraw
from sqlalchemy import select

from policies.models import Measure
from portal.db import make_engine, make_sessionmaker
from portal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from portal.models import Employer, Job, Station, Worker
from portal.returns.forms import month_of
from portal.routes import ROUTES
from tests.factories import credit_code, csrf_form, eventually, future, login

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
    # Routes with a path parameter that answer with a file or a redirect, not a page:
    "/lang/{code:str}",  # sets the language and goes back
    "/type/{size:str}",  # sets the type size and goes back
    "/me/contracts/{ref:str}",  # only /me/contracts/<id>.pdf: the list /me/contracts is swept
    "/events/{event_id:int}/contracts.pdf",
    "/events/{event_id:int}/contracts.xlsx",
    "/dashboard/charts/{name:str}",  # a chart's rows as CSV
    "/reports/monthly/{name:str}",  # the monthly report as PDF or XLSX
    "/staff/import-workers/{token:str}/report.csv",
    "/news/photos/{name:str}",
    "/stations/{station_id:int}/news.atom",
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


def _made(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), f"{response.request.url}: {response.text[:300]}"
    return response.json()


def make_records(base: str, ids: dict) -> dict:
    """What the pages with ids show, made as people make it: through the running portal's API and
    forms, as the demo staff and the demo worker. A fair offering a vacancy, a signed contract at
    it, the worker's shop with a subsidy, their plan to come home, their request for help (taken),
    a news item with a photo and a dry-run import of two archive rows (one in error)."""
    phone = {d.role: d.phone for d in DEMO_LOGINS}
    with httpx.Client(base_url=base) as staff, httpx.Client(base_url=base) as worker:
        login(staff, phone["staff"], DEMO_PASSWORD)
        login(worker, phone["worker"], DEMO_PASSWORD)
        fair = {"kind": "job_fair", "title": "2027年春风行动专场招聘会", "held_on": future(7)}
        event = _made(staff.post("/api/v1/events", json=fair | {"place": "蓬安县人力资源市场"}))
        _made(staff.post(f"/api/v1/events/{event['id']}/jobs", json={"job_ids": [ids["job"]]}))
        job = _made(staff.get(f"/api/v1/jobs/{ids['job']}"))
        intent = {"worker_id": ids["worker"], "job_id": ids["job"], "start_date": future()}
        intent |= {"wage": job["wage_min"], "event_id": event["id"]}
        contract = _made(staff.post("/api/v1/contracts", json=intent))
        _made(staff.post(f"/api/v1/contracts/{contract['id']}/status", json={"to": "signed"}))
        shop = {
            "name": "锦屏镇老李面馆",
            "owner_worker_id": ids["worker"],
            "township": "锦屏镇",
            "industry": "catering",
            "kind": "individual",
            "stage": "operating",
            "registered_on": (dt.date.today() - dt.timedelta(days=200)).isoformat(),
            "credit_code": credit_code(),
        }
        business = _made(staff.post("/api/v1/businesses", json=shop))
        paid = {"kind": "startup_subsidy", "amount": 5000, "on": dt.date.today().isoformat()}
        _made(
            staff.post(
                f"/api/v1/businesses/{business['id']}/support", json=paid | {"measure": "M13"}
            )
        )
        month = month_of(dt.date.today(), 1).isoformat()[:7]
        _made(worker.put("/api/v1/me/return-plan", json={"month": month, "work": "电焊"}))
        wages = {"kind": "unpaid_wages", "employer": "东莞某电子厂", "amount_owed": 18000}
        wages["story"] = "在东莞电子厂做了三个月，老板一直拖欠工资不发。"
        help_request = _made(worker.post("/api/v1/me/help", json=wages))
        step = {"status": "taken", "note": "已联系本人"}
        _made(staff.post(f"/api/v1/help/{help_request['id']}/steps", json=step))
        photo = io.BytesIO()
        segno.make("蓬安").save(photo, kind="png", scale=8)
        item = {"kind": "fair", "title": "春风行动专场招聘会3月2日举行"}
        item["body"] = "县人力资源市场举办专场招聘会，60家企业带来1200个岗位。"
        item["_csrf_token"] = csrf_form(staff, "/news/new")
        files = {"photo": ("fair.png", photo.getvalue(), "image/png")}
        news = staff.post("/news", data=item, files=files)
        assert news.status_code in (302, 303), news.text[:300]
        rows = "姓名,手机号,身份证号,户籍乡镇,技能,期望工资,务工城市,同意建档\n"
        rows += "张建国,15800000001,511323198501019016,锦屏镇,电焊、木工,6000,广州,是\n"
        rows += "李四,12345,511323198501019024,锦屏镇,木工,5000,广州,是\n"
        upload = {
            "station": "1",
            "dry_run": "1",
            "_csrf_token": csrf_form(staff, "/staff/import-workers"),
        }
        files = {"file": ("jinping.csv", rows.encode(), "text/csv")}
        run = staff.post("/staff/import-workers", data=upload, files=files)
        assert run.status_code in (302, 303), run.text[:300]
        run_url = run.headers["location"]
        eventually(lambda: 'id="import-result"' in staff.get(run_url).text, what="the import")
    return {
        "event": event["id"],
        "contract": contract["id"],
        "verify": contract["verify_url"].split(base, 1)[-1],
        "business": business["id"],
        "help": help_request["id"],
        "news": news.headers["location"],
        "import": run_url,
    }


def with_ids(role: str, ids: dict) -> list[str]:
    """Pages with ids, for the roles that may open them: the demo county's and the records made."""
    public = [f"/jobs/{ids['job']}", f"/employers/{ids['employer']}"]
    public += [f"/policies/{ids['measure']}", f"/stations/{ids['station']}"]
    public += [f"/calendar/{ids['event']}", ids["news"], ids["verify"]]
    event, worker = f"/events/{ids['event']}", f"/workers/{ids['worker']}"
    return (
        public
        + {
            "public": [],
            "worker": [f"/businesses/{ids['business']}"],  # their own shop
            "employer": [f"/jobs/{ids['own_job']}/edit", f"/jobs/{ids['own_job']}/candidates"],
            "staff": [
                worker,
                f"{worker}/edit",
                f"{worker}/return-plan",
                f"{worker}/help",
                f"/contracts/new?worker_id={ids['worker']}&job_id={ids['job']}",
                f"/contracts/{ids['contract']}",
                f"/contracts/{ids['contract']}/print",
                event,
                f"{event}/desk",
                f"{event}/desk?worker_id={ids['worker']}",
                f"{event}/print",
                "/dashboard/records/archives",
                "/dashboard/records/support",
                f"/businesses/{ids['business']}",
                f"/staff/help/{ids['help']}",
                ids["import"],
            ],
        }[role]
    )


# What a person would notice, measured in the page. Overflow is measured against the screen's
# width (clientWidth): a phone widens its window (innerWidth) to fit a page too wide and shrinks the
# page, so innerWidth grew with the overflow and hid it. Inline links inside a sentence are exempt
# from the target size (WCAG 2.5.8 exempts them too); so is a tick box inside a label that is 44 px
# tall, since the whole label is the target.
MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
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


# "No layout shift after load": the shifts since the page began (buffered), less those a tap or a key
# caused, summed over half a second after the load event. More than 0.01 is a shift a person sees.
SHIFT_LIMIT = 0.01
SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})"""
# Here the portal answers in milliseconds and an image arrives before the first paint, so an image
# whose room the page does not keep (no width and height, no CSS aspect-ratio) shifts nothing in
# the test; on a county phone network it arrives late and pushes the text down. Counted as a shift.
UNSIZED = """() => [...document.images]
  .filter((i) => i.getClientRects().length && getComputedStyle(i).aspectRatio === 'auto')
  .map((i) => i.getAttribute('src'))"""


def check_page(page, base: str, path: str) -> tuple[dict[str, str], dict[str, float], bytes]:
    errors, sizes = [], {"html": 0, "total": 0, "shift": 0.0}
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
    sizes["shift"] = round(page.evaluate(SHIFT), 4)
    if sizes["shift"] > SHIFT_LIMIT:
        found["shift"] = f"cumulative layout shift {sizes['shift']} after load"
    if unsized := page.evaluate(UNSIZED):
        found["shift"] = "no room kept for image " + ", ".join(unsized[:2])
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
def ids(settings, live_server) -> dict:
    """The demo county, stored before the browser starts (Playwright keeps an event loop running),
    and the records only people make, made through the live portal."""
    county = asyncio.run(demo_ids(settings.database_url))
    return county | make_records(live_server, county)


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
    shifts = {path: figures.pop("shift") for path, figures in sizes.items()}
    (out / f"bytes-{role}-{screen}.json").write_text(json.dumps(sizes, indent=1))
    (out / f"shift-{role}-{screen}.json").write_text(json.dumps(shifts, indent=1))
    assert {k: v for k, v in failures.items() if k not in ALLOWED} == {}


def test_every_page_with_an_id_is_swept_or_said_not_to_be_a_page():
    """A new route with a path parameter joins the sweep (with_ids) or NOT_PAGES, with its reason."""
    some = dict.fromkeys(("job", "employer", "measure", "station", "worker", "own_job"), 7)
    some |= dict.fromkeys(("event", "contract", "business", "help"), 7)
    some |= {
        "news": "/news/7",
        "verify": "/contracts/verify/7.x",
        "import": "/staff/import-workers/x",
    }
    swept = {path.split("?")[0] for role in ROLES for path in with_ids(role, some)}
    missing = [
        pattern
        for handler in ROUTES
        if "GET" in (handler.http_methods or ())
        for pattern in handler.paths
        if "{" in pattern and not pattern.startswith("/api") and pattern not in NOT_PAGES
        if not any(re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", pattern), p) for p in swept)
    ]
    assert missing == []
