"""One-time codes staff hand a worker: ``claim`` links the station's archive to an account, ``reset``
sets a new password. We have no SMS gateway; staff who know their workers are the second factor.

A code is 8 characters from an alphabet with nothing that reads like something else (no 0/O, 1/I/L),
so it can be read aloud over a phone call; typed codes forgive case, spaces, dashes and full-width
letters. Only a keyed hash is stored (HMAC with the portal's secret: 31^8 codes are too few to hash
unkeyed). A code works with one phone, once, for 14 days; five wrong codes for a phone end its codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..forms import FormError, Message
from ..i18n import N_
from ..models import AccessCode, AuditLog, User, Worker, aware, utcnow

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
VALID = dt.timedelta(days=14)
MAX_TRIES = 5
PURPOSES = ("claim", "reset")

WRONG = N_("This code is not right for this mobile number. Please check it letter by letter.")
EXPIRED = N_("This code has expired. Please ask your service station for a new one.")
USED = N_("This code has already been used. Please ask your service station for a new one.")
TOO_MANY_WRONG = N_(
    "Too many wrong codes for this mobile number. Please ask your service station for a new code."
)
NO_ACCOUNT = N_("This archive has no account yet: give the worker a claim code instead.")
HAS_ACCOUNT = N_("This archive already belongs to an account: give a code to get back in instead.")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """ABCD-EFGH: two groups of four are easier to read aloud and to copy."""
    return f"{code[:4]}-{code[4:]}"


def read_code(typed: object) -> str | None:
    """The code as issued from what was typed, or None if it cannot be one."""
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    text = unicodedata.normalize("NFKC", typed).upper()
    text = "".join(ch for ch in text if ch not in " -_.\u3000")
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def code_hash(secret: str, code: str) -> str:
    return hmac.new(secret.encode(), f"access-code:{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Issued:
    code: str
    expires_at: dt.datetime
    worker: Worker


class AccessCodes:
    def __init__(self, session: AsyncSession, secret: str) -> None:
        self.session, self.secret = session, secret

    async def issue(self, worker: Worker, purpose: str, staff: User) -> Issued:
        """A new code for this archive (its earlier unused codes of the purpose stop working); the
        handing out is audited."""
        if purpose == "reset" and worker.user_id is None:
            raise FormError({"purpose": Message(NO_ACCOUNT)})
        if purpose == "claim" and worker.user_id is not None:
            raise FormError({"purpose": Message(HAS_ACCOUNT)})
        now = utcnow()
        await self.session.execute(
            update(AccessCode)
            .where(
                AccessCode.worker_id == worker.id,
                AccessCode.purpose == purpose,
                AccessCode.used_at.is_(None),
            )
            .values(expires_at=now)
        )
        code = new_code()
        row = AccessCode(
            purpose=purpose,
            code_hash=code_hash(self.secret, code),
            phone=worker.phone,
            worker_id=worker.id,
            user_id=worker.user_id,
            created_by_id=staff.id,
            created_at=now,
            expires_at=now + VALID,
        )
        self.session.add(row)
        self.session.add(
            AuditLog(
                actor_id=staff.id,
                action=f"code_{purpose}",
                subject_type="worker",
                subject_id=worker.id,
            )
        )
        await self.session.commit()
        return Issued(code, row.expires_at, worker)

    async def redeem(self, phone: str, typed: object, purpose: str) -> AccessCode:
        """The code's row if it may be used now (the caller marks it used with its own work, so both are
        committed together or not at all); a FormError on the ``code`` field otherwise, with every
        wrong try counted against the phone's live codes."""
        code = read_code(typed)
        now = utcnow()
        live = await self._live(phone, purpose, now)
        if live and all(c.tries >= MAX_TRIES for c in live):
            raise FormError({"code": Message(TOO_MANY_WRONG)})
        found = None
        if code is not None:
            found = await self.session.scalar(
                select(AccessCode).where(AccessCode.code_hash == code_hash(self.secret, code))
            )
        if found is None or found.phone != phone or found.purpose != purpose:
            await self._count_wrong(live)
            raise FormError({"code": Message(WRONG)})
        if found.used_at is not None:
            raise FormError({"code": Message(USED)})
        if aware(found.expires_at) <= now:
            raise FormError({"code": Message(EXPIRED)})
        if found.tries >= MAX_TRIES:
            raise FormError({"code": Message(TOO_MANY_WRONG)})
        return found

    async def find_live(self, worker: Worker, typed: object, purpose: str) -> AccessCode | None:
        """This archive's code as typed, if it still works (to print its slip again)."""
        code = read_code(typed)
        if code is None:
            return None
        row = await self.session.scalar(
            select(AccessCode).where(AccessCode.code_hash == code_hash(self.secret, code))
        )
        usable = (
            row is not None
            and row.worker_id == worker.id
            and row.purpose == purpose
            and row.used_at is None
            and aware(row.expires_at) > utcnow()
        )
        return row if usable else None

    async def _live(self, phone: str, purpose: str, now: dt.datetime) -> list[AccessCode]:
        query = select(AccessCode).where(
            AccessCode.phone == phone,
            AccessCode.purpose == purpose,
            AccessCode.used_at.is_(None),
            AccessCode.expires_at > now,
        )
        return list(await self.session.scalars(query))

    async def _count_wrong(self, live: list[AccessCode]) -> None:
        """A wrong code counts against every live code of the phone, committed at once: guessing
        ends the real code after MAX_TRIES, whatever else the request does."""
        if live:
            await self.session.execute(
                update(AccessCode)
                .where(AccessCode.id.in_([c.id for c in live]))
                .values(tries=AccessCode.tries + 1)
            )
            await self.session.commit()
