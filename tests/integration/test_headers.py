"""What every response tells the browser (issue 13, item 13): security headers, a favicon, compressed
and cached static files, verify links from the configured address, the search key kept off argv."""

import asyncio
import dataclasses
import re
from pathlib import Path

import pytest
import requests
from litestar.testing import TestClient

from portal.app import create_app
from portal.templating import qr_svg
from tests.factories import add_job, future, login

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, str]:
    return {
        part.split()[0]: part.strip()
        for part in response.headers["content-security-policy"].split(";")
    }


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/jobs",
        "/login",
        "/no-such-page",
        "/api/v1/jobs/search?q=焊",
        "/healthz",
        "/static/css/portal.css",
        "/favicon.ico",
        "/me",
        "/api/v1/me/matches",
    ],
)
def test_every_response_carries_the_security_headers(client, path):
    r = client.get(path, follow_redirects=False)
    csp = policy(r)
    assert csp["script-src"] == "script-src 'self'" and csp["style-src"] == "style-src 'self'"
    assert (
        csp["frame-ancestors"] == "frame-ancestors 'none'"
        and csp["object-src"] == "object-src 'none'"
    )
    assert (
        r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    )
    assert r.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in r.headers  # plain HTTP in development: no HSTS


def test_hsts_is_sent_only_when_cookies_are_secure(settings):
    with TestClient(app=create_app(dataclasses.replace(settings, secure_cookies=True))) as secure:
        assert secure.get("/").headers["strict-transport-security"].startswith("max-age=31536000")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def test_no_template_carries_inline_script_handlers_or_styles():
    """The policy forbids them, so one left in a template would silently stop working."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for rule in (INLINE_SCRIPT, INLINE_HANDLER, STYLE_ATTRIBUTE):
            found += [(template.name, m.group()[:60]) for m in rule.finditer(text)]
    assert found == []


def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    page = client.get("/jobs").text
    assert re.search(
        r'<meta name="htmx-config" content=\'\{[^\']*"includeIndicatorStyles": false', page
    )


def test_the_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00" and "max-age=86400" in r.headers["cache-control"]


def test_static_files_are_compressed_cached_and_linked_by_their_hash(client):
    page = client.get("/").text
    [htmx] = re.findall(r'src="(/static/js/htmx\.min\.js\?v=[0-9a-f]{12})"', page)
    assert re.search(r'href="/static/css/portal\.css\?v=[0-9a-f]{12}"', page)
    r = client.get(htmx, headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) < 25_000 < len(r.content)  # 52 KB on disk
    assert "max-age=31536000" in r.headers["cache-control"] and r.headers["etag"]
    assert client.get(htmx, headers={"accept-encoding": "br, gzip"}).headers[
        "content-encoding"
    ] in ("br", "gzip")


def test_pages_are_compressed_too(client):
    r = client.get("/jobs", headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"


def test_a_forged_host_header_does_not_change_the_printed_verify_link(client, cast, settings):
    job_id = asyncio.run(add_job(settings.database_url, cast.employer_id))
    login(client, cast.staff)
    c = client.post(
        "/api/v1/contracts",
        json={"worker_id": cast.worker_id, "job_id": job_id, "wage": 6500, "start_date": future()},
    ).json()
    expected = settings.public_base_url + c["verify_url"]
    assert expected.startswith("http://127.0.0.1:8000/contracts/verify/")
    for path in (f"/contracts/{c['id']}/print", f"/contracts/{c['id']}"):
        page = client.get(path, headers={"host": "jobs.pengan-verify.example"}).text
        assert f'data-verify-url="{expected}"' in page and "pengan-verify.example" not in page
        assert str(qr_svg(expected)) in page  # the QR code itself encodes the configured address


def test_the_configured_public_address_is_the_one_printed(client, cast, settings):
    public = dataclasses.replace(settings, public_base_url="https://jobs.pengan.gov.cn")
    job_id = asyncio.run(add_job(settings.database_url, cast.employer_id))
    with TestClient(app=create_app(public)) as other:
        login(other, cast.staff)
        c = other.post(
            "/api/v1/contracts",
            json={
                "worker_id": cast.worker_id,
                "job_id": job_id,
                "wage": 6500,
                "start_date": future(),
            },
        ).json()
        page = other.get(f"/contracts/{c['id']}/print").text
    assert f'data-verify-url="https://jobs.pengan.gov.cn{c["verify_url"]}"' in page


def test_the_search_servers_master_key_is_not_on_its_command_line(meili):
    """Any local user can read a command line (ps, /proc); the key goes by environment instead."""
    cmdline = Path(f"/proc/{meili.process.pid}/cmdline").read_bytes()
    assert meili.master_key.encode() not in cmdline and b"meilisearch" in cmdline
    assert requests.get(f"{meili.url}/indexes", timeout=5).status_code == 401  # the key is in force
    headers = {"Authorization": f"Bearer {meili.master_key}"}
    assert requests.get(f"{meili.url}/indexes", headers=headers, timeout=5).status_code == 200
