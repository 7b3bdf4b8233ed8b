"""Attempts that must be limited (password checks, registrations), counted in one table.

Each attempt is written and committed BEFORE the work it guards, and only then counted. Every
request's count includes its own row and every row committed before it, so the k-th attempt to
commit counts at least k: however many arrive at once, no more than the limit get through, on
SQLite and PostgreSQL alike and across app workers. A refused attempt deletes its own row, so
trying again and again does not make the wait longer.

Rows live in ``login_failure``: ``phone`` holds the key (a phone number for a login; ``~r:`` and
the registration check's nonce for a registration, never a phone), ``ip`` the client address.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import LoginFailure, utcnow

REGISTRATION = "~r:"
CODE = "~c:"  # a typed access code, keyed by the phone it was typed for
KINDS = {
    "login": LoginFailure.phone.not_like("~%"),
    "registration": LoginFailure.phone.like(REGISTRATION + "%"),
    "code": LoginFailure.phone.like(CODE + "%"),
}
SWEEP_SECONDS = 60.0
_last_sweep: dict[str, float] = {}  # per kind, in this process


@dataclass(frozen=True)
class Limit:
    where: ColumnElement[bool]  # the rows this limit counts (within the window)
    most: int
    name: str  # which limit refused, for the caller's message


class Attempts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def login(
        self, phone: str, ip: str, *, per_phone: int, per_address: int, window: dt.timedelta
    ) -> str | None:
        """Reserve a password check; None if allowed (the row stays as a failure until cleared)."""
        return await self._reserve(
            phone,
            ip,
            window,
            "login",
            [
                Limit((LoginFailure.phone == phone) & (LoginFailure.ip == ip), per_phone, "phone"),
                Limit(KINDS["login"] & (LoginFailure.ip == ip), per_address, "address"),
            ],
        )

    async def code(
        self, phone: str, ip: str, *, per_phone: int, per_address: int, window: dt.timedelta
    ) -> str | None:
        """Reserve a try of an access code, counted like a login's password check."""
        key = CODE + phone
        return await self._reserve(
            key,
            ip,
            window,
            "code",
            [
                Limit((LoginFailure.phone == key) & (LoginFailure.ip == ip), per_phone, "phone"),
                Limit(KINDS["code"] & (LoginFailure.ip == ip), per_address, "address"),
            ],
        )

    async def code_succeeded(self, phone: str, ip: str) -> None:
        await self.login_succeeded(CODE + phone, ip)

    async def login_succeeded(self, phone: str, ip: str) -> None:
        """The right password: this phone's failures from this address are forgiven."""
        await self.session.execute(
            delete(LoginFailure).where(LoginFailure.phone == phone, LoginFailure.ip == ip)
        )
        await self.session.commit()

    async def registration(
        self, nonce: str, ip: str, *, per_address: int, window: dt.timedelta
    ) -> str | None:
        """Use up a registration check and count the address; None if allowed, else "reused" or "address"."""
        key = REGISTRATION + nonce
        return await self._reserve(
            key,
            ip,
            window,
            "registration",
            [
                Limit(LoginFailure.phone == key, 1, "reused"),
                Limit(KINDS["registration"] & (LoginFailure.ip == ip), per_address, "address"),
            ],
        )

    async def _reserve(
        self, key: str, ip: str, window: dt.timedelta, kind: str, limits: list[Limit]
    ) -> str | None:
        now = utcnow()
        since = now - window
        await self._sweep(kind, since)
        row = LoginFailure(phone=key, ip=ip, at=now)
        self.session.add(row)
        await self.session.commit()
        for limit in limits:
            count = await self.session.scalar(
                select(func.count()).where(limit.where, LoginFailure.at >= since)
            )
            if (count or 0) > limit.most:
                # A statement, not session.delete: a right password elsewhere may have removed it already.
                await self.session.execute(delete(LoginFailure).where(LoginFailure.id == row.id))
                await self.session.commit()
                return limit.name
        return None

    async def _sweep(self, kind: str, since: dt.datetime) -> None:
        """Rows older than the window count for nothing any more; removed now and then, not per request,
        so concurrent requests do not queue (or deadlock) deleting the same rows."""
        if time.monotonic() - _last_sweep.get(kind, -SWEEP_SECONDS) < SWEEP_SECONDS:
            return
        _last_sweep[kind] = time.monotonic()
        try:
            await self.session.execute(
                delete(LoginFailure).where(KINDS[kind], LoginFailure.at < since)
            )
            await self.session.commit()
        except DBAPIError:  # another app worker sweeping the same rows: it will finish the job
            await self.session.rollback()
