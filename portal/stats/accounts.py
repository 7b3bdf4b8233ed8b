"""Workers' own accounts in figures: created, archives claimed with a station's code, active in the
last 30 days (a login or a visit to /me), by the station that keeps the archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Station, User, Worker, aware, utcnow

ACTIVE_DAYS = 30
NO_STATION = "—"  # an account without an archive, or an archive no station keeps


@dataclass
class AccountTally:
    accounts: int = 0
    claimed: int = 0  # archives a station made, linked to the account with a claim code
    self_made: int = 0  # archives the worker filled in themselves
    active_30d: int = 0


@dataclass
class AccountReport:
    total: AccountTally = field(default_factory=AccountTally)
    station: dict[str, AccountTally] = field(default_factory=dict)

    def as_dict(self) -> dict:
        rows = sorted(self.station.items(), key=lambda kv: -kv[1].accounts)
        return {
            "total": asdict(self.total),
            "station": [{"name": name, **asdict(t)} for name, t in rows],
        }


async def account_report(session: AsyncSession, now: dt.datetime | None = None) -> AccountReport:
    since = (now or utcnow()) - dt.timedelta(days=ACTIVE_DAYS)
    query = (
        select(User.last_seen_at, Worker.claimed_at, Worker.consent_method, Station.name)
        .outerjoin(Worker, Worker.user_id == User.id)
        .outerjoin(Station, Station.id == Worker.station_id)
        .where(User.role == "worker")
    )
    report = AccountReport()
    for seen, claimed, method, station in await session.execute(query):
        row = report.station.setdefault(station or NO_STATION, AccountTally())
        for tally in (report.total, row):
            tally.accounts += 1
            tally.claimed += claimed is not None
            tally.self_made += method == "self"
            tally.active_30d += seen is not None and aware(seen) >= since
    return report
