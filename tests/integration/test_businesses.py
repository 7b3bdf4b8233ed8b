"""The registry of returnees' businesses: jobs created are people named, refusals are said in
Chinese, owners see only their own, statistics and policy facts come from the records."""

import asyncio
import datetime as dt

import pytest

from portal.accounts.service import new_user
from portal.businesses.facts import business_facts
from portal.db import make_engine, make_sessionmaker
from portal.models import Business, BusinessEmployee, BusinessSupport, Worker

from ..factories import PASSWORD, add_job, as_user, credit_code, next_phone, wait_total

TODAY = dt.date.today()
_ids = iter(range(100, 999))


async def _add_workers(url: str, names: list[str], *, accounts: bool = False) -> list[Worker]:
    """Archives (with a login when ``accounts``); each has its own phone and ID number."""
    engine = make_engine(url)
    made = []
    async with make_sessionmaker(engine)() as session:
        for name in names:
            phone = next_phone()
            user = new_user(phone, PASSWORD, "worker", name) if accounts else None
            if user is not None:
                session.add(user)
                await session.flush()
            worker = Worker(
                user_id=user.id if user else None,
                name=name,
                phone=phone,
                id_number=f"511323198501{next(_ids):03d}1X"[:18],
                birth_year=1985,
                home_township_code="511323101",
                expected_wage=5000,
            )
            session.add(worker)
            made.append(worker)
        await session.commit()
    await engine.dispose()
    return made


def workers(settings, *names: str, accounts: bool = False) -> list[Worker]:
    return asyncio.run(_add_workers(settings.database_url, list(names), accounts=accounts))


def shop(owner_id: int, **changes) -> dict:
    """A licensed noodle shop in 锦屏镇, as staff send it; a change to None leaves the field out."""
    fields = {
        "name": "锦屏镇老李面馆",
        "owner_worker_id": owner_id,
        "township": "锦屏镇",
        "industry": "catering",
        "kind": "individual",
        "stage": "operating",
        "registered_on": (TODAY - dt.timedelta(days=200)).isoformat(),
        "credit_code": credit_code(),
    }
    return {k: v for k, v in (fields | changes).items() if v is not None}


def test_jobs_created_counts_the_employees_staff_name_not_the_owner(client, cast, settings):
    as_user(client, cast.staff)
    r = client.post("/api/v1/businesses", json=shop(cast.worker_id, in_incubator=True))
    assert r.status_code == 201, r.text
    business = r.json()
    assert business["jobs_created"] == 0 and business["township"] == "锦屏镇"
    cooks = workers(settings, "王小燕", "赵建军")
    for cook in cooks:
        added = client.post(
            f"/api/v1/businesses/{business['id']}/employees", json={"worker_id": cook.id}
        )
        assert added.status_code == 201, added.text
    shown = client.get(f"/api/v1/businesses/{business['id']}").json()
    assert shown["jobs_created"] == 2
    assert [e["name"] for e in shown["employees"]] == ["王小燕", "赵建军"]
    page = client.get(f"/businesses/{business['id']}").text
    assert "锦屏镇老李面馆" in page and "王小燕" in page and "带动就业人数" in page


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"owner_worker_id": 99999}, "owner_worker_id", "没有这个编号的工人档案"),
        ({"credit_code": "91511323MA6X0Q1230"}, "credit_code", "统一社会信用代码不正确"),
        ({"registered_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "registered_on", "还没到"),
        ({"registered_on": None}, "registered_on", "成立日期"),
        ({"stage": "closed"}, "stage", "选项"),
        ({"township": "火星镇"}, "township", "请选择乡镇"),
    ],
)
def test_a_business_that_cannot_be_true_is_refused_in_chinese(client, cast, change, field, words):
    as_user(client, cast.staff)
    r = client.post("/api/v1/businesses", json=shop(cast.worker_id, **change))
    assert r.status_code == 400
    assert words in r.json()["errors"][field]


def test_the_same_credit_code_registers_one_business(client, cast):
    as_user(client, cast.staff)
    code = credit_code()
    assert (
        client.post("/api/v1/businesses", json=shop(cast.worker_id, credit_code=code)).status_code
        == 201
    )
    again = client.post("/api/v1/businesses", json=shop(cast.worker_id, credit_code=code))
    assert again.status_code == 400 and "已有企业" in again.json()["errors"]["credit_code"]


def test_an_employee_is_named_once_and_never_the_owner(client, cast, settings):
    as_user(client, cast.staff)
    business = client.post("/api/v1/businesses", json=shop(cast.worker_id)).json()
    [cook] = workers(settings, "王小燕")
    url = f"/api/v1/businesses/{business['id']}/employees"
    assert client.post(url, json={"worker_id": cook.id}).status_code == 201
    twice = client.post(url, json={"worker_id": cook.id})
    assert twice.status_code == 400 and "已经登记为员工" in twice.json()["errors"]["worker_id"]
    owner = client.post(url, json={"worker_id": cast.worker_id})
    assert owner.status_code == 400 and "创办人本人不算员工" in owner.json()["errors"]["worker_id"]
    nobody = client.post(url, json={"worker_id": 99999})
    assert nobody.status_code == 400
    future = client.post(
        url, json={"worker_id": cook.id, "since": (TODAY + dt.timedelta(days=3)).isoformat()}
    )
    assert future.status_code == 400
    assert client.get(f"/api/v1/businesses/{business['id']}").json()["jobs_created"] == 1


def test_a_worker_registers_their_own_business_and_no_one_elses(client, cast, settings):
    [other] = workers(settings, "孙立")
    as_user(client, cast.worker)
    refused = client.post("/api/v1/businesses", json=shop(other.id))
    assert refused.status_code == 403
    own = client.post(
        "/api/v1/businesses",
        json=shop(cast.worker_id, stage="idea", registered_on=None, credit_code=None),
    )
    assert own.status_code == 201 and own.json()["stage"] == "idea"
    # The owner names an employee and moves the business on; support is staff's to record.
    [helper] = workers(settings, "周强")
    bid = own.json()["id"]
    assert (
        client.post(
            f"/api/v1/businesses/{bid}/employees", json={"worker_id": helper.id}
        ).status_code
        == 201
    )
    moved = client.post(f"/api/v1/businesses/{bid}/stage", json={"stage": "registered"})
    assert moved.status_code == 400 and "成立日期" in moved.json()["errors"]["registered_on"]
    moved = client.post(
        f"/api/v1/businesses/{bid}/stage",
        json={"stage": "operating", "registered_on": TODAY.isoformat()},
    )
    assert moved.status_code == 201 and moved.json()["stage"] == "operating"
    back = client.post(f"/api/v1/businesses/{bid}/stage", json={"stage": "idea"})
    assert back.status_code == 400
    support = {"kind": "startup_subsidy", "amount": 5000, "on": TODAY.isoformat()}
    assert client.post(f"/api/v1/businesses/{bid}/support", json=support).status_code == 403


def test_others_see_no_business_that_is_not_theirs(client, cast, stranger, settings):
    as_user(client, cast.staff)
    bid = client.post("/api/v1/businesses", json=shop(cast.worker_id)).json()["id"]
    assert stranger.get(f"/api/v1/businesses/{bid}").status_code == 401
    assert stranger.get("/businesses").status_code in (302, 303, 401)
    [neighbour] = workers(settings, "钱多", accounts=True)
    as_user(client, neighbour.phone)
    assert client.get(f"/api/v1/businesses/{bid}").status_code == 404
    assert client.get(f"/businesses/{bid}").status_code == 404
    assert client.get("/businesses").status_code == 403
    as_user(client, cast.employer)
    assert client.post("/api/v1/businesses", json=shop(cast.worker_id)).status_code == 403
    assert client.get(f"/api/v1/businesses/{bid}").status_code == 403


def test_support_needs_an_amount_a_past_day_and_a_real_measure(client, cast):
    as_user(client, cast.staff)
    bid = client.post("/api/v1/businesses", json=shop(cast.worker_id)).json()["id"]
    url = f"/api/v1/businesses/{bid}/support"
    day = TODAY.isoformat()
    assert client.post(url, json={"kind": "loan", "amount": 0, "on": day}).status_code == 400
    too_much = client.post(url, json={"kind": "loan", "amount": 30_000_001, "on": day})
    assert too_much.status_code == 400 and "30000000" in too_much.json()["errors"]["amount"]
    later = (TODAY + dt.timedelta(days=1)).isoformat()
    assert client.post(url, json={"kind": "loan", "amount": 100, "on": later}).status_code == 400
    unknown = client.post(url, json={"kind": "loan", "amount": 100, "on": day, "measure": "M99"})
    assert (
        unknown.status_code == 400 and "没有这个编号的政策" in unknown.json()["errors"]["measure"]
    )
    paid = client.post(
        url, json={"kind": "startup_subsidy", "amount": 5000, "on": day, "measure": "M13"}
    )
    assert paid.status_code == 201 and paid.json()["support"][0]["amount"] == 5000


def test_statistics_count_stages_places_jobs_support_and_survival(client, cast, settings, db):
    on = dt.date(2026, 6, 30)
    [a, b] = workers(settings, "甲", "乙")

    async def store(session):
        rows = [
            # 13 months old, open: survives 6 and 12 months.
            Business(
                name="一",
                owner_worker_id=a.id,
                township_code="511323101",
                industry="catering",
                kind="individual",
                stage="operating",
                registered_on=dt.date(2025, 5, 30),
            ),
            # Closed after 8 months: survives 6, not 12.
            Business(
                name="二",
                owner_worker_id=a.id,
                township_code="511323101",
                industry="farming",
                kind="coop",
                stage="closed",
                registered_on=dt.date(2025, 5, 1),
                closed_on=dt.date(2026, 1, 1),
            ),
            # 5 months old: in neither cohort.
            Business(
                name="三",
                owner_worker_id=b.id,
                township_code="511323102",
                industry="catering",
                kind="company",
                stage="registered",
                registered_on=dt.date(2026, 2, 1),
            ),
            Business(
                name="四",
                owner_worker_id=b.id,
                township_code="511323102",
                industry="catering",
                kind="individual",
                stage="idea",
            ),
        ]
        session.add_all(rows)
        await session.flush()
        session.add(BusinessEmployee(business_id=rows[0].id, worker_id=b.id, since=on))
        session.add_all(
            [
                BusinessSupport(
                    business_id=rows[0].id, kind="startup_subsidy", amount=5000, received_on=on
                ),
                BusinessSupport(business_id=rows[0].id, kind="loan", amount=200000, received_on=on),
                BusinessSupport(business_id=rows[2].id, kind="loan", amount=100000, received_on=on),
            ]
        )
        await session.commit()

    db(store)
    as_user(client, cast.staff)
    figures = client.get("/api/v1/stats/businesses", params={"on": on.isoformat()}).json()
    assert figures["total"] == 4
    assert {r["name"]: r["count"] for r in figures["stage"]} == {
        "idea": 1,
        "registered": 1,
        "operating": 1,
        "closed": 1,
    }
    assert figures["industry"][0] == {"name": "catering", "count": 3}
    assert figures["jobs_created"] == 1
    assert {s["kind"]: s["amount"] for s in figures["support"]} == {
        "startup_subsidy": 5000,
        "loan": 300000,
    }
    assert figures["support_total"] == 305000
    six, twelve = figures["survival"]
    assert (six["months"], six["cohort"], six["survived"], six["rate"]) == (6, 2, 2, 1.0)
    assert (twelve["months"], twelve["cohort"], twelve["survived"], twelve["rate"]) == (
        12,
        2,
        1,
        0.5,
    )
    page = client.get("/staff/stats").text
    assert 'id="businesses-by-stage"' in page and "305,000 元" in page


def test_business_facts_are_what_the_latest_open_business_settles(client, cast, settings, db):
    as_user(client, cast.staff)
    registered = (TODAY - dt.timedelta(days=200)).isoformat()
    body = shop(cast.worker_id, in_incubator=True, incubator_since=registered, kind="company")
    bid = client.post("/api/v1/businesses", json=body).json()["id"]
    for cook in workers(settings, "王小燕", "赵建军", "钱六"):
        client.post(f"/api/v1/businesses/{bid}/employees", json={"worker_id": cook.id})
    support = {"kind": "startup_subsidy", "amount": 5000, "on": TODAY.isoformat()}
    client.post(f"/api/v1/businesses/{bid}/support", json=support)
    facts = db(lambda s: business_facts(s, cast.worker_id))
    assert facts == {
        "business_registered": True,
        "business_in_county": True,
        "business_kind": "company",
        "business_registered_on": dt.date.fromisoformat(registered),
        "employees": 3,
        "in_incubator": True,
        "incubator_since": dt.date.fromisoformat(registered),
        "received_startup_subsidy": True,
    }
    # Closed, it says nothing; a worker with no business gets nothing.
    client.post(f"/api/v1/businesses/{bid}/stage", json={"stage": "closed"})
    assert db(lambda s: business_facts(s, cast.worker_id)) == {}
    [other] = workers(settings, "孙立")
    assert db(lambda s: business_facts(s, other.id)) == {}


def test_an_idea_is_not_a_registered_business(client, cast, db):
    as_user(client, cast.worker)
    body = shop(cast.worker_id, stage="idea", registered_on=None, credit_code=None)
    assert client.post("/api/v1/businesses", json=body).status_code == 201
    facts = db(lambda s: business_facts(s, cast.worker_id))
    assert facts["business_registered"] is False and "business_registered_on" not in facts


def test_vacancies_of_a_returnee_business_carry_its_badge(client, cast, settings):
    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    wait_total(client, 1, q="电焊")
    assert "返乡创业企业" not in client.get("/jobs").text
    as_user(client, cast.staff)
    bid = client.post("/api/v1/businesses", json=shop(cast.worker_id)).json()["id"]
    linked = client.post(
        f"/api/v1/businesses/{bid}/employer", json={"employer_id": cast.employer_id}
    )
    assert linked.status_code == 201 and linked.json()["employer_id"] == cast.employer_id
    as_user(client, None)
    assert 'class="returnee"' in client.get("/jobs").text
    assert 'id="returnee-badge"' in client.get(f"/jobs/{job}").text


def test_an_idea_cannot_own_an_employer_account(client, cast):
    as_user(client, cast.staff)
    body = shop(cast.worker_id, stage="idea", registered_on=None, credit_code=None)
    bid = client.post("/api/v1/businesses", json=body).json()["id"]
    r = client.post(f"/api/v1/businesses/{bid}/employer", json={"employer_id": cast.employer_id})
    assert r.status_code == 400 and "营业执照" in r.json()["errors"]["employer_id"]
