"""Meilisearch filter expressions, built in one place.

Values are always quoted and escaped here, never interpolated elsewhere: a quote or ``OR 1=1`` in a
value stays inside the string literal and cannot change the filter.
"""

from __future__ import annotations

from collections.abc import Iterable

_FIELD_CHARS = set("abcdefghijklmnopqrstuvwxyz_0123456789")


def _field(name: str) -> str:
    if not name or not set(name) <= _FIELD_CHARS:
        raise ValueError(f"not a filterable field name: {name!r}")
    return name


def quote(value: str | int | float | bool) -> str:
    """Quote one value as a Meilisearch string or number literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def eq(field: str, value: str | int | bool) -> str:
    return f"{_field(field)} = {quote(value)}"


def gte(field: str, value: int | float) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError("range filters take numbers only")
    return f"{_field(field)} >= {quote(value)}"


def any_of(field: str, values: Iterable[str | int]) -> str:
    quoted = ", ".join(quote(v) for v in values)
    return f"{_field(field)} IN [{quoted}]"


def all_of(*clauses: str | None) -> str | None:
    """AND together the clauses given (None entries are skipped)."""
    kept = [f"({c})" for c in clauses if c]
    return " AND ".join(kept) or None
