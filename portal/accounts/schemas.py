"""The login API's shapes, as /schema documents them."""

from __future__ import annotations

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
