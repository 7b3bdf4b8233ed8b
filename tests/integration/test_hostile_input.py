"""No request a user or a hostile client can send answers 500: every route, odd ids, odd bodies."""

import re

import pytest

from portal.app import create_app
from tests.factories import login

NUL_BODY = {
    "title": "焊\x00工",
    "description": "县城\x00工地" * 5,
    "note": "\x00",
    "name": "\x00\x00",
    "phone": "\x00",
    "password": "\x00",
    "position": "\x00",
    "skills": "电\x00焊",
}
# A quote and a NUL (PostgreSQL refuses NUL in text), ids that are not ids, a redirect off-site.
ODD_PARAMS = {
    "q": "'\x00",
    "worker_id": "x",
    "job_id": "1",
    "page": "-5",
    "next": "/\x00\r\nX: y",
    "limit": "1e9",
}
ODD_IDS = ["0", "1", "99999999999999999999", "-1"]
ODD_BODIES = [
    None,
    {},
    [],
    "x",
    {"title": {"a": 1}, "skills": "x" * 5000, "wage": None, "worker_id": "1e9"},
    {"phone": ["1"], "password": {"x": 1}},
    NUL_BODY,
]


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
    for path in (
        "/api/v1/auth/login",
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}",
        "/api/v1/jobs/{job_id}/approve",
        "/api/v1/jobs/search",
        "/api/v1/policies/search",
        "/api/v1/workers",
        "/api/v1/workers/{worker_id}",
        "/api/v1/workers/{worker_id}/matches",
        "/api/v1/me/matches",
        "/api/v1/me",
        "/api/v1/jobs/{job_id}/candidates",
        "/api/v1/contracts",
        "/api/v1/contracts/{contract_id}",
        "/healthz",
        "/api/v1/employers",
        "/api/v1/employers/{employer_id}",
        "/api/v1/employers/{employer_id}/review",
        "/api/v1/jobs/{job_id}/close",
        "/api/v1/jobs/{job_id}/reopen",
        "/api/v1/jobs/{job_id}/interest",
        "/api/v1/jobs/{job_id}/report",
        "/api/v1/jobs/{job_id}/reports/settle",
    ):
        assert path in paths, path


# Each case below answered 500 before (issue 13, item 12).


@pytest.mark.parametrize("token", ["合同.签名", "42.é", "4２.abc", "\u202e42.x"])
def test_a_verify_link_with_non_ascii_characters_is_called_not_valid(client, token):
    r = client.get(f"/contracts/verify/{token}")
    assert r.status_code == 404 and 'id="not-verified"' in r.text


DEEP_JSON = '{"a": ' * 1000 + "1" + "}" * 1000
DEEP_LIST = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_json_nested_a_thousand_levels_deep_is_refused_with_a_message(client, cast, settings, who):
    if who == "staff":
        login(client, cast.staff)
    answers = {}
    for method, path in sorted(set(routes(settings))):
        if method != "POST" or not path.startswith("/api/v1") or path.endswith("/logout"):
            continue
        for body in (DEEP_JSON, DEEP_LIST):
            r = client.post(
                fill(path, "1"), content=body, headers={"content-type": "application/json"}
            )
            answers[(path, body[:2])] = r
            assert r.status_code < 500, (path, r.status_code, r.text[:200])
    login_answer = answers[("/api/v1/auth/login", '{"')]
    assert login_answer.status_code == 400 and "嵌套" in login_answer.json()["detail"]
    if who == "staff":  # a handler that reads its body refuses it with the same message
        assert "嵌套" in answers[("/api/v1/workers", "[[")].json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/portal.css%00",
        "/static/%00/x.js",
        "/static/js/htmx.min.js%00.png",
        "/favicon.ico%00",
    ],
)
def test_a_null_byte_in_a_static_path_is_not_found(client, path):
    r = client.get(path)
    assert r.status_code == 404 and "不存在" in r.text


def test_a_spreadsheet_carrying_a_dtd_is_refused_with_a_message(client, cast):
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["岗位名称", "岗位描述"])
    book.active.append(["电焊工", "县城钢结构工地"])
    plain = io.BytesIO()
    book.save(plain)
    laughs = (
        '<!DOCTYPE x [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
        + "]>"
    )
    spoiled = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(spoiled, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (laughs + data.decode().replace("电焊工", "&i;")).encode()
            dst.writestr(item, data)
    login(client, cast.staff)
    files = {
        "file": (
            "岗位.xlsx",
            spoiled.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    }
    r = client.post("/staff/import", data={"employer": "91511323MA6X0Q1231"}, files=files)
    assert r.status_code == 400 and 'role="alert"' in r.text and "Excel" in r.text


def test_the_error_log_escapes_control_characters_in_paths(client, caplog):
    """A decoded %0A in a logged path would start a forged line in the log file."""
    import logging

    from litestar import Request

    from portal.errors import server_error

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/jobs/1\nINFO portal: admin logged in\r\x1b[2J",
        "raw_path": b"/jobs/1%0AINFO",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("testserver", 80),
        "root_path": "",
        "app": client.app,
        "state": {},
    }
    with caplog.at_level(logging.ERROR, logger="portal.errors"):
        server_error(Request(scope), RuntimeError("boom\nforged line"))
    [record] = [r for r in caplog.records if r.name == "portal.errors"]
    assert (
        "\n" not in record.getMessage()
        and "\r" not in record.getMessage()
        and "\x1b" not in record.getMessage()
    )
    assert "\\n" in record.getMessage() and "/jobs/1" in record.getMessage()


# Invisible direction controls make a name read other than it is stored (issue 13, item 13).
BIDI = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u200e"]


@pytest.mark.parametrize("mark", BIDI)
def test_direction_controls_are_refused_in_an_employers_names(client, mark):
    from tests.factories import PASSWORD, credit_code, next_phone

    for field, value in (
        ("name", "蓬安县相如食品有限公司"),
        ("legal_rep", "王建军"),
        ("contact_name", "王丽"),
    ):
        body = {
            "credit_code": credit_code(),
            "name": "蓬安县相如食品有限公司",
            "legal_rep": "王建军",
            "contact_name": "王丽",
            "contact_phone": next_phone(),
            "address": "相如街道工业园2号",
            "township": "相如街道",
            "industry": "制造",
            "password": PASSWORD,
            field: value[:2] + mark + value[2:],
        }
        r = client.post("/api/v1/employers", json=body)
        assert r.status_code == 400 and "方向" in r.json()["errors"][field], (field, r.text)


@pytest.mark.parametrize("mark", BIDI)
def test_direction_controls_are_refused_in_a_vacancy_title(client, cast, mark):
    login(client, cast.employer)
    body = {
        "title": f"电焊工{mark}（月薪两万）",
        "description": "县城周边钢结构工地，熟练二保焊，包吃住。",
        "township": "锦屏镇",
        "industry": "construction",
        "wage_min": 6000,
        "wage_max": 8000,
        "headcount": 3,
        "skills": ["电焊"],
    }
    r = client.post("/api/v1/jobs", json=body)
    assert r.status_code == 400 and "方向" in r.json()["errors"]["title"]
    assert client.post("/api/v1/jobs", json={**body, "title": "电焊工（熟练）"}).status_code == 201


@pytest.mark.parametrize("mark", BIDI)
def test_direction_controls_are_refused_in_a_workers_name_and_skills(client, cast, mark):
    from tests.factories import next_phone

    login(client, cast.staff)
    body = {
        "name": f"王{mark}秀英",
        "phone": next_phone(),
        "id_number": "511323194901010012",
        "home_township": "锦屏镇",
        "skills": [{"name": "缝纫", "level": "高级", "years": 20}],
        "expected_wage": 4000,
        "work_area": "county",
        "consent": True,
        "consent_method": "in_person",
    }
    r = client.post("/api/v1/workers", json=body)
    assert r.status_code == 400 and "方向" in r.json()["errors"]["name"]
    r = client.post(
        "/api/v1/workers", json={**body, "name": "王秀英", "skills": [{"name": f"缝{mark}纫"}]}
    )
    assert r.status_code == 400 and "方向" in r.json()["errors"]["skills"]
