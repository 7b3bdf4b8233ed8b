"""What a running portal holds: the database engine, the search client, the indexer loop."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from search.client import SearchClient
from search.server import MeiliServer, find_binary

from .db import make_engine, make_sessionmaker
from .effects import Effects, install
from .indexer import Indexer
from .matches.service import MatchEngine
from .settings import ROOT, Settings
from .vocabulary.service import Vocabulary

log = logging.getLogger("portal")
INSTALLED_MEILI = ROOT / "var" / "bin" / "meilisearch"


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    search: SearchClient
    indexer: Indexer
    vocabulary: Vocabulary
    matches: MatchEngine
    meili: MeiliServer | None = field(default=None)

    @classmethod
    def open(cls, settings: Settings) -> Runtime:
        """Connect to the database and to Meilisearch (starting a child server when MEILI_URL is unset)."""
        engine = make_engine(settings.database_url)
        install()
        effects = Effects()
        sessions = make_sessionmaker(engine, effects=effects)
        meili = None
        url, key = settings.meili_url, settings.meili_master_key
        if not url:
            binary = find_binary(settings.meili_bin, INSTALLED_MEILI)
            meili = MeiliServer(binary, settings.var_dir / "meili").start()
            url, key = meili.url, meili.master_key
            log.info("started Meilisearch at %s", url)
        search = SearchClient(url, key, settings.meili_index_prefix)
        vocabulary = Vocabulary()
        indexer = Indexer(sessions, search, vocabulary, settings.outbox_interval)
        matches = MatchEngine(settings.match_refresh_seconds)
        effects.kick, effects.touch = indexer.kick, matches.touch
        return cls(settings, engine, sessions, search, indexer, vocabulary, matches, meili)

    async def close(self) -> None:
        await self.indexer.stop()
        await self.search.aclose()
        await self.engine.dispose()
        if self.meili:
            self.meili.stop()
