"""Reading user input: one parser per form, shared by the pages and the JSON API.

Each parser takes the raw values (strings from a form, or JSON values) and returns the cleaned
values or raises FormError with a Message per bad field. Nothing touches the database until a form is clean.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .i18n import N_, gettext

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIST_SPLIT = re.compile(r"[,，、;；/\s]+")
# Direction marks, embeddings, overrides and isolates: invisible, they make a name or a title read other
# than it is stored (a reversed employer name, a title that hides its end). No real name needs one.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Message:
    """A message id and the values to fill into it once translated."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return gettext(lang, self.msgid, **self.params)


def split_list(text: str) -> list[str]:
    """Items typed in one box, separated by commas, 、, semicolons, slashes or spaces."""
    return [item for item in _LIST_SPLIT.split(text) if item]


def strip_control(text: str) -> str:
    """Text without control characters (PostgreSQL refuses NUL in text; none of them mean anything)."""
    return _CONTROL.sub("", text)


class FormError(Exception):
    """A form that is not clean; ``errors`` maps each bad field to a Message."""

    def __init__(self, errors: dict[str, Message], values: dict[str, Any] | None = None) -> None:
        super().__init__(errors)
        self.errors = errors
        self.values = values or {}


@dataclass
class Reader:
    """Collects the errors of one form while its fields are read."""

    raw: dict[str, Any]
    errors: dict[str, Message] = field(default_factory=dict)

    def fail(self, name: str, message: str, **params: Any) -> None:
        self.errors.setdefault(name, Message(message, params))

    def text(self, name: str, *, min_len: int = 1, max_len: int, required: bool = True) -> str:
        value = self.raw.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(name, N_("Please enter text."))
            return ""
        value = _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()
        if not value:
            if required:
                self.fail(name, N_("This field is required."))
            return ""
        if len(value) < min_len:
            self.fail(name, N_("Too short."))
        elif len(value) > max_len:
            self.fail(name, N_("Too long: at most %(max)s characters."), max=max_len)
        return value

    def name(self, name: str, *, min_len: int = 1, max_len: int, required: bool = True) -> str:
        """A name or a title (a person's, an employer's, a vacancy's): text without direction controls."""
        value = self.text(name, min_len=min_len, max_len=max_len, required=required)
        if _BIDI.search(value):
            self.fail(
                name, N_("Please remove the hidden text-direction characters from this name.")
            )
        return value

    def integer(self, name: str, *, low: int, high: int, required: bool = True) -> int | None:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, N_("This field is required."))
            return None
        if isinstance(value, bool):
            self.fail(name, N_("Please enter a whole number."))
            return None
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(",", "")
            if not re.fullmatch(r"-?\d{1,9}", value):
                self.fail(name, N_("Please enter a whole number."))
                return None
            value = int(value)
        if not isinstance(value, int):
            self.fail(name, N_("Please enter a whole number."))
            return None
        if not low <= value <= high:
            self.fail(name, N_("Must be between %(low)s and %(high)s."), low=low, high=high)
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, bool):
            return value
        return str(value or "").strip().lower() in {"1", "true", "on", "yes"}

    def choice(self, name: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.raw.get(name) or default
        if value not in choices:
            self.fail(name, N_("Please choose one of the options."))
            return choices[0]
        return value

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self.raw.get(name)
        if not value:
            if required:
                self.fail(name, N_("This field is required."))
            return None
        try:
            return dt.date.fromisoformat(unicodedata.normalize("NFKC", str(value)).strip())
        except ValueError:
            self.fail(name, N_("Please enter a date like 2027-02-15."))
            return None

    def words(
        self, name: str, *, max_items: int, max_len: int, required: bool = False
    ) -> list[str]:
        """A list given as a JSON array or as text separated by commas, 、 or spaces."""
        value = self.raw.get(name)
        if isinstance(value, str):
            items = split_list(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = value
        elif value is None:
            items = []
        else:
            self.fail(name, N_("Please enter text."))
            return []
        cleaned = []
        for item in items:
            item = _CONTROL.sub("", item).strip()
            if item and item not in cleaned:
                cleaned.append(item)
        if required and not cleaned:
            self.fail(name, N_("This field is required."))
        elif len(cleaned) > max_items:
            self.fail(name, N_("Too many: at most %(max)s."), max=max_items)
        elif any(len(item) > max_len for item in cleaned):
            self.fail(name, N_("Each item may have at most %(max)s characters."), max=max_len)
        return cleaned

    def done(self) -> None:
        if self.errors:
            raise FormError(self.errors, self.raw)
