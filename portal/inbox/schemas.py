"""The inbox as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

KIND = Literal["match", "job_ended", "contract", "report", "measure"]


class InboxLine(msgspec.Struct, kw_only=True):
    """One change for the worker. ``kind``: match (a new vacancy that fits), job_ended (one they were
    interested in closed or expired: ``detail`` says which), contract (``detail`` is its new status),
    report (``detail`` is the outcome: removed / dismissed), measure (a measure newly applies)."""

    kind: KIND
    subject_id: int
    detail: str
    text: str
    link: str | None
    at: dt.datetime
    is_new: bool


class InboxPage(msgspec.Struct, kw_only=True):
    unread: int
    lines: list[InboxLine]
