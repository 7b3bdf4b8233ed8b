"""Plans to come home as the API takes and gives them (see /schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType

from ..models import ReturnPlan
from .service import Group


class ReturnPlanForm(msgspec.Struct, kw_only=True):
    """Around which month the worker comes home, and the work they want (replaces any plan before)."""

    month: Annotated[str, Doc(description="YYYY-MM, from this month to 24 months ahead")]
    work: Annotated[str, Doc(max_length=30, description="what work, e.g. 电焊")]
    township: Annotated[
        str | UnsetType, Doc(description="township code or name; default the home township")
    ] = UNSET


class ReturnPlanCard(msgspec.Struct, kw_only=True):
    worker_id: int
    month: Annotated[str, Doc(description="YYYY-MM")]
    township_code: str
    township: str
    work: str
    trade_code: Annotated[str, Doc(description="the occupation the work was read as, or empty")]
    at: dt.datetime


class FittingJob(msgspec.Struct, kw_only=True):
    id: int
    title: str
    employer: str
    score: Annotated[int, Doc(description="fit out of 100")]


class Returnee(msgspec.Struct, kw_only=True):
    worker_id: int
    name: str
    month: str
    work: str
    jobs: list[FittingJob]


class ReturningGroup(msgspec.Struct, kw_only=True):
    township: str
    trade: Annotated[str, Doc(description="the occupation's name, else the work as written")]
    people: list[Returnee]


def plan_card(plan: ReturnPlan) -> ReturnPlanCard:
    return ReturnPlanCard(
        worker_id=plan.worker_id,
        month=plan.month.isoformat()[:7],
        township_code=plan.township_code,
        township=plan.township.name,
        work=plan.work,
        trade_code=plan.trade_code,
        at=plan.at,
    )


def returning_groups(groups: list[Group]) -> list[ReturningGroup]:
    return [
        ReturningGroup(
            township=g.township,
            trade=g.trade,
            people=[
                Returnee(
                    worker_id=r.plan.worker_id,
                    name=r.plan.worker.name,
                    month=r.plan.month.isoformat()[:7],
                    work=r.plan.work,
                    jobs=[
                        FittingJob(id=j.id, title=j.title, employer=j.employer.name, score=s.total)
                        for j, s in r.jobs
                    ],
                )
                for r in g.people
            ],
        )
        for g in groups
    ]
