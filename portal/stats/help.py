"""Help requests in figures: how many of each kind, at each station and in each state, what was
owed and what was recovered (counted from the requests, not typed totals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..contracts.states import COUNTY_LANG
from ..help.states import HelpStatus
from ..i18n import gettext
from ..models import HelpRequest
from .service import NO_STATION


@dataclass
class HelpTally:
    requests: int = 0
    resolved: int = 0
    owed: int = 0  # 元 owed, as the requests said
    recovered: int = 0  # 元 recovered at the outcome

    def add(self, r: HelpRequest) -> None:
        self.requests += 1
        self.resolved += r.status == HelpStatus.RESOLVED
        self.owed += r.amount_owed
        self.recovered += r.amount_recovered


@dataclass
class HelpReport:
    total: HelpTally = field(default_factory=HelpTally)
    by: dict[str, dict[str, HelpTally]] = field(default_factory=dict)  # kind / station / outcome

    def as_dict(self) -> dict:
        return {
            "total": self.total.__dict__,
            **{
                dim: [{"name": k, **t.__dict__} for k, t in rows.items()]
                for dim, rows in self.by.items()
            },
        }


async def help_report(session: AsyncSession) -> HelpReport:
    """Every request once, under its kind, its station and its state; largest first."""
    report = HelpReport(by={"kind": {}, "station": {}, "outcome": {}})
    no_station = gettext(COUNTY_LANG, NO_STATION)
    for r in await session.scalars(select(HelpRequest).order_by(HelpRequest.id)):
        report.total.add(r)
        labels = {
            "kind": r.kind,
            "station": r.station.name if r.station else no_station,
            "outcome": r.status,
        }
        for dim, label in labels.items():
            report.by[dim].setdefault(label, HelpTally()).add(r)
    for dim in report.by:
        report.by[dim] = dict(sorted(report.by[dim].items(), key=lambda kv: -kv[1].requests))
    return report
