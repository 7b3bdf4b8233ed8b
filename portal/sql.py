"""Small database helpers shared by the services."""

from __future__ import annotations


def contains(column, text: str):
    """``column LIKE %text%`` with ``%``, ``_`` and ``\\`` in ``text`` matched literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")
