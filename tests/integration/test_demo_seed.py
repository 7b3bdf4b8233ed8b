"""`portal seed`: a realistic county, the same every time, and a second run changes nothing."""

from sqlalchemy import func, select
from stdnum.cn import uscc

from policies.models import Measure
from portal.demo.seed import DEMO_LOGINS, seed_demo
from portal.models import Employer, Job, Station, Township, User, Worker
from portal.security import clean_id_number


def counts(db):
    async def go(s):
        return {
            m.__name__: await s.scalar(select(func.count()).select_from(m))
            for m in (Township, Station, Employer, Job, Worker, User, Measure)
        }

    return db(go)


def test_the_demo_county_is_seeded_once_with_valid_numbers(db):
    assert db(lambda s: seed_demo(s, workers=300, jobs=120)) is True
    first = counts(db)
    assert first == {
        "Township": 21,
        "Station": 8,
        "Employer": 61,
        "Job": 120,
        "Worker": 300,
        "User": len(DEMO_LOGINS),
        "Measure": 30,
    }
    assert db(lambda s: seed_demo(s, workers=300, jobs=120)) is False
    assert counts(db) == first

    async def numbers(s):
        return (
            list(await s.scalars(select(Worker.id_number))),
            list(await s.scalars(select(Employer.credit_code))),
        )

    ids, codes = db(numbers)
    assert all(clean_id_number(n) == n for n in ids) and all(uscc.is_valid(c) for c in codes)


def test_the_demo_worker_can_log_in_and_has_welding_matches(client, db):
    db(lambda s: seed_demo(s, workers=50, jobs=120))
    worker = next(d for d in DEMO_LOGINS if d.role == "worker")
    r = client.post("/api/v1/auth/login", json={"phone": worker.phone, "password": "demo-2026"})
    assert r.status_code == 201
    page = client.get("/me").text
    assert "电焊" in page and 'class="score"' in page
