"""Pinyin for documents and queries: toneless syllables, and splitting typed pinyin into them."""

from __future__ import annotations

import re
from functools import lru_cache

import pypinyin.pinyin_dict
from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_normal

_HAN = re.compile(r"[\u3400-\u9fff]")
MAX_SYLLABLE = 6  # zhuang, shuang, chuang


def _syllables() -> frozenset[str]:
    found = set()
    for readings in pypinyin.pinyin_dict.pinyin_dict.values():
        for reading in readings.split(","):
            found.add(to_normal(reading).replace("ü", "v"))
    # Interjection-only readings that would split ordinary pinyin wrongly (hm, ng, m, n ...).
    return frozenset(s for s in found if len(s) > 1 or s in {"a", "e", "o"}) - {
        "hm",
        "hng",
        "ng",
        "ê",
    }


SYLLABLES = _syllables()


def is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def han_syllables(text: str) -> list[str]:
    """One toneless syllable per Chinese character of ``text`` (context picks the reading)."""
    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=False, errors="ignore")


@lru_cache(maxsize=4096)
def split_syllables(latin: str) -> tuple[str, ...] | None:
    """``dianhan`` -> ("dian", "han"); None when ``latin`` is not pinyin (cnc, abc).

    Dynamic programming for the fewest syllables, the usual reading (xian is xian, not xi an).
    """
    n = len(latin)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_SYLLABLE), end):
            head = best[start]
            piece = latin[start:end]
            if head is not None and piece in SYLLABLES:
                candidate = (*head, piece)
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[n]


def text_pinyin(text: str) -> str:
    """Space-separated syllables of the Chinese in ``text``; other words kept as they are."""
    out: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff]+|[a-z0-9]+", text):
        out.extend(han_syllables(run) if is_han(run[0]) else [run])
    return " ".join(out)
