"""The dates of an intent contract's follow-ups, as the service keeps them (no HTTP): a report for
duty falls between the signing and today, and the 30 and 90 days in post count from that report."""

import asyncio
import datetime as dt

import pytest
from sqlalchemy import update

from portal.contracts.forms import ContractForm
from portal.contracts.service import ContractService
from portal.db import make_engine, make_sessionmaker
from portal.forms import FormError
from portal.models import Contract

from .conftest import people, published_job

TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def signed(rolled_back):
    """A contract signed ``days`` ago: ``signed(days)`` -> (service, staff, contract id)."""

    def sign(days: int = 0):
        async def go(session):
            cast = await people(session)
            job = await published_job(session, cast["company"])
            service = ContractService(session)
            form = ContractForm(
                worker_id=cast["worker"].id,
                job_id=job.id,
                wage=6500,
                start_date=TODAY + dt.timedelta(days=7),
                position="电焊工",
                workplace="锦屏镇",
            )
            contract = await service.create(form, cast["staff"])
            await service.advance(contract.id, cast["staff"], "signed")
            moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
            await session.execute(
                update(Contract).where(Contract.id == contract.id).values(signed_at=moment)
            )
            return service, cast["staff"], contract.id

        return rolled_back(go)

    return sign


def refusal(rolled_back, service, staff, contract_id, to, on=None) -> dict[str, str]:
    async def go(_session):
        try:
            await service.advance(contract_id, staff, to, on=on)
        except FormError as exc:
            return {name: m.render("zh") for name, m in exc.errors.items()}
        return {}

    return rolled_back(go)


def status(rolled_back, service, contract_id) -> str:
    async def go(_session):
        return (await service.get(contract_id)).status

    return rolled_back(go)


def test_a_report_for_duty_dated_before_the_signing_is_refused(rolled_back, signed):
    service, staff, cid = signed(days=5)
    errors = refusal(rolled_back, service, staff, cid, "reported", on=dt.date(1900, 1, 1))
    assert "早于合同签订日期" in errors["on"] and days_ago(5).isoformat() in errors["on"]


def test_a_refused_report_leaves_the_contract_signed(rolled_back, signed):
    service, staff, cid = signed(days=5)
    refusal(rolled_back, service, staff, cid, "reported", on=days_ago(6))
    assert status(rolled_back, service, cid) == "signed"


def test_a_report_for_duty_on_the_signing_day_is_recorded(rolled_back, signed):
    service, staff, cid = signed(days=5)
    assert refusal(rolled_back, service, staff, cid, "reported", on=days_ago(5)) == {}
    assert status(rolled_back, service, cid) == "reported"


def test_a_report_for_duty_dated_in_the_future_is_refused(rolled_back, signed):
    service, staff, cid = signed()
    tomorrow = TODAY + dt.timedelta(days=1)
    assert "晚于今天" in refusal(rolled_back, service, staff, cid, "reported", on=tomorrow)["on"]


def test_a_contract_not_reported_cannot_be_thirty_days_in_post(rolled_back, signed):
    service, staff, cid = signed(days=40)
    assert refusal(rolled_back, service, staff, cid, "in_post_30")


def test_thirty_days_in_post_count_from_the_report_not_the_signing(rolled_back, signed):
    service, staff, cid = signed(days=40)
    assert refusal(rolled_back, service, staff, cid, "reported", on=days_ago(29)) == {}
    errors = refusal(rolled_back, service, staff, cid, "in_post_30")
    assert days_ago(-1).isoformat() in errors["status"]


def test_ninety_days_in_post_count_from_the_report(rolled_back, signed):
    service, staff, cid = signed(days=100)
    assert refusal(rolled_back, service, staff, cid, "reported", on=days_ago(89)) == {}
    assert refusal(rolled_back, service, staff, cid, "in_post_30") == {}
    errors = refusal(rolled_back, service, staff, cid, "in_post_90")
    assert days_ago(-1).isoformat() in errors["status"]


def test_what_a_test_writes_never_reaches_the_database_for_anyone_else(signed, base_settings):
    """The fixture's promise: even the service's own commits stay inside the test's transaction,
    which is rolled back at its end; another connection never sees them."""
    _service, _staff, cid = signed(days=5)

    async def seen_elsewhere():
        engine = make_engine(base_settings.database_url)
        async with make_sessionmaker(engine)() as session:
            found = await session.get(Contract, cid)
        await engine.dispose()
        return found

    assert asyncio.run(seen_elsewhere()) is None
