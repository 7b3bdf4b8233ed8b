"""A body the API's schema refuses (a missing field, a value of the wrong type) is answered like a
form the reader refused: one message per field, in the reader's language.

Litestar decodes a request body into its typed schema with msgspec before the handler runs; msgspec
says what is wrong in English developer's words ("Expected `int`, got `str`"). Those are read here
into the portal's own messages."""

from __future__ import annotations

import re
from typing import Any

from .forms import Message
from .i18n import N_

_MISSING = re.compile(r"missing required field `(\w+)`")
_FIELD = re.compile(r"^\$?\.?(\w+)")
_READINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Expected `int`|Expected `float`"), N_("Please enter a whole number.")),
    (re.compile(r"Expected `str`, got"), N_("Please enter text.")),
    (re.compile(r"Expected `bool`"), N_("Please answer yes or no (true or false).")),
    (re.compile(r"Expected `array`"), N_("Please give a list.")),
    (re.compile(r"Expected `object`"), N_("Please give an object with named fields.")),
    (re.compile(r"date|RFC3339"), N_("Please enter a date like 2027-02-15.")),
    (re.compile(r"Invalid enum value"), N_("Please choose one of the options.")),
)
_FALLBACK = N_("This value is not valid here.")


def _field(entry: dict[str, Any]) -> str:
    message = str(entry.get("message") or "")
    if missing := _MISSING.search(message):
        return missing.group(1)
    key = _FIELD.match(str(entry.get("key") or ""))
    return key.group(1) if key and key.group(1) != "data" else "body"


def _message(text: str) -> Message:
    if _MISSING.search(text):
        return Message(N_("This field is required."))
    for pattern, msgid in _READINGS:
        if pattern.search(text):
            return Message(msgid)
    return Message(_FALLBACK)


def field_errors(extra: Any) -> dict[str, Message]:
    """Litestar's list of validation problems as ``{field: Message}`` (the first problem per field)."""
    errors: dict[str, Message] = {}
    for entry in extra if isinstance(extra, list) else []:
        if isinstance(entry, dict):
            errors.setdefault(_field(entry), _message(str(entry.get("message") or "")))
    return errors
