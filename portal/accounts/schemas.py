"""The login API's shapes, as /schema documents them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.params import KwargDefinition as Doc

from .service import MAX_PASSWORD, ROLES


class LoginForm(msgspec.Struct, kw_only=True):
    """Phone and password. Failures are counted per phone and per address: after 5 for one phone (20
    from one address) within 15 minutes the answer is 429 until the window has passed."""

    phone: Annotated[str, Doc(description="11-digit mobile number; +86, spaces and dashes allowed")]
    password: Annotated[str, Doc(max_length=MAX_PASSWORD)]


class LoginCard(msgspec.Struct, kw_only=True):
    """Who is logged in. Later writes send ``csrf_token`` (also the ``csrftoken`` cookie's value) as
    the ``x-csrftoken`` header."""

    id: int
    role: Literal[ROLES]
    display_name: str
    csrf_token: str


class LoggedOut(msgspec.Struct):
    ok: bool = True


class SignUpForm(msgspec.Struct, kw_only=True):
    """A worker's sign-up. Sign-ups are counted per client address (30 an hour)."""

    phone: Annotated[str, Doc(description="11-digit mobile number; +86, spaces and dashes allowed")]
    password: Annotated[
        str,
        Doc(
            min_length=8,
            max_length=MAX_PASSWORD,
            description="not a common password, not containing the phone number",
        ),
    ]
    name: Annotated[str, Doc(min_length=2, max_length=20)]
    claim_code: Annotated[
        str | None,
        Doc(
            max_length=40,
            description="the station's 8-character claim code for this phone (dashes, spaces, "
            "lower case allowed): the station's archive becomes the account's",
        ),
    ] = None


class SignUpCard(msgspec.Struct, kw_only=True):
    """The new account, logged in (the ``csrftoken`` cookie is set as for a login)."""

    id: int
    role: Literal["worker"]
    worker_id: int | None


class ResetForm(msgspec.Struct, kw_only=True):
    """A new password with a reset code from the station; tries are counted like logins."""

    phone: Annotated[str, Doc(description="the account's 11-digit mobile number")]
    code: Annotated[str, Doc(max_length=40, description="the station's 8-character reset code")]
    password: Annotated[str, Doc(min_length=8, max_length=MAX_PASSWORD)]


class ResetDone(msgspec.Struct):
    ok: bool = True


class ClaimForm(msgspec.Struct, kw_only=True):
    code: Annotated[str, Doc(max_length=40, description="the station's claim code for your phone")]


class Claimed(msgspec.Struct, kw_only=True):
    worker_id: int


class CodeForm(msgspec.Struct, kw_only=True):
    purpose: Annotated[
        Literal["claim", "reset"],
        Doc(description="claim: link the archive to a new account; reset: set a new password"),
    ]


class CodeCard(msgspec.Struct, kw_only=True):
    """Shown once: only its hash is kept. Read it aloud or print the slip."""

    code: str
    purpose: Literal["claim", "reset"]
    expires_at: dt.datetime
    register_url: str | None
