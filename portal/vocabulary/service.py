"""The search vocabulary: the shipped synonym file plus the groups staff add, without a deploy.

Every process keeps the current ``Lexicon`` in a ``Vocabulary``; the indexer loop refreshes it when
the staff groups change (any process may have changed them) and pushes the synonyms to Meilisearch
through the outbox, so an outage delays the push but loses nothing.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import TradeVocabulary
from search.lexicon import Group, Lexicon
from search.normalize import normalize

from ..forms import FormError, Message, Reader
from ..i18n import N_
from ..models import SearchOutbox, SynonymGroup, User
from ..reference import townships
from . import trades

KINDS = ("trade", "certificate", "policy")
MAX_GROUPS = 2_000  # staff groups; far beyond a county's need, a bound against a runaway script
_SEPARATORS = re.compile(r"[\s,，、;；/|=＝]+")
_TERM = re.compile(r"^[\u3400-\u9fffa-z0-9]{2,10}$")


@lru_cache(maxsize=4)  # a lexicon is never changed once built: apps in one process share it
def _lexicon(staff_groups: tuple[Group, ...]) -> Lexicon:
    return Lexicon.load(staff_groups, extra_words=_place_words())


def _place_words() -> list[str]:
    """Township names, full and short (金溪镇, 金溪): read from pinyin too (jinxi)."""
    words = []
    for t in townships():
        words.append(t.name)
        words.append(t.name[:-2] if t.name.endswith("街道") else t.name[:-1])
    return words


class Vocabulary:
    """The lexicon this process searches with, and the version of the staff groups it was built from."""

    def __init__(self) -> None:
        self.version: tuple[int, int] | None = None
        self.lexicon = _lexicon(())
        self._trades: TradeVocabulary | None = None
        self._building: asyncio.Future[TradeVocabulary] | None = None

    def warm(self) -> None:
        """Start building the trade vocabulary in a thread, if it is not built or being built."""
        if self._trades is None and self._building is None:
            self._building = asyncio.ensure_future(
                asyncio.to_thread(trades.build, self.lexicon.groups)
            )

    async def trades(self) -> TradeVocabulary:
        """The occupations with this lexicon's trade words. Built once, in a thread (a few seconds:
        the classification's task texts are cut into words), so no request blocks the others."""
        if self._trades is not None:
            return self._trades
        self.warm()
        building = self._building
        built = await asyncio.shield(building)
        if self._building is building:  # the lexicon did not change meanwhile
            self._trades = built
        return built

    async def refresh(self, session: AsyncSession) -> bool:
        """Rebuild if the staff groups changed since the last look; True when rebuilt."""
        count, last = (await session.execute(select(func.count(), func.max(SynonymGroup.id)))).one()
        version = (count, last or 0)
        if version == self.version:
            return False
        rows = await session.scalars(select(SynonymGroup).order_by(SynonymGroup.id))
        groups = [
            Group(r.kind, r.terms[0], tuple(r.terms), origin="staff") for r in rows if r.terms
        ]
        self.lexicon = _lexicon(tuple(groups))
        self._trades, self._building = None, None
        self.version = version
        return True


@dataclass(frozen=True)
class GroupForm:
    kind: str
    terms: list[str]


def parse_group_form(raw: dict[str, Any]) -> GroupForm:
    r = Reader(raw)
    kind = r.choice("kind", KINDS, default="trade")
    text = r.text("terms", min_len=2, max_len=400)
    terms = list(dict.fromkeys(normalize(t) for t in _SEPARATORS.split(text or "") if t.strip()))
    if text and len(terms) < 2:
        r.fail("terms", N_("Give at least two words that mean the same."))
    elif text and len(terms) > 30:
        r.fail("terms", N_("At most %(n)s words in one group."), n=30)
    elif text and (bad := [t for t in terms if not _TERM.match(t)]):
        r.fail(
            "terms",
            N_("Each word has 2 to 10 Chinese characters, letters or digits: %(word)s"),
            word=bad[0][:12],
        )
    r.done()
    return GroupForm(kind, terms)


class VocabularyService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def staff_groups(self) -> list[SynonymGroup]:
        return list(
            await self.session.scalars(select(SynonymGroup).order_by(SynonymGroup.id.desc()))
        )

    async def add(self, user: User, form: GroupForm) -> SynonymGroup:
        count = await self.session.scalar(select(func.count()).select_from(SynonymGroup)) or 0
        if count >= MAX_GROUPS:
            raise FormError({"terms": Message(N_("The vocabulary is full; remove a group first."))})
        group = SynonymGroup(kind=form.kind, terms=form.terms, created_by_id=user.id)
        self.session.add(group)
        self.session.add(SearchOutbox(entity="settings", entity_id=0))
        await self.session.commit()
        return group

    async def remove(self, group_id: int) -> bool:
        result = await self.session.execute(delete(SynonymGroup).where(SynonymGroup.id == group_id))
        if result.rowcount:
            self.session.add(SearchOutbox(entity="settings", entity_id=0))
        await self.session.commit()
        return bool(result.rowcount)


async def provide_vocabulary_service(db_session: AsyncSession) -> VocabularyService:
    return VocabularyService(db_session)
