"""What the county reports: intents signed, reported for duty near home, still in post at 30 / 90 days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..contracts.states import COUNTY_LANG
from ..i18n import N_, gettext
from ..models import Contract
from ..vocabulary.service import Vocabulary
from .accounts import AccountReport, account_report
from .businesses import BusinessReport, business_report
from .filters import Filters, parse_filters
from .overview import BY_KEY, Overview, overview, records_of
from .sources import Record

if TYPE_CHECKING:
    from .help import HelpReport

# Rows for contracts with no event or a worker with no station; in Chinese like the names beside them.
NO_EVENT = N_("(not at an event)")
NO_STATION = N_("(no station)")
DELETED = N_("(account deleted)")  # the worker deleted the account: the contract counts, unplaced


@dataclass
class Tally:
    signed: int = 0
    reported: int = 0
    in_post_30: int = 0
    in_post_90: int = 0

    def add(self, c: Contract) -> None:
        self.signed += c.signed_at is not None
        self.reported += c.reported_at is not None
        self.in_post_30 += c.in_post_30_at is not None
        self.in_post_90 += c.in_post_90_at is not None

    def rate(self, part: int) -> float | None:
        return round(part / self.signed, 3) if self.signed else None

    def as_dict(self) -> dict:
        return {
            "signed": self.signed,
            "reported": self.reported,
            "in_post_30": self.in_post_30,
            "in_post_90": self.in_post_90,
            "reported_rate": self.rate(self.reported),
        }


@dataclass
class Report:
    total: Tally = field(default_factory=Tally)
    by: dict[str, dict[str, Tally]] = field(default_factory=dict)  # dimension -> label -> tally

    def as_dict(self) -> dict:
        return {
            "total": self.total.as_dict(),
            **{
                dim: [{"name": k, **t.as_dict()} for k, t in rows.items()]
                for dim, rows in self.by.items()
            },
        }


def _worker_labels(c: Contract) -> dict[str, str]:
    """The station and home township a contract counts under; a deleted account's under neither."""
    if c.worker is None:
        deleted = gettext(COUNTY_LANG, DELETED)
        return {"station": deleted, "township": deleted}
    station = c.worker.station.name if c.worker.station else gettext(COUNTY_LANG, NO_STATION)
    return {"station": station, "township": c.worker.home_township.name}


async def contract_report(session: AsyncSession, trade_names: dict[str, str]) -> Report:
    """Every contract once; drafts count nowhere (nothing was signed), cancelled ones as far as they got."""
    report = Report(by={"event": {}, "station": {}, "township": {}, "trade": {}})
    for c in await session.scalars(select(Contract).order_by(Contract.id)):
        if c.signed_at is None:
            continue
        report.total.add(c)
        labels = {
            "event": c.event.title if c.event else gettext(COUNTY_LANG, NO_EVENT),
            **_worker_labels(c),
            "trade": trade_names.get(c.job.trade_code) or c.job.title,
        }
        for dim, label in labels.items():
            report.by[dim].setdefault(label, Tally()).add(c)
    for dim in report.by:
        report.by[dim] = dict(sorted(report.by[dim].items(), key=lambda kv: -kv[1].signed))
    return report


class StatsService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def trade_names(self, vocabulary: Vocabulary) -> dict[str, str]:
        """Occupation code -> its name in the 2022 classification."""
        trades = await vocabulary.trades()
        return {code: occupation.name for code, occupation in trades.by_code.items()}

    async def contracts(self, vocabulary: Vocabulary) -> Report:
        """The county's contract report, trades named as the occupation classification names them."""
        return await contract_report(self.session, await self.trade_names(vocabulary))

    async def filters(self, raw: Mapping[str, Any]) -> Filters:
        """The dashboard's selection from a query string; FormError (Chinese, 400) if it is bad."""
        return await parse_filters(self.session, dict(raw))

    async def overview(self, f: Filters, vocabulary: Vocabulary, lang: str) -> Overview:
        return await overview(self.session, f, await self.trade_names(vocabulary), lang)

    async def records(self, key: str, f: Filters, vocabulary: Vocabulary) -> list[Record] | None:
        """The records behind one figure (None: the portal keeps none of that kind yet)."""
        trades = await self.trade_names(vocabulary)
        return await records_of(self.session, BY_KEY[key], f, trades)

    async def accounts(self) -> AccountReport:
        return await account_report(self.session)

    async def businesses(self, on: dt.date | None = None) -> BusinessReport:
        return await business_report(self.session, on or dt.date.today())

    async def help(self) -> HelpReport:
        from .help import help_report  # help.py reads this module's NO_STATION

        return await help_report(self.session)


async def provide_stats_service(db_session: AsyncSession) -> StatsService:
    return StatsService(db_session)
