"""Comparing skill names written by different people."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from opencc import OpenCC
from rapidfuzz import fuzz

_T2S = OpenCC("t2s")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Simplified, half-width, case-folded, no spaces: 電焊 and ＤＢ and 电 焊 compare equal."""
    return "".join(_T2S.convert(unicodedata.normalize("NFKC", text)).casefold().split())


@lru_cache(maxsize=65536)
def skill_similarity(have: str, want: str) -> int:
    """0-100: how well a skill the worker has covers a skill the job asks for.

    Equal names are 100. A name of two or more characters inside the other (焊工 in 电焊工) is a
    strong sign in Chinese trade names, which add a qualifier to a shared head, so it scores 85.
    Known false friend: 车工 (lathe) inside 叉车工 (forklift); only a trade vocabulary fixes that. Otherwise rapidfuzz's ratio,
    which is a weak judge of Chinese skill names; it only breaks ties among near-spellings.
    """
    a, b = fold(have), fold(want)
    if not a or not b:
        return 0
    if a == b:
        return 100
    if min(len(a), len(b)) >= 2 and (a in b or b in a):
        return 85
    return int(fuzz.ratio(a, b) * 0.7)
