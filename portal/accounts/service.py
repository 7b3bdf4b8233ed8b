"""Accounts: phone-and-password login with a limit on repeated failures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..forms import FormError, Message
from ..i18n import N_
from ..models import LoginFailure, User, utcnow
from ..security import clean_phone, hash_password, verify_password

ROLES = ("worker", "employer", "staff", "admin")


class TooManyAttempts(Exception):
    """Too many failed logins for one phone number within the window."""


class AccountService:
    def __init__(self, session: AsyncSession, *, max_failures: int = 5, window_seconds: int = 900) -> None:
        self.session = session
        self.max_failures = max_failures
        self.window = dt.timedelta(seconds=window_seconds)

    async def login(self, phone_raw: str, password: str, ip: str = "") -> User:
        """The user for this phone and password; FormError with a message, or TooManyAttempts."""
        phone = clean_phone(phone_raw if isinstance(phone_raw, str) else "")
        if phone is None:
            raise FormError({"phone": Message(N_("Please enter an 11-digit mobile number."))})
        if not isinstance(password, str) or not password or len(password) > 200:
            raise FormError({"password": Message(N_("Please enter your password."))})
        ip = ip[:45]
        if await self._recent_failures(phone, ip) >= self.max_failures:
            raise TooManyAttempts
        user = await self.session.scalar(select(User).where(User.phone == phone))
        if not verify_password(user.password_hash if user else None, password) or not user.is_active:
            await self.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - self.window))
            self.session.add(LoginFailure(phone=phone, ip=ip))
            await self.session.commit()
            # Same message for an unknown phone and a wrong password: no telling which numbers exist.
            raise FormError({"password": Message(N_("Wrong phone number or password."))})
        await self.session.execute(delete(LoginFailure).where(LoginFailure.phone == phone, LoginFailure.ip == ip))
        await self.session.commit()
        return user

    async def _recent_failures(self, phone: str, ip: str) -> int:
        since = utcnow() - self.window
        query = select(func.count()).where(LoginFailure.phone == phone, LoginFailure.ip == ip, LoginFailure.at >= since)
        return await self.session.scalar(query) or 0


def new_user(phone: str, password: str, role: str, display_name: str, **links: int | None) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return User(phone=phone, password_hash=hash_password(password), role=role, display_name=display_name, **links)
