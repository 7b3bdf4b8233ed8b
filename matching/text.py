"""Comparing skill names written by different people."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Simplified, half-width, case-folded, no spaces: 電焊 and ＤＢ and 电 焊 compare equal."""
    return "".join(_T2S.convert(unicodedata.normalize("NFKC", text)).casefold().split())
