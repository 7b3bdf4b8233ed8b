"""A contract's steps after signing: the order of statuses, the contract page's step buttons, its
card and schema, and the status in the reader's language."""

import asyncio
import datetime as dt

from sqlalchemy import func, select

from portal.models import Contract, Worker
from tests.factories import add_job, csrf_form, future, new_contract


def signed_contract(staff, cast, job_id, db, *, days_ago: int = 0) -> str:
    """A contract signed ``days_ago`` days ago (the signing moment is moved back in the database);
    returns its status URL."""
    from sqlalchemy import update

    c = new_contract(staff, cast, job_id)
    url = f"/api/v1/contracts/{c['id']}/status"
    assert staff.post(url, json={"to": "signed"}).json()["status"] == "signed"

    async def backdate(session):
        moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
        await session.execute(
            update(Contract).where(Contract.id == c["id"]).values(signed_at=moment)
        )
        await session.commit()

    db(backdate)
    return url


def test_an_expired_intent_whose_place_went_to_another_worker_cannot_come_back_as_reported(
    staff, cast, settings, db
):
    from portal.contracts.service import ContractService
    from tests.integration.test_feedback import add_workers

    one_place = asyncio.run(add_job(settings.database_url, cast.employer_id, headcount=1))
    url = signed_contract(staff, cast, one_place, db)
    assert db(lambda s: ContractService(s).expire_due(dt.date.today() + dt.timedelta(days=60))) == 1
    asyncio.run(add_workers(settings.database_url, 1))
    other = db(lambda s: s.scalar(select(func.max(Worker.id))))
    body = {"worker_id": other, "job_id": one_place, "wage": 6500, "start_date": future()}
    assert staff.post("/api/v1/contracts", json=body).status_code == 201  # the freed place is taken
    r = staff.post(url, json={"to": "reported"})
    assert r.status_code == 400 and "已满" in r.json()["errors"]["job_id"]
    assert staff.get(url.removesuffix("/status")).json()["status"] == "expired"


def test_a_step_out_of_order_names_both_statuses_in_chinese(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    r = staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "in_post_30"})
    assert r.status_code == 400
    assert "已打印，等待签字" in r.json()["errors"]["status"]
    assert "在岗满30天" in r.json()["errors"]["status"]


def test_a_step_to_no_status_is_refused_as_a_choice(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    r = staff.post(f"/api/v1/contracts/{c['id']}/status", json={"to": "hired"})
    assert r.status_code == 400 and "to" in r.json()["errors"]


def test_the_contract_page_offers_only_the_next_steps_by_their_labels(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    page = staff.get(f"/contracts/{c['id']}").text
    assert '<option value="signed">已签字</option>' in page
    assert '<option value="cancelled">已取消</option>' in page
    assert 'value="reported"' not in page


def test_the_contract_page_records_a_step_and_returns_to_the_contract(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    token = csrf_form(staff, f"/contracts/{c['id']}")
    form = {"to": "signed", "note": "", "on": "", "_csrf_token": token}
    r = staff.post(f"/contracts/{c['id']}/status", data=form, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == f"/contracts/{c['id']}"
    assert staff.get(f"/api/v1/contracts/{c['id']}").json()["status"] == "signed"


def test_the_contract_page_shows_a_refused_step_with_its_message(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    token = csrf_form(staff, f"/contracts/{c['id']}")
    form = {"to": "cancelled", "note": "", "_csrf_token": token}
    r = staff.post(f"/contracts/{c['id']}/status", data=form)
    assert r.status_code == 400 and "原因" in r.text


def test_the_contract_card_keeps_every_field_of_the_api(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    assert set(c) == {
        "id", "number", "status", "event_id", "worker_id", "worker_name", "job_id",
        "employer", "position", "wage", "wage_reason", "workplace", "start_date",
        "probation_months", "term_days", "has_housing", "has_meals", "signed_at",
        "reported_at", "cancel_reason", "verify_url", "print_url", "pdf_url",
    }  # fmt: skip
    assert c["print_url"] == f"/contracts/{c['id']}/print"
    assert c["pdf_url"] == f"/contracts/{c['id']}.pdf"


def test_the_schema_documents_the_contract_api_writes(client):
    """/schema shows the fields and types of the contract API's request and response bodies."""
    from tests.integration.test_events import fields, request_body, response_body, schema_of

    api = client.get("/schema/openapi.json").json()
    create = api["paths"]["/api/v1/contracts"]["post"]
    new = schema_of(api, request_body(create))
    assert {"worker_id", "job_id", "wage", "start_date"} <= set(new["required"])
    assert new["properties"]["wage"]["type"] == "integer"
    card = fields(api, response_body(create, "201"))
    assert {"number", "status", "verify_url", "print_url", "pdf_url"} <= card
    step = api["paths"]["/api/v1/contracts/{contract_id}/status"]["post"]
    assert fields(api, request_body(step)) == {"to", "note", "on"}
    to = schema_of(api, schema_of(api, request_body(step))["properties"]["to"])
    assert set(to["enum"]) == {"draft", "signed", "reported", "in_post_30", "in_post_90",
                               "cancelled", "expired"}  # fmt: skip
    assert "verify_url" in fields(api, response_body(step, "201"))


def test_the_contract_status_is_shown_in_the_readers_language(staff, cast, job_id):
    c = new_contract(staff, cast, job_id)
    staff.cookies.set("lang", "en")
    page = staff.get(f"/contracts/{c['id']}").text
    assert '<strong id="status">Printed, waiting for signatures</strong>' in page
