"""Accounts: phone-and-password login with a limit on repeated failures; workers sign up, claim
the station's archive and get back in with a code staff hand them."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import TooManyAttempts
from ..forms import FormError, Message, Reader
from ..i18n import N_
from ..models import AccessCode, PhoneGroup, User, Worker, utcnow
from ..passwords import password_problem
from ..runtime import Runtime
from ..security import clean_phone, hash_password, hash_password_async, verify_password_async
from .attempts import Attempts
from .codes import USED, WRONG, AccessCodes

ROLES = ("worker", "employer", "staff", "admin")
MAX_PASSWORD = 200  # characters; a longer one is refused before it is hashed
NAME = (2, 20)  # a worker's name: 李四 to a long minority name
# One answer for a phone already registered, whatever else is true: no telling which numbers exist.
NOT_REGISTERED = N_(
    "This mobile number cannot be registered. If you have registered before, please log in; if you "
    "forgot your password, your service station can give you a code to set a new one."
)
TOO_MANY_SIGNUPS = N_(
    "Too many sign-ups from this network. Please try again in an hour, or ask your service station."
)
HAS_ARCHIVE = N_("Your account already has an archive.")


@dataclass(frozen=True)
class SignUp:
    phone: str
    password: str
    name: str
    code: str | None  # as typed; checked against the phone when redeemed


def parse_signup(raw: dict[str, Any]) -> SignUp:
    r = Reader(raw)
    phone = clean_phone(raw.get("phone") if isinstance(raw.get("phone"), str) else "")
    if phone is None:
        r.fail("phone", N_("Please enter an 11-digit mobile number."))
    password = _new_password(r, raw.get("password"), phone or "")
    name = r.name("name", min_len=NAME[0], max_len=NAME[1])
    code = raw.get("claim_code", raw.get("code"))
    if code is not None and not isinstance(code, str):
        r.fail("code", WRONG)
    r.done()
    return SignUp(phone or "", password, name, (code or "").strip() or None)


def _new_password(r: Reader, password: Any, phone: str) -> str:
    if not isinstance(password, str):
        r.fail("password", N_("The password needs at least 8 characters."))
        return ""
    if problem := password_problem(password, phone):
        r.fail("password", problem)
    return password


class AccountService:
    def __init__(
        self,
        session: AsyncSession,
        *,
        max_failures: int = 5,
        max_failures_per_address: int = 20,
        window_seconds: int = 900,
        secret: str = "",
    ) -> None:
        self.session, self.secret = session, secret
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
        user.last_seen_at = utcnow()  # committed with the forgiven failures
        await attempts.login_succeeded(phone, ip)
        return user

    async def archive_of(self, user: User) -> Worker | None:
        return await self.session.scalar(select(Worker).where(Worker.user_id == user.id))

    async def sign_up(
        self, form: SignUp, ip: str, *, per_address: int, via_code: str | None = None
    ) -> User:
        """A worker's account, logged-in-ready; with a claim code for this phone, the station's
        archive becomes theirs. A phone already registered gets NOT_REGISTERED and nothing else.
        ``via_code``: the phone group whose link this browser followed (groups/tracking.py)."""
        attempts = Attempts(self.session)
        refused = await attempts.registration(
            secrets.token_hex(8), ip[:45], per_address=per_address, window=dt.timedelta(hours=1)
        )
        if refused:
            raise TooManyAttempts(TOO_MANY_SIGNUPS)
        # Hashed before looking: a known phone must not answer faster than a new one.
        user = await new_user_async(form.phone, form.password, "worker", form.name)
        code = await self._redeem(form.phone, form.code, "claim", ip) if form.code else None
        if await self.session.scalar(select(User.id).where(User.phone == form.phone)):
            await self.session.rollback()
            raise FormError({"phone": Message(NOT_REGISTERED)})
        user.last_seen_at = utcnow()  # signing up logs in
        if via_code:
            user.via_group_id = await self.session.scalar(
                select(PhoneGroup.id).where(PhoneGroup.code == via_code)
            )
        self.session.add(user)
        try:
            await self.session.flush()
            if code is not None:
                await self._link(user, code.worker_id)
                _used(code)
            await self.session.commit()
        except IntegrityError:  # the same phone (or archive) taken a moment ago by another request
            await self.session.rollback()
            raise FormError({"phone": Message(NOT_REGISTERED)}) from None
        return user

    async def claim(self, user: User, typed: str, ip: str) -> Worker:
        """Link the archive a claim code (for this account's phone) opens; one archive per account."""
        if await self.session.scalar(select(Worker.id).where(Worker.user_id == user.id)):
            raise FormError({"code": Message(HAS_ARCHIVE)})
        code = await self._redeem(user.phone, typed, "claim", ip)
        worker = await self._link(user, code.worker_id)
        _used(code)
        try:
            await self.session.commit()
        except IntegrityError:
            await self.session.rollback()
            raise FormError({"code": Message(HAS_ARCHIVE)}) from None
        return worker

    async def reset(self, raw: dict[str, Any], ip: str) -> User:
        """A new password with a reset code; every session of the account ends."""
        r = Reader(raw)
        phone = clean_phone(raw.get("phone") if isinstance(raw.get("phone"), str) else "")
        if phone is None:
            r.fail("phone", N_("Please enter an 11-digit mobile number."))
        password = _new_password(r, raw.get("password"), phone or "")
        r.done()
        password_hash = await hash_password_async(password)
        code = await self._redeem(phone or "", raw.get("code"), "reset", ip)
        user = await self.session.get(User, code.user_id) if code.user_id else None
        if user is None or not user.is_active or user.role != "worker":
            await self.session.rollback()
            raise FormError({"code": Message(WRONG)})
        user.password_hash, user.session_version = password_hash, user.session_version + 1
        _used(code)
        await self.session.commit()
        return user

    async def _redeem(self, phone: str, typed: Any, purpose: str, ip: str) -> AccessCode:
        """The access code's row, counted like a password check (too many: TooManyAttempts)."""
        attempts = Attempts(self.session)
        if await attempts.code(
            phone,
            ip[:45],
            per_phone=self.max_failures,
            per_address=self.per_address,
            window=self.window,
        ):
            raise TooManyAttempts
        code = await AccessCodes(self.session, self.secret).redeem(phone, typed, purpose)
        await attempts.code_succeeded(phone, ip[:45])
        return code

    async def _link(self, user: User, worker_id: int | None) -> Worker:
        worker = await self.session.get(Worker, worker_id) if worker_id else None
        if worker is None or worker.user_id is not None:
            raise FormError({"code": Message(USED)})
        worker.user_id, worker.claimed_at, worker.updated_at = user.id, utcnow(), utcnow()
        return worker


def _used(code: AccessCode) -> None:
    code.used_at = utcnow()


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
        secret=s.secret_key,
    )
