"""Intent contracts: filled from both records, numbered race-free, printable, verifiable."""

import asyncio
import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from portal.models import Contract, Worker
from tests.factories import add_job, csrf_form, form_fields, future, login, new_contract


def count_contracts(db) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(Contract)))


def test_a_contract_is_filled_from_both_records_and_numbered(staff, cast, job_id):
    r = staff.post(
        "/api/v1/contracts",
        json={"worker_id": cast.worker_id, "job_id": job_id, "wage": 6500, "start_date": future()},
    )
    assert r.status_code == 201, r.text
    c = r.json()
    assert re.fullmatch(r"PA\d{4}-\d{6}", c["number"])
    assert c["position"] == "电焊工" and c["employer"] == "蓬安县锦屏建筑工程有限公司"
    assert c["workplace"].startswith("蓬安县锦屏镇") and c["worker_name"] == "李国华"
    assert staff.get(f"/api/v1/contracts/{c['id']}").json()["number"] == c["number"]


def test_the_new_contract_form_is_prefilled(staff, cast, job_id):
    page = staff.get(f"/contracts/new?worker_id={cast.worker_id}&job_id={job_id}").text
    assert 'value="电焊工"' in page and 'value="6000"' in page and "李国华" in page


def test_the_print_page_has_two_copies_two_signature_blocks_and_no_navigation(staff, cast, job_id):
    c = staff.post(
        "/api/v1/contracts",
        json={"worker_id": cast.worker_id, "job_id": job_id, "wage": 6500, "start_date": future()},
    ).json()
    page = staff.get(f"/contracts/{c['id']}/print").text
    assert (
        page.count('class="contract"') == 2 and page.count('class="signature"') == 6
    )  # worker, employer, witness
    assert 'class="top"' not in page and c["number"] in page and "6,500" in page
    assert "11010519491231002X" not in page and "<svg" in page


def test_the_verify_link_shows_a_masked_name_and_nothing_more(client, cast, job_id):
    login(client, cast.staff)
    c = new_contract(client, cast, job_id)
    client.cookies.clear()
    page = client.get(c["verify_url"])
    assert page.status_code == 200
    assert c["number"] in page.text and "李*华" in page.text
    assert "李国华" not in page.text and "6,500" not in page.text


def test_a_tampered_verify_link_is_not_found(client, cast, job_id):
    login(client, cast.staff)
    c = new_contract(client, cast, job_id)
    client.cookies.clear()
    tampered = c["verify_url"][:-3] + ("AAA" if not c["verify_url"].endswith("AAA") else "BBB")
    assert client.get(tampered).status_code == 404


def test_a_verify_link_made_of_the_contract_id_is_not_found(client, cast, job_id):
    login(client, cast.staff)
    c = new_contract(client, cast, job_id)
    client.cookies.clear()
    assert client.get(f"/contracts/verify/{c['id']}").status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (
            {"start_date": (dt.date.today() - dt.timedelta(days=1)).isoformat()},
            "start_date",
            "不能早于今天",
        ),
        ({"wage": 9000}, "wage", "6000"),
        ({"wage": "abc"}, "wage", None),
        ({"worker_id": 999999}, "worker_id", None),
        ({"start_date": "tomorrow"}, "start_date", None),
        (
            {"start_date": (dt.date.today() + dt.timedelta(days=400)).isoformat()},
            "start_date",
            "一年",
        ),
        ({"position": "焊" * 41}, "position", None),
        ({"workplace": "镇" * 101}, "workplace", None),
        ({"job_id": 2**40}, "job_id", None),
    ],
)
def test_a_bad_contract_gets_a_message_and_nothing_is_written(
    staff, cast, job_id, db, change, field, text
):
    body = {
        "worker_id": cast.worker_id,
        "job_id": job_id,
        "wage": 6500,
        "start_date": future(),
        **change,
    }
    r = staff.post("/api/v1/contracts", json=body)
    assert r.status_code == 400
    assert text is None or text in r.json()["errors"][field]
    assert count_contracts(db) == 0


def test_the_same_worker_and_vacancy_twice_is_refused(staff, cast, job_id, db):
    body = {"worker_id": cast.worker_id, "job_id": job_id, "wage": 6500, "start_date": future()}
    assert staff.post("/api/v1/contracts", json=body).status_code == 201
    r = staff.post("/api/v1/contracts", json=body)
    assert r.status_code == 400 and "已经" in r.json()["errors"]["job_id"]
    assert count_contracts(db) == 1


def test_a_contract_for_a_vacancy_not_yet_approved_is_refused(staff, cast, settings, db):
    pending = asyncio.run(add_job(settings.database_url, cast.employer_id, status="pending"))
    r = staff.post(
        "/api/v1/contracts",
        json={"worker_id": cast.worker_id, "job_id": pending, "wage": 6500, "start_date": future()},
    )
    assert r.status_code == 400 and count_contracts(db) == 0


def test_the_contract_form_shows_its_error_on_the_page(staff, cast, job_id):
    token = csrf_form(staff, f"/contracts/new?worker_id={cast.worker_id}&job_id={job_id}")
    form = {
        "worker_id": cast.worker_id,
        "job_id": job_id,
        "wage": "99999",
        "start_date": future(),
        "position": "电焊工",
        "workplace": "锦屏镇",
        "_csrf_token": token,
    }
    r = staff.post("/contracts", data=form)
    assert r.status_code == 400 and "6000 到 8000" in r.text


def _confirm_from_the_page(
    staff, cast, job_id, tick: tuple[str, ...], untick: tuple[str, ...] = ()
) -> dict:
    """Open the contract form, tick or untick boxes as a person would, confirm; the contract as JSON."""
    page = staff.get(f"/contracts/new?worker_id={cast.worker_id}&job_id={job_id}").text
    form = form_fields(page, "/contracts", tick=tick)
    for name in untick:
        form[name] = [v for v in form[name] if v != "1"]
    r = staff.post("/contracts", data=form, follow_redirects=False)
    assert r.status_code == 302, r.text
    return staff.get("/api/v1/contracts/" + r.headers["location"].rsplit("/", 1)[1]).json()


def test_meals_ticked_on_the_form_are_printed_as_provided(staff, cast, job_id):
    c = _confirm_from_the_page(staff, cast, job_id, tick=("has_housing", "has_meals"))
    assert c["has_meals"] is True and c["has_housing"] is True
    printed = staff.get(c["print_url"]).text
    assert "提供住宿，提供工作餐" in printed and "不提供工作餐" not in printed


def test_meals_unticked_on_the_form_are_printed_as_not_provided(staff, cast, job_id):
    c = _confirm_from_the_page(staff, cast, job_id, tick=("has_housing",), untick=("has_meals",))
    assert c["has_meals"] is False and c["has_housing"] is True
    assert "提供住宿，不提供工作餐" in staff.get(c["print_url"]).text


@pytest.fixture
def day_rate_job(cast, settings):
    return asyncio.run(
        add_job(
            settings.database_url, cast.employer_id, wage_min=300, wage_max=400, wage_unit="day"
        )
    )


def test_a_day_rate_vacancy_gets_its_monthly_figure_on_the_contract_form(staff, cast, day_rate_job):
    page = staff.get(f"/contracts/new?worker_id={cast.worker_id}&job_id={day_rate_job}").text
    assert "300–400 元/天" in page
    assert 'value="7800"' in page  # 300 a day is 7,800 a month at 26 days


def test_a_monthly_wage_within_a_day_rate_range_is_accepted(staff, cast, day_rate_job):
    new_contract(staff, cast, day_rate_job, wage=9000)  # 400 a day is 10,400 a month


def test_a_new_contract_starts_a_week_ahead_and_holds_thirty_days(staff, cast, job_id):
    page = staff.get(f"/contracts/new?worker_id={cast.worker_id}&job_id={job_id}").text
    week_ahead = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    assert f'value="{week_ahead}"' in page and 'value="30"' in page


def test_a_contract_form_for_no_such_vacancy_is_not_found(staff, cast, job_id):
    r = staff.get(f"/contracts/new?worker_id={cast.worker_id}&job_id=99999")
    assert r.status_code == 404


def test_a_contract_form_for_no_such_worker_is_not_found(staff, cast, job_id):
    assert staff.get(f"/contracts/new?worker_id=99999&job_id={job_id}").status_code == 404


def test_a_contract_form_for_no_such_event_is_not_found(staff, cast, job_id):
    query = f"worker_id={cast.worker_id}&job_id={job_id}&event_id=99999"
    assert staff.get(f"/contracts/new?{query}").status_code == 404


def test_numbers_stay_distinct_when_many_tables_confirm_at_once(settings, cast):
    """Twenty confirmations in parallel (one per staff table) get twenty distinct numbers, no gaps."""
    from portal.contracts.service import ContractForm, ContractService
    from portal.db import make_engine, make_sessionmaker
    from portal.models import User
    from portal.workers.service import WorkerService, parse_worker_form

    async def scenario():
        engine = make_engine(settings.database_url)
        factory = make_sessionmaker(engine)
        job = await add_job(settings.database_url, cast.employer_id, headcount=50)
        async with factory() as s:
            staff = await s.scalar(select(User).where(User.phone == cast.staff))
            workers = []
            for i in range(20):
                body = "51132319800101" + f"{i:03d}"
                from stdnum.cn import ric

                raw = {
                    "name": f"测试{i:02d}",
                    "phone": f"1370000{i:04d}",
                    "id_number": body + ric.calc_check_digit(body + "0"),
                    "home_township": "锦屏镇",
                    "birth_year": 1980,
                    "skills": [{"name": "电焊"}],
                    "expected_wage": 6000,
                    "consent": True,
                }
                workers.append((await WorkerService(s).create(parse_worker_form(raw))).id)

        async def confirm(worker_id):
            async with factory() as s:
                staff_user = await s.get(User, staff.id)
                form = ContractForm(
                    worker_id, job, 6500, dt.date.today() + dt.timedelta(days=7), "", ""
                )
                return (await ContractService(s).create(form, staff_user)).number

        numbers = await asyncio.gather(*(confirm(w) for w in workers))
        await engine.dispose()
        return numbers

    numbers = asyncio.run(scenario())
    sequence = sorted(int(n.split("-")[1]) for n in numbers)
    assert len(set(numbers)) == 20 and sequence == list(range(sequence[0], sequence[0] + 20))


def test_ten_tables_confirming_at_once_for_three_places_get_three_contracts_and_seven_refusals(
    settings, cast, db
):
    """Ten staff tables confirm workers for the same vacancy of three places at the same moment, each
    in its own session (on PostgreSQL, its own connection): three contracts, seven clear refusals."""
    from stdnum.cn import ric

    from portal.contracts.service import ContractForm, ContractService
    from portal.contracts.states import LIVE
    from portal.db import make_engine, make_sessionmaker
    from portal.forms import FormError
    from portal.models import User
    from portal.workers.service import WorkerService, parse_worker_form

    async def scenario():
        engine = make_engine(settings.database_url)
        factory = make_sessionmaker(engine)
        job = await add_job(settings.database_url, cast.employer_id, headcount=3)
        async with factory() as s:
            staff_id = await s.scalar(select(User.id).where(User.phone == cast.staff))
            workers = []
            for i in range(10):
                body = f"51132319800101{i:03d}0"
                raw = {
                    "name": f"测试{i:02d}",
                    "phone": f"1370000{i:04d}",
                    "id_number": body[:17] + ric.calc_check_digit(body),
                    "home_township": "锦屏镇",
                    "birth_year": 1980,
                    "skills": [{"name": "电焊"}],
                    "expected_wage": 6000,
                    "consent": True,
                }
                workers.append((await WorkerService(s).create(parse_worker_form(raw))).id)

        async def confirm(worker_id):
            async with factory() as s:
                form = ContractForm(
                    worker_id, job, 6500, dt.date.today() + dt.timedelta(days=7), "", ""
                )
                try:
                    return (
                        await ContractService(s).create(form, await s.get(User, staff_id))
                    ).number
                except FormError as refused:
                    return refused.errors["job_id"].render("zh")

        results = await asyncio.gather(*(confirm(w) for w in workers))
        await engine.dispose()
        return job, results

    job, results = asyncio.run(scenario())
    numbers = [r for r in results if r.startswith("PA")]
    refusals = [r for r in results if not r.startswith("PA")]
    assert len(numbers) == 3 and len(refusals) == 7
    assert all("已满" in r for r in refusals), refusals
    live = db(
        lambda s: s.scalar(
            select(func.count()).where(Contract.job_id == job, Contract.status.in_(LIVE))
        )
    )
    assert live == 3 and count_contracts(db) == 3


def test_the_contract_form_for_a_full_vacancy_says_so_on_the_page(staff, cast, settings, db):
    one_place = asyncio.run(add_job(settings.database_url, cast.employer_id, headcount=1))
    from tests.integration.test_feedback import add_workers

    asyncio.run(add_workers(settings.database_url, 1))
    other = db(lambda s: s.scalar(select(func.max(Worker.id))))
    body = {"worker_id": cast.worker_id, "job_id": one_place, "wage": 6500, "start_date": future()}
    assert staff.post("/api/v1/contracts", json=body).status_code == 201
    token = csrf_form(staff, f"/contracts/new?worker_id={other}&job_id={one_place}")
    form = {
        **body,
        "worker_id": other,
        "position": "电焊工",
        "workplace": "锦屏镇",
        "_csrf_token": token,
    }
    r = staff.post("/contracts", data=form)
    assert r.status_code == 400 and "已满" in r.text
    assert count_contracts(db) == 1
