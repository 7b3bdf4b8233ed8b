"""Highlighted matches, moved from the normal form Meilisearch marks back onto the text as written."""

from __future__ import annotations

PRE, POST = "\x01", "\x02"  # never in indexed text: normalize() turns control characters into spaces


def segments(original: str, formatted: str | None) -> list[tuple[str, bool]]:
    """``original`` cut into (text, matched) pieces, from Meilisearch's marked normal form.

    The normal form is the same length as the original for almost every title (Traditional to
    Simplified and full-width to half-width map one character to one); when it is not, nothing is
    marked rather than the wrong characters.
    """
    if not formatted or PRE not in formatted:
        return [(original, False)]
    marks: list[bool] = []
    inside = False
    for char in formatted:
        if char == PRE:
            inside = True
        elif char == POST:
            inside = False
        else:
            marks.append(inside)
    if len(marks) != len(original):
        return [(original, False)]
    pieces: list[tuple[str, bool]] = []
    for char, marked in zip(original, marks, strict=True):
        if pieces and pieces[-1][1] == marked:
            pieces[-1] = (pieces[-1][0] + char, marked)
        else:
            pieces.append((char, marked))
    return pieces
