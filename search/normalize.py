"""One normal form for indexed text and queries: Simplified, half-width, case-folded.

Meilisearch sees only this form, so 電焊 and 电焊, ＡＢＣ and abc meet. Pages keep the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
# Control characters (but not ordinary whitespace) never carry meaning in a query.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Return the search form of ``text`` (NFKC folds full-width to half-width)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = _T2S.convert(text)
    return _SPACES.sub(" ", text).strip().casefold()


def to_simplified(text: str) -> str:
    """Traditional to Simplified only, keeping width and case (for matching names such as townships)."""
    return _T2S.convert(unicodedata.normalize("NFKC", text)).strip()
