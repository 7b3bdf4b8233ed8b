"""Rewriting a query that found nothing into one Meilisearch can match."""

from __future__ import annotations

import logging

import jieba

jieba.setLogLevel(logging.WARNING)


def split_words(q: str) -> str | None:
    """The query cut into words (创业贷款 -> 创业 贷款), or None when cutting changes nothing.

    Meilisearch's tokenizer keeps some Chinese phrases whole, so a phrase the documents only hold
    in parts (创业担保贷款 has 创业 and 贷款) finds nothing; its words do.
    """
    words: list[str] = []
    for word in jieba.cut_for_search(q):
        word = word.strip()
        if len(word) > 1 and word not in words:
            words.append(word)
    rewritten = " ".join(words)
    return rewritten if rewritten and rewritten != q else None
