"""Accounts: phone-and-password login with a limit on repeated failures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import TooManyAttempts
from ..forms import FormError, Message
from ..i18n import N_
from ..models import User
from ..runtime import Runtime
from ..security import clean_phone, hash_password, hash_password_async, verify_password_async
from .attempts import Attempts

ROLES = ("worker", "employer", "staff", "admin")
MAX_PASSWORD = 200  # characters; a longer one is refused before it is hashed


class AccountService:
    def __init__(
        self,
        session: AsyncSession,
        *,
        max_failures: int = 5,
        max_failures_per_address: int = 20,
        window_seconds: int = 900,
    ) -> None:
        self.session = session
        self.max_failures, self.per_address = max_failures, max_failures_per_address
        self.window = dt.timedelta(seconds=window_seconds)

    async def login(self, phone_raw: str, password: str, ip: str = "") -> User:
        """The user for this phone and password; FormError with a message, or TooManyAttempts."""
        phone = clean_phone(phone_raw if isinstance(phone_raw, str) else "")
        if phone is None:
            raise FormError({"phone": Message(N_("Please enter an 11-digit mobile number."))})
        if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD:
            raise FormError({"password": Message(N_("Please enter your password."))})
        ip = ip[:45]
        attempts = Attempts(self.session)
        # Counted as a failure before the password is checked, so concurrent guesses cannot all slip in.
        if await attempts.login(
            phone, ip, per_phone=self.max_failures, per_address=self.per_address, window=self.window
        ):
            raise TooManyAttempts
        user = await self.session.scalar(select(User).where(User.phone == phone))
        # Its connection back to the pool while the password is checked: logins queued for a hashing
        # slot would otherwise hold every connection and stall all other requests.
        await self.session.commit()
        if (
            not await verify_password_async(user.password_hash if user else None, password)
            or not user.is_active
        ):
            # Same message for an unknown phone and a wrong password: no telling which numbers exist.
            raise FormError({"password": Message(N_("Wrong phone number or password."))})
        await attempts.login_succeeded(phone, ip)
        return user


def new_user(phone: str, password: str, role: str, display_name: str, **links: int | None) -> User:
    """Hashes on the spot: for seeds, tests and the command line (requests use ``new_user_async``)."""
    return _user(phone, hash_password(password), role, display_name, **links)


async def new_user_async(
    phone: str, password: str, role: str, display_name: str, **links: int | None
) -> User:
    return _user(phone, await hash_password_async(password), role, display_name, **links)


def _user(
    phone: str, password_hash: str, role: str, display_name: str, **links: int | None
) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return User(
        phone=phone, password_hash=password_hash, role=role, display_name=display_name, **links
    )


async def provide_account_service(db_session: AsyncSession, runtime: Runtime) -> AccountService:
    """With the limits on failed logins this deployment is configured with."""
    s = runtime.settings
    return AccountService(
        db_session,
        max_failures=s.login_max_failures,
        max_failures_per_address=s.login_max_failures_per_address,
        window_seconds=s.login_window_seconds,
    )
