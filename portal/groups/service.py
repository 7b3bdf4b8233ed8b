"""The phone group registry, the visits through each group's code, and the funnel counted from
records: visits → accounts created through the group → their interests → their signed contracts."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..accounts.codes import ALPHABET
from ..contracts import states as contract_states
from ..errors import NotFound
from ..models import Contract, GroupVisit, JobInterest, PhoneGroup, User, Worker
from .forms import GroupForm

# Six characters of an alphabet with nothing that reads like something else (no 0/O, 1/I/L):
# 31^6 is about 900 million codes for some thousand groups, short enough to type from a poster.
CODE_LENGTH = 6
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: object) -> str | None:
    """A typed or linked code as stored (case and full-width forgiven), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 20:
        return None
    code = unicodedata.normalize("NFKC", text).strip().upper()
    return code if _CODE.fullmatch(code) else None


@dataclass
class Funnel:
    visits: int = 0
    accounts: int = 0
    interests: int = 0
    contracts: int = 0

    def add(self, other: Funnel) -> None:
        self.visits += other.visits
        self.accounts += other.accounts
        self.interests += other.interests
        self.contracts += other.contracts


@dataclass
class StationFunnel:
    station_id: int | None
    groups: int = 0
    funnel: Funnel = field(default_factory=Funnel)


class GroupService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, form: GroupForm, staff: User) -> PhoneGroup:
        """A new group with a fresh code (drawn again in the rare case it is taken)."""
        for _attempt in range(5):
            group = PhoneGroup(**form.__dict__, code=new_code(), created_by_id=staff.id)
            self.session.add(group)
            try:
                await self.session.commit()
            except IntegrityError:
                await self.session.rollback()
                continue
            return await self.get(group.id)
        raise RuntimeError("no free group code after 5 draws")

    async def get(self, group_id: int) -> PhoneGroup:
        group = await self.session.get(PhoneGroup, group_id, populate_existing=True)
        if group is None:
            raise NotFound
        return group

    async def all(self) -> list[PhoneGroup]:
        query = select(PhoneGroup).order_by(PhoneGroup.station_id, PhoneGroup.name)
        return list(await self.session.scalars(query))

    async def by_code(self, text: object) -> PhoneGroup | None:
        code = clean_code(text)
        if code is None:
            return None
        return await self.session.scalar(select(PhoneGroup).where(PhoneGroup.code == code))

    async def count_visit(self, group_id: int, day: dt.date) -> None:
        """One more browser through this group today (the caller decides it is a new one)."""
        where = (GroupVisit.group_id == group_id, GroupVisit.day == day)
        bump = update(GroupVisit).where(*where).values(visits=GroupVisit.visits + 1)
        if (await self.session.execute(bump)).rowcount == 0:
            self.session.add(GroupVisit(group_id=group_id, day=day, visits=1))
            try:
                await self.session.commit()
                return
            except IntegrityError:  # the day's first visit counted by another request meanwhile
                await self.session.rollback()
                await self.session.execute(bump)
        await self.session.commit()

    async def funnels(self, group_id: int | None = None) -> dict[int, Funnel]:
        """Each group's funnel (or one group's), from the visit counts, the accounts that came
        through it, their archives' interests and the contracts signed on them."""
        counts: dict[int, Funnel] = {}
        for name, query in _stage_queries().items():
            if group_id is not None:
                query = query.where(_GROUP_OF[name] == group_id)
            for gid, n in (await self.session.execute(query)).all():
                setattr(counts.setdefault(gid, Funnel()), name, int(n or 0))
        return counts

    async def funnel(self, group_id: int) -> Funnel:
        await self.get(group_id)
        return (await self.funnels(group_id)).get(group_id, Funnel())

    async def by_station(self, groups: list[PhoneGroup]) -> list[StationFunnel]:
        """The funnel summed over each station's groups (the county's own groups under None)."""
        funnels = await self.funnels()
        rows: dict[int | None, StationFunnel] = {}
        for group in groups:
            row = rows.setdefault(group.station_id, StationFunnel(group.station_id))
            row.groups += 1
            row.funnel.add(funnels.get(group.id, Funnel()))
        return sorted(rows.values(), key=lambda r: (r.station_id is None, r.station_id or 0))


_GROUP_OF = {
    "visits": GroupVisit.group_id,
    "accounts": User.via_group_id,
    "interests": User.via_group_id,
    "contracts": User.via_group_id,
}


def _stage_queries() -> dict[str, Select]:
    via = User.via_group_id

    def through_archives(counted, *joins) -> Select:
        query = select(via, func.count(counted)).select_from(User)
        query = query.join(Worker, Worker.user_id == User.id)
        for target, on in joins:
            query = query.join(target, on)
        return query.where(via.is_not(None)).group_by(via)

    signed = Contract.status.in_([str(s) for s in contract_states.SIGNED])
    return {
        "visits": select(GroupVisit.group_id, func.sum(GroupVisit.visits)).group_by(
            GroupVisit.group_id
        ),
        "accounts": select(via, func.count(User.id)).where(via.is_not(None)).group_by(via),
        "interests": through_archives(
            JobInterest.id, (JobInterest, JobInterest.worker_id == Worker.id)
        ),
        "contracts": through_archives(
            Contract.id, (Contract, (Contract.worker_id == Worker.id) & signed)
        ),
    }


async def provide_group_service(db_session: AsyncSession) -> GroupService:
    return GroupService(db_session)
