"""No request a user or a hostile client can send answers 500: every route, odd ids, odd bodies."""

import re

import pytest

from portal.app import create_app
from tests.factories import login

NUL_BODY = {"title": "焊\x00工", "description": "县城\x00工地" * 5, "note": "\x00", "name": "\x00\x00",
            "phone": "\x00", "password": "\x00", "position": "\x00", "skills": "电\x00焊"}
# A quote and a NUL (PostgreSQL refuses NUL in text), ids that are not ids, a redirect off-site.
ODD_PARAMS = {"q": "'\x00", "worker_id": "x", "job_id": "1", "page": "-5", "next": "/\x00\r\nX: y", "limit": "1e9"}
ODD_IDS = ["0", "1", "99999999999999999999", "-1"]
ODD_BODIES = [None, {}, [], "x", {"title": {"a": 1}, "skills": "x" * 5000, "wage": None, "worker_id": "1e9"},
              {"phone": ["1"], "password": {"x": 1}}, NUL_BODY]


def routes(settings):
    for route in create_app(settings).routes:
        if route.path.startswith(("/schema", "/static")):
            continue
        for handler in getattr(route, "route_handlers", []):
            for method in handler.http_methods - {"OPTIONS", "HEAD"}:
                yield method, route.path


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


@pytest.mark.parametrize("who", ["anonymous", "worker", "employer", "staff"])
def test_no_route_answers_500_to_odd_input(client, cast, settings, who):
    if who != "anonymous":
        login(client, getattr(cast, who))
    failures = []
    for method, path in sorted(set(routes(settings))):
        for value in ODD_IDS if "{" in path else ["-"]:
            url = fill(path, value)
            for body in ODD_BODIES if method in ("POST", "PUT") else [None]:
                r = client.request(method, url, json=body, params=ODD_PARAMS)
                if r.status_code >= 500:
                    failures.append((method, url, body, r.status_code))
            if method == "POST":  # the same odd values as a submitted form, CSRF token included
                form = {**NUL_BODY, "_csrf_token": client.cookies.get("csrftoken") or ""}
                r = client.request(method, url, data=form, params=ODD_PARAMS)
                if r.status_code >= 500:
                    failures.append((method, url, "form", r.status_code))
    assert failures == []


def test_the_openapi_schema_documents_the_stable_api(client):
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in ("/api/v1/auth/login", "/api/v1/jobs", "/api/v1/jobs/{job_id}", "/api/v1/jobs/{job_id}/approve",
                 "/api/v1/jobs/search", "/api/v1/policies/search", "/api/v1/workers", "/api/v1/workers/{worker_id}",
                 "/api/v1/workers/{worker_id}/matches", "/api/v1/me/matches", "/api/v1/me",
                 "/api/v1/jobs/{job_id}/candidates", "/api/v1/contracts", "/api/v1/contracts/{contract_id}", "/healthz",
                 "/api/v1/employers", "/api/v1/employers/{employer_id}", "/api/v1/employers/{employer_id}/review",
                 "/api/v1/jobs/{job_id}/close", "/api/v1/jobs/{job_id}/reopen", "/api/v1/jobs/{job_id}/interest",
                 "/api/v1/jobs/{job_id}/report", "/api/v1/jobs/{job_id}/reports/settle"):
        assert path in paths, path
