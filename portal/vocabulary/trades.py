"""The trade vocabulary the portal classifies with: the 2022 classification plus search's word groups.

Search's groups (search/data/synonyms.json and staff additions) carry the names people really use;
a group with an occupation code lends all its words to that code, and a group without one lends
them to the occupation whose name or alias its canonical name is.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from matching.text import fold
from matching.trades import TradeVocabulary, read_occupations
from search.lexicon import Group


def build(groups: Iterable[Group]) -> TradeVocabulary:
    return _build(tuple(groups))


@lru_cache(maxsize=4)  # the same groups give the same vocabulary: every app in a process shares it
def _build(groups: tuple[Group, ...]) -> TradeVocabulary:
    """A group without a code or parent is adopted only when its canonical name is exactly an
    occupation's name or alias; a guess would lend all its words to the wrong trade."""
    occupations, names, texts = read_occupations()
    extra: list[tuple[str, str]] = []
    for group in groups:
        if group.kind == "trade" and (
            code := group.code or group.parent or names.get(fold(group.canonical))
        ):
            extra.extend((term, code) for term in group.terms)
    return TradeVocabulary(occupations, names, texts, extra)
