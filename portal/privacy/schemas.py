"""The worker's data-rights API, as /schema documents it."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc

from ..accounts.service import MAX_PASSWORD


class ConsentForm(msgspec.Struct, kw_only=True):
    """Whether employers may see the archive among the candidates of their vacancies. Staff see it
    either way; false takes it off every employer's list at once."""

    consent: bool


class SharingAnswer(msgspec.Struct, kw_only=True):
    shared: Annotated[bool, Doc(description="employers see the archive among candidates")]


class DeleteForm(msgspec.Struct, kw_only=True):
    """The account's password. Wrong tries are counted as failed logins (429 after 5 within 15
    minutes)."""

    password: Annotated[str, Doc(max_length=MAX_PASSWORD)]


class Deleted(msgspec.Struct, kw_only=True):
    """The account and the archive are gone, and this session with them. Signed contracts keep the
    masked name, the number and the employer."""

    deleted: bool = True
