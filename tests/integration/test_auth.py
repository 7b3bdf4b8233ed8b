"""Login, sessions, CSRF and the role guard on every route."""

import asyncio
import dataclasses
import html
import json
import re
import threading
import time

import httpx
from argon2 import PasswordHasher
from sqlalchemy import func, select

from portal.accounts.service import AccountService, new_user
from portal.app import create_app
from portal.db import make_engine, make_sessionmaker
from portal.errors import TooManyAttempts
from portal.forms import FormError
from portal.models import LoginFailure, User
from tests.factories import PASSWORD, csrf_form, live_portal, login, next_phone


def test_a_wrong_password_says_so_in_chinese_and_logs_nobody_in(client, cast):
    token = csrf_form(client, "/login")
    r = client.post("/login", data={"phone": cast.staff, "password": "nope", "_csrf_token": token})
    assert r.status_code == 400
    assert "手机号或密码不对" in r.text
    assert client.get("/staff", follow_redirects=False).status_code == 302


def test_an_unknown_phone_gets_the_same_message_as_a_wrong_password(client, cast):
    token = csrf_form(client, "/login")
    wrong = client.post(
        "/login", data={"phone": cast.staff, "password": "nope", "_csrf_token": token}
    ).text
    unknown = client.post(
        "/login", data={"phone": "13700000000", "password": "nope", "_csrf_token": token}
    ).text
    assert _alert(wrong) == _alert(unknown)


def _alert(html: str) -> str:
    return html.split('id="password-error"', 1)[1].split("</p>", 1)[0]


def test_a_number_that_is_not_a_mobile_number_is_named_as_such(client):
    token = csrf_form(client, "/login")
    r = client.post("/login", data={"phone": "12345", "password": "x", "_csrf_token": token})
    assert r.status_code == 400 and "11 位手机号" in r.text


def test_staff_can_log_in_on_the_page_and_lands_on_their_desk(client, cast):
    token = csrf_form(client, "/login")
    r = client.post(
        "/login",
        data={"phone": cast.staff, "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["location"] == "/staff"
    assert client.get("/staff").status_code == 200


def test_repeated_failures_answer_429(client, cast, db):
    for _ in range(5):
        assert (
            client.post(
                "/api/v1/auth/login", json={"phone": cast.worker, "password": "bad"}
            ).status_code
            == 400
        )
    r = client.post("/api/v1/auth/login", json={"phone": cast.worker, "password": PASSWORD})
    assert r.status_code == 429 and "15 分钟" in r.json()["detail"]
    assert db(lambda s: s.scalar(select(func.count()).select_from(LoginFailure))) == 5


def test_a_form_without_its_csrf_token_is_refused_with_a_message(client, cast):
    client.get("/login")
    r = client.post("/login", data={"phone": cast.staff, "password": PASSWORD})
    assert r.status_code == 403 and "重新提交" in r.text


def test_an_api_write_without_the_csrf_header_is_refused(client, cast):
    login(client, cast.employer)
    del client.headers["x-csrftoken"]
    r = client.post("/api/v1/jobs", json={"title": "电焊工"})
    assert r.status_code == 403


def test_a_stranger_opening_a_staff_page_is_sent_to_log_in_and_back(stranger):
    r = stranger.get("/staff/review", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/login?next=%2Fstaff%2Freview"


def test_a_stranger_asking_the_api_is_told_to_log_in(stranger, cast):
    r = stranger.get(f"/api/v1/workers/{cast.worker_id}")
    assert r.status_code == 401 and r.json()["detail"] == "请先登录。"


def test_a_worker_cannot_post_vacancies(client, cast):
    login(client, cast.worker)
    assert client.post("/api/v1/jobs", json={}).status_code == 403


def test_a_worker_cannot_read_archives_or_the_staff_desk(client, cast):
    login(client, cast.worker)
    assert client.get(f"/api/v1/workers/{cast.worker_id}").status_code == 403
    assert client.get("/staff").status_code == 403


def test_an_employer_cannot_approve_vacancies(client, cast):
    login(client, cast.employer)
    assert client.post("/api/v1/jobs/1/approve").status_code == 403


def test_the_schema_documents_the_login_request_and_answer(stranger):
    spec = stranger.get("/schema/openapi.json").json()
    login = spec["paths"]["/api/v1/auth/login"]["post"]
    assert login["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoginForm"
    }
    card = login["responses"]["201"]["content"]["application/json"]["schema"]
    assert card == {"$ref": "#/components/schemas/LoginCard"}
    shapes = spec["components"]["schemas"]
    assert shapes["LoginForm"]["properties"]["phone"]["type"] == "string"
    assert shapes["LoginForm"]["required"] == ["password", "phone"]
    assert set(shapes["LoginCard"]["properties"]) == {"id", "role", "display_name", "csrf_token"}
    assert shapes["LoginCard"]["properties"]["id"]["type"] == "integer"
    logout = spec["paths"]["/api/v1/auth/logout"]["post"]["responses"]["201"]
    assert logout["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoggedOut"
    }


def test_every_route_declares_who_may_use_it(settings):
    app = create_app(settings)
    undeclared = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if route.path.startswith(("/schema", "/static")) or handler.http_methods == {"OPTIONS"}:
                continue  # OpenAPI docs and static files are public; OPTIONS is Litestar's own
            if not (handler.opt.get("public") or handler.opt.get("roles")):
                undeclared.append(route.path)
    assert undeclared == []


def test_the_english_switch_changes_the_page_language(client):
    assert "招聘岗位" in client.get("/").text
    client.get("/lang/en?next=/")
    assert "Jobs" in client.get("/").text and "招聘岗位" not in client.get("/").text


def test_the_language_switch_does_not_redirect_off_site(client):
    r = client.get("/lang/en?next=//evil.example/", follow_redirects=False)
    assert r.headers["location"] == "/"


def test_the_language_switch_keeps_the_search_words_and_filters(client):
    page = client.get("/jobs", params={"q": "电焊", "sort": "wage"}).text
    link = html.unescape(re.search(r'id="lang-switch" href="([^"]+)"', page).group(1))
    r = client.get(link, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/jobs?q=%E7%94%B5%E7%84%8A&sort=wage"
    english = client.get(r.headers["location"]).text
    assert 'lang="en"' in english and 'value="电焊"' in english
    # Typing a search changes the address without a new page: the answer brings the link up to date.
    typed = client.get("/jobs", params={"q": "叉车"}, headers={"HX-Request": "true"}).text
    assert (
        'id="lang-switch" href="/lang/zh?next=/jobs%3Fq%3D%25E5%258F%2589%25E8%25BD%25A6" hx-swap-oob="true"'
        in typed
    )


def test_a_planted_session_id_is_replaced_at_login(client, cast):
    planted = "deadbeef" * 8
    client.cookies.set("session", planted)
    token = csrf_form(client, "/login")
    r = client.post(
        "/login",
        data={"phone": cast.staff, "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 302
    issued = r.cookies.get("session")
    assert issued and issued not in (planted, "null")
    client.cookies.clear()
    client.cookies.set("session", planted)
    assert client.get("/staff", follow_redirects=False).status_code == 302


def test_a_disabled_account_loses_access_at_once(client, cast, db):
    login(client, cast.staff)
    assert client.get("/staff").status_code == 200

    async def disable(s):
        user = await s.scalar(select(User).where(User.phone == cast.staff))
        user.is_active = False
        await s.commit()

    db(disable)
    assert client.get("/api/v1/workers/1").status_code == 401
    assert client.get("/staff", follow_redirects=False).status_code == 302


def test_the_api_login_refuses_a_cross_site_form_body(client, cast):
    body = json.dumps({"phone": cast.staff, "password": PASSWORD})
    r = client.post("/api/v1/auth/login", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "session" not in r.cookies


def test_failures_from_one_address_do_not_lock_out_another(db, cast):
    from portal.accounts.service import AccountService
    from portal.forms import FormError

    async def attempt(s, ip, password):
        try:
            return await AccountService(s).login(cast.staff, password, ip)
        except (FormError, TooManyAttempts) as exc:
            return type(exc).__name__

    for _ in range(5):
        assert db(lambda s: attempt(s, "203.0.113.9", "wrong")) == "FormError"
    assert db(lambda s: attempt(s, "203.0.113.9", PASSWORD)) == "TooManyAttempts"
    assert db(lambda s: attempt(s, "198.51.100.7", PASSWORD)).phone == cast.staff


def test_sessions_can_live_in_redis_for_several_app_workers(settings, cast):
    """With REDIS_URL, two app instances (two workers) share one login."""
    import dataclasses

    from litestar.testing import TestClient

    shared = dataclasses.replace(
        settings,
        redis_url="redis://127.0.0.1:6379/0",
        meili_index_prefix=settings.meili_index_prefix,
    )
    with TestClient(app=create_app(shared)) as first, TestClient(app=create_app(shared)) as second:
        login(first, cast.staff)
        second.cookies.set("session", first.cookies.get("session"))
        assert second.get("/staff").status_code == 200
        first.post("/api/v1/auth/logout")
        assert second.get("/staff", follow_redirects=False).status_code == 302


async def _logins(
    url: str, attempts: list[tuple[str, str, str]], *, at_once: bool = True
) -> list[str]:
    """Every (phone, password, address), at once or in turn, each in its own session: what happened."""
    engine = make_engine(url)
    factory = make_sessionmaker(engine)

    async def one(phone: str, password: str, ip: str) -> str:
        async with factory() as session:
            try:
                await AccountService(session).login(phone, password, ip)
                return "in"
            except (FormError, TooManyAttempts) as exc:
                return type(exc).__name__

    try:
        if at_once:
            return list(await asyncio.gather(*(one(*a) for a in attempts)))
        return [await one(*a) for a in attempts]
    finally:
        await engine.dispose()


def test_thirty_wrong_passwords_at_once_for_one_phone_get_at_most_five_checks(settings, cast, db):
    burst = asyncio.run(_logins(settings.database_url, [(cast.staff, "wrong", "203.0.113.9")] * 30))
    assert burst.count("FormError") <= 5 and burst.count("TooManyAttempts") >= 25
    # One at a time afterwards: the five are filled up, then the lock, even for the right password.
    after = asyncio.run(
        _logins(settings.database_url, [(cast.staff, "wrong", "203.0.113.9")] * 5, at_once=False)
    )
    assert burst.count("FormError") + after.count("FormError") == 5
    assert asyncio.run(_logins(settings.database_url, [(cast.staff, PASSWORD, "203.0.113.9")])) == [
        "TooManyAttempts"
    ]
    assert db(lambda s: s.scalar(select(func.count()).select_from(LoginFailure))) == 5


def test_one_address_trying_forty_phones_is_refused_after_twenty_failures(settings, cast):
    phones = [next_phone() for _ in range(40)]
    tried = asyncio.run(
        _logins(
            settings.database_url, [(p, "wrong", "203.0.113.50") for p in phones], at_once=False
        )
    )
    assert tried == ["FormError"] * 20 + ["TooManyAttempts"] * 20
    # Another address is not affected.
    assert asyncio.run(
        _logins(settings.database_url, [(cast.staff, PASSWORD, "198.51.100.7")])
    ) == ["in"]


def _wrong_logins(base: str, forwarded_for: list[str]) -> list[int]:
    with httpx.Client(base_url=base, timeout=30) as c:
        return [
            c.post(
                "/api/v1/auth/login",
                json={"phone": "13700000077", "password": "wrong"},
                headers={"x-forwarded-for": f},
            ).status_code
            for f in forwarded_for
        ]


def test_x_forwarded_for_from_a_client_that_is_not_a_trusted_proxy_is_ignored(settings):
    """A client on 127.0.0.1 writing a new address each time is still one address."""
    with live_portal(settings) as base:
        answers = _wrong_logins(base, [f"203.0.113.{i}" for i in range(1, 7)])
    assert answers == [400] * 5 + [429]


def test_x_forwarded_for_from_a_trusted_proxy_names_the_client(settings):
    proxied = dataclasses.replace(settings, trusted_proxies=("127.0.0.0/8",))
    with live_portal(proxied) as base:
        assert _wrong_logins(base, ["203.0.113.7"] * 5) == [400] * 5
        assert _wrong_logins(base, ["203.0.113.7", "198.51.100.8"]) == [429, 400]
        # The proxy appends the address it saw; what the client wrote before it counts for nothing.
        assert _wrong_logins(base, ["198.51.100.99, 203.0.113.7"]) == [429]


def test_the_server_answers_healthz_while_a_slow_password_check_runs(settings, db):
    """The password is checked off the event loop: other requests are answered meanwhile.
    The stored hash is made costly (as a stronger server setting would be) so the check lasts seconds."""
    phone = next_phone()
    started = time.perf_counter()
    slow_hash = PasswordHasher(time_cost=12, memory_cost=65536, parallelism=1).hash(PASSWORD)
    check_seconds = time.perf_counter() - started  # about what checking it will take

    async def add(s):
        user = new_user(phone, PASSWORD, "worker", "慢")
        user.password_hash = slow_hash
        s.add(user)
        await s.commit()

    db(add)
    with live_portal(settings) as base:
        done = threading.Event()

        def log_in() -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                c.post("/api/v1/auth/login", json={"phone": phone, "password": "wrong"})
            done.set()

        thread = threading.Thread(target=log_in)
        with httpx.Client(base_url=base, timeout=60) as probe:
            assert probe.get("/healthz").status_code == 200  # connected, warm
            wrong = {"phone": next_phone(), "password": "wrong"}
            assert (
                probe.post("/api/v1/auth/login", json=wrong).status_code == 400
            )  # the login path warm
            thread.start()
            time.sleep(check_seconds / 3)  # the login has reached its password check
            answered = 0
            while not done.is_set():
                assert probe.get("/healthz").status_code == 200
                answered += not done.is_set()
        thread.join()
    # Held by the check, the loop would answer at most once, after it; free, it answers many times.
    assert answered >= 3
