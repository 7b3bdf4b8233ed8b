"""The policy facts a worker's business settles, for the questionnaire and 政策找人.

Names are those of ``policies/facts.py``. Only the worker's latest business that is not closed
speaks; a worker with none gets ``{}`` (the questionnaire then asks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Business, BusinessEmployee, BusinessSupport
from . import states


async def latest_business(session: AsyncSession, worker_id: int) -> Business | None:
    """The worker's latest business that is not closed (read here, not through the service: the
    service asks 政策找人, which reads these facts)."""
    return await session.scalar(
        select(Business)
        .where(Business.owner_worker_id == worker_id, Business.stage != states.Stage.CLOSED)
        .order_by(Business.created_at.desc(), Business.id.desc())
        .limit(1)
    )


async def business_facts(session: AsyncSession, worker_id: int) -> dict[str, Any]:
    business = await latest_business(session, worker_id)
    if business is None:
        return {}
    registered = states.is_licensed(business.stage)
    employees = await session.scalar(
        select(func.count(BusinessEmployee.id)).where(BusinessEmployee.business_id == business.id)
    )
    subsidy = await session.scalar(
        select(BusinessSupport.id)
        .where(
            BusinessSupport.business_id == business.id, BusinessSupport.kind == "startup_subsidy"
        )
        .limit(1)
    )
    facts: dict[str, Any] = {
        "business_registered": registered,
        "business_kind": business.kind,
        "employees": employees or 0,
        "in_incubator": business.in_incubator,
        "received_startup_subsidy": subsidy is not None,
    }
    if registered:
        # The registry is the county's: a business in it was licensed here.
        facts["business_in_county"] = True
        facts["business_registered_on"] = business.registered_on
    if business.in_incubator and business.incubator_since:
        facts["incubator_since"] = business.incubator_since
    return facts
