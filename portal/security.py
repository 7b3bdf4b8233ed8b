"""Passwords, phone and ID numbers, masking, signed tokens, the registration check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
import unicodedata

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

_hasher = PasswordHasher()
# Province-level codes of the mainland (GB/T 2260), the first two digits of a resident ID.
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    ]
)
_PHONE = re.compile(r"^1[3-9]\d{9}$")
# Verifying against this keeps an unknown phone as slow as a wrong password (no user enumeration).
_DUMMY_HASH = _hasher.hash("not-a-real-password")
# argon2 takes ~50 ms of CPU and 64 MiB by design. Requests hash in worker threads (the event loop
# keeps serving meanwhile), at most this many at once per process; more wait for a turn.
_HASHING = anyio.CapacityLimiter(4)


def hash_password(password: str) -> str:
    """Blocking: for seeds, tests and the command line; requests use ``hash_password_async``."""
    return _hasher.hash(password)


async def hash_password_async(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password, limiter=_HASHING)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    return await anyio.to_thread.run_sync(
        verify_password, password_hash, password, limiter=_HASHING
    )


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def clean_phone(raw: str) -> str | None:
    """A mainland mobile number as 11 digits, or None. Accepts full-width digits, spaces, +86."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = re.sub(r"[\s\-()]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    return text if _PHONE.match(text) else None


def clean_id_number(raw: str) -> str | None:
    """A valid 18-character resident ID number, or None.

    python-stdnum checks the digits, the birth date and the check digit. Its ``is_valid`` also requires
    the region code to have existed in the holder's birth year, which rejects real numbers: Peng'an's
    code became 511323 in 1993 and numbers issued since then to people born earlier carry it (a
    worker born in 1975 may hold 511323 1975...). So the region is checked for its province only.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip().upper().replace(" ", "")
    if len(text) != 18 or not text[:17].isdigit() or text[:2] not in _PROVINCES:
        return None
    try:
        ric.get_birth_date(text)
    except ValidationError:
        return None
    return text if ric.calc_check_digit(text) == text[-1] else None


def clean_credit_code(raw: str) -> str | None:
    """A valid unified social credit code (统一社会信用代码), upper case, or None.

    Typed as people type it: full-width characters, lower case, spaces or hyphens between groups are
    put right first; python-stdnum checks the alphabet, the length and the check character."""
    text = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw or "")).upper()
    return text if len(text) == 18 and uscc.is_valid(text) else None


def mask_id_number(number: str) -> str:
    """511323********1234: the region and the last four, never the birth date."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str) -> str:
    """张*栋 for three characters, 张* for two: enough to recognise, not to identify."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else "***"


def sign(secret: str, purpose: str, value: str) -> str:
    """A URL-safe token binding ``value`` to ``purpose``; it cannot be forged without the secret."""
    mac = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).digest()[:18]
    return f"{value}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def unsign(secret: str, purpose: str, token: str) -> str | None:
    value, _, _ = (token or "").rpartition(".")
    # compare_digest raises on non-ASCII text; no token the portal makes has any, so it is simply not valid.
    if not value or len(token) > 200 or not token.isascii():
        return None
    return value if hmac.compare_digest(sign(secret, purpose, value), token) else None


CHALLENGE_SECONDS = 1800  # time to fill in the registration form on a phone


def new_challenge(secret: str) -> tuple[str, int, int]:
    """A signed one-time sum for a public form: (token, a, b); the form must answer a + b."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    value = f"{secrets.token_hex(8)}-{int(time.time()) + CHALLENGE_SECONDS}-{a}-{b}"
    return sign(secret, "challenge", value), a, b


def read_challenge(secret: str, token: str) -> tuple[str, int] | None:
    """(nonce, the right answer) of a token this server signed that has not expired, else None."""
    value = unsign(secret, "challenge", token if isinstance(token, str) else "")
    parts = (value or "").split("-")
    if len(parts) != 4 or not all(p.isdigit() for p in parts[1:]) or int(parts[1]) < time.time():
        return None
    return parts[0], int(parts[2]) + int(parts[3])
