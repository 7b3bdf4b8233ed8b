"""Plain factories: each test shows what it stores."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser

from litestar.testing import TestClient

from portal.db import make_engine, make_sessionmaker
from portal.jobs.service import fallback_text, text_key
from portal.models import Employer, Job, SearchOutbox, User, Worker, WorkerSkill
from portal.security import hash_password

PASSWORD = "correct-horse-9"
WELDER = "6-18-02-04"  # 焊工 in the 2022 classification
_phones = itertools.count(13900000000)


@functools.cache
def _password_hash() -> str:
    """One real argon2 hash of PASSWORD per run: hashing it for every user of every test cost
    about 0.1-0.4 s each; logging in still verifies it for real."""
    return hash_password(PASSWORD)


def user(phone: str, role: str, name: str, **links: int | None) -> User:
    """An account whose password is PASSWORD."""
    return User(phone=phone, password_hash=_password_hash(), role=role, display_name=name, **links)


def next_phone() -> str:
    return str(next(_phones))


_codes = itertools.count(1)


def credit_code() -> str:
    """A fresh valid unified social credit code of a Peng'an company (check character by the standard)."""
    from stdnum.cn import uscc

    body = f"91511323MA{next(_codes):07d}"
    return body + uscc.calc_check_digit(body)


@dataclass
class Cast:
    admin: str
    staff: str
    employer: str
    worker: str
    employer_id: int
    worker_id: int


async def make_cast(url: str) -> Cast:
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        company = Employer(
            name="蓬安县锦屏建筑工程有限公司",
            credit_code="91511323MA6X0Q1231",
            industry="建筑",
            township_code="511323101",
            legal_rep="张德明",
            contact_name="何芳",
            contact_phone="13812345678",
            status="verified",
        )
        session.add(company)
        await session.flush()
        phones = {role: next_phone() for role in ("admin", "staff", "employer", "worker")}
        users = {
            role: user(
                phone, role, f"测试{role}", employer_id=company.id if role == "employer" else None
            )
            for role, phone in phones.items()
        }
        session.add_all(users.values())
        await session.flush()
        worker = Worker(
            user_id=users["worker"].id,
            name="李国华",
            phone=phones["worker"],
            id_number="11010519491231002X",
            gender="男",
            birth_year=1949,
            home_township_code="511323101",
            expected_wage=6000,
            work_area="county",
            certificates=[{"name": "焊工证", "expires": None}],
            skills=[WorkerSkill(name="电焊", level="中级", years=8, trade_code=WELDER)],
            consent_at=dt.datetime.now(dt.UTC),
            consent_method="in_person",
        )
        session.add(worker)
        await session.commit()
        cast = Cast(**phones, employer_id=company.id, worker_id=worker.id)
    await engine.dispose()
    return cast


def job_fields(**values) -> dict:
    """A welder's vacancy in 锦屏镇 as stored, with ``values`` changed."""
    fields = dict(
        title="电焊工",
        description="县城周边钢结构工地，熟练电焊，包吃住。",
        township_code="511323101",
        wage_min=6000,
        wage_max=8000,
        headcount=3,
        skills=["电焊"],
        has_housing=True,
        has_meals=True,
        trade_code=WELDER if values.get("title", "电焊工") == "电焊工" else "",
    )
    return fields | values


async def add_job(url: str, employer_id: int, *, status: str = "published", **values) -> int:
    """Store a vacancy directly (and queue it for the index when published)."""
    fields = job_fields(**values)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        job = Job(
            employer_id=employer_id,
            status=status,
            text_key=text_key(fields["description"]),
            **fields,
        )
        session.add(job)
        await session.flush()
        await session.refresh(job, ["employer", "township"])
        job.search_text = fallback_text(job, job.employer.name, job.township.name)
        if status == "published":
            session.add(SearchOutbox(entity="job", entity_id=job.id))
        await session.commit()
        job_id = job.id
    await engine.dispose()
    return job_id


def eventually(predicate, seconds: float = 15.0, every: float = 0.05, what: str = ""):
    """The one polling helper: ``predicate()``'s first truthy value within ``seconds`` (search and
    the outbox are asynchronous by design), else an AssertionError saying what was waited for."""
    start = time.monotonic()
    while not (value := predicate()):
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s: {what or predicate}")
        time.sleep(every)
    return value


def wait_total(client: TestClient, total: int, seconds: float = 15.0, **params) -> dict:
    """Until job search answers ``total`` hits for ``params`` (the outbox worker runs every 0.2 s)."""

    def answer():
        found = client.get("/api/v1/jobs/search", params=params).json()
        return found if found["total"] == total else None

    return eventually(answer, seconds, what=f"{total} hits for {params}")


def login(client: TestClient, phone: str, password: str = PASSWORD) -> dict:
    """Log in through the JSON API; later writes carry the CSRF header as the pages do."""
    response = client.post("/api/v1/auth/login", json={"phone": phone, "password": password})
    assert response.status_code == 201, response.text
    client.headers["x-csrftoken"] = response.json()["csrf_token"]
    return response.json()


def as_user(client: TestClient, phone: str | None = None) -> None:
    """The client as another person: signed out, then (given a phone) logged in as them."""
    client.cookies.clear()
    client.headers.pop("x-csrftoken", None)
    if phone:
        login(client, phone)


def csrf_form(client: TestClient, path: str = "/") -> str:
    """The CSRF token a page's form carries (GET a page first so the cookie is set)."""
    client.get(path)
    return client.cookies.get("csrftoken")


def future(days: int = 14) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


async def add_corpus(url: str, jobs: list[dict]) -> dict[int, str]:
    """Store published vacancies from a corpus file (one employer per name); returns id -> corpus key."""
    from portal.jobs.form import SURE_READING
    from portal.reference import find_industry, find_township
    from portal.vocabulary.service import Vocabulary

    trades = await Vocabulary().trades()  # the trade read from the title, as the job form does

    def trade_code(title: str) -> str:
        best = trades.classify(title, limit=1)
        return best[0].code if best and best[0].confidence >= SURE_READING else ""

    engine = make_engine(url)
    keys: dict[int, str] = {}
    async with make_sessionmaker(engine)() as session:
        employers: dict[str, Employer] = {}
        for n, item in enumerate(jobs):
            township = find_township(item["township"])
            if item["employer"] not in employers:
                employers[item["employer"]] = Employer(
                    name=item["employer"],
                    credit_code=f"9151132300000{n:05d}",
                    industry=item["industry"],
                    township_code=township.code,
                    legal_rep="测试",
                    contact_name="测试",
                    contact_phone=next_phone(),
                    status="verified",
                )
                session.add(employers[item["employer"]])
        await session.flush()
        for item in jobs:
            industry = find_industry(item["industry"])
            job = Job(
                employer_id=employers[item["employer"]].id,
                status="published",
                title=item["title"],
                description=item["description"],
                township_code=find_township(item["township"]).code,
                wage_min=item["wage_min"],
                wage_max=item["wage_max"],
                headcount=item["headcount"],
                skills=item["skills"],
                has_housing=item["has_housing"],
                has_meals=item["has_meals"],
                industry=industry.key if industry else "other",
                trade_code=item.get("trade_code", trade_code(item["title"])),
                accepts_over_50=item["accepts_over_50"],
            )
            session.add(job)
            await session.flush()
            await session.refresh(job, ["employer", "township"])
            job.search_text = fallback_text(job, job.employer.name, job.township.name)
            session.add(SearchOutbox(entity="job", entity_id=job.id))
            keys[job.id] = item["key"]
        await session.commit()
    await engine.dispose()
    return keys


class _FormReader(HTMLParser):
    """The fields (inputs and selects) one form of a page sends, as a browser sends them."""

    def __init__(self, action: str, ticked: set[str]) -> None:
        super().__init__()
        self.action, self.ticked, self.inside, self.select = action, ticked, False, None
        self.fields: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif tag == "select" and self.inside:
            self.select = a.get("name")
        elif (
            tag == "option" and self.inside and self.select
        ):  # the first option, unless one is selected
            if self.select not in self.fields or "selected" in a:
                self.fields[self.select] = [a.get("value", "")]
        elif tag == "input" and self.inside and a.get("name"):
            kind = a.get("type", "text")
            if (
                kind in ("checkbox", "radio")
                and a["name"] not in self.ticked
                and "checked" not in a
            ):
                return
            self.fields.setdefault(a["name"], []).append(
                a.get("value") or ("on" if kind == "checkbox" else "")
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_fields(page: str, action: str, *, tick: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """What submitting the page's form for ``action`` sends, with the boxes ``tick`` names ticked
    (and those the page shows ticked); repeated names keep every value, as a browser sends them."""
    reader = _FormReader(action, set(tick))
    reader.feed(page)
    return reader.fields


@contextmanager
def live_portal(settings) -> Iterator[str]:
    """The portal under uvicorn as ``portal serve`` runs it, on a free loopback port, in a thread."""
    from portal.app import create_app
    from portal.cli import server
    from search.server import free_port

    port = free_port()
    uvicorn = server(create_app(settings), "127.0.0.1", port, log_level="warning")
    thread = threading.Thread(target=uvicorn.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the portal did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn.should_exit = True
        thread.join(timeout=10)


def openapi_body(doc: dict, path: str, method: str, status: str | None = None) -> dict[str, str]:
    """The fields of a route's JSON body in /schema/openapi.json, each with its type(s): the request
    body's, or with ``status`` the answer's. A field that may be null or absent lists each type."""
    op = doc["paths"][path][method]
    part = op["responses"][status] if status else op["requestBody"]
    schema = part["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]

    def kind(field: dict) -> str:
        options = field.get("oneOf") or field.get("allOf") or [field]
        return "|".join(str(o.get("type") or o.get("$ref", "").rsplit("/", 1)[-1]) for o in options)

    return {name: kind(field) for name, field in schema["properties"].items()}


def new_contract(client, cast, job_id, **more) -> dict:
    """A contract for the cast's worker at ``job_id``, made through the API as ``client`` (staff)."""
    body = {"worker_id": cast.worker_id, "job_id": job_id, "wage": 6500, "start_date": future()}
    r = client.post("/api/v1/contracts", json={**body, **more})
    assert r.status_code == 201, r.text
    return r.json()
