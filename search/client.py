"""Talking to Meilisearch through the official client, with our index names and settings.

Every call is synchronous (the official client is built on requests); async callers run it in a
worker thread. Any failure to reach the server surfaces as ``SearchUnavailable`` so callers can
fall back to the database instead of failing the request.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import meilisearch
import msgspec
import requests
from meilisearch.errors import MeilisearchError

from .documents import KINDS, index_settings
from .lexicon import Lexicon

# Meilisearch holds the last piece of a gzip response until the client acknowledges, adding ~40 ms
# per call on a kept-alive connection; asking for no compression avoids it (see STACK.md).
_HEADERS = {"Accept-Encoding": "identity"}


class SearchUnavailable(RuntimeError):
    """Meilisearch could not be reached or answered with an error."""


_UNORDERED = {"filterableAttributes", "sortableAttributes"}


def _differs(current, wanted, key: str) -> bool:
    if key in _UNORDERED and isinstance(current, list):
        return sorted(map(str, current)) != sorted(map(str, wanted))
    if isinstance(wanted, dict) and isinstance(current, dict) and key != "synonyms":
        return any(current.get(k) != v for k, v in wanted.items())  # Meilisearch adds its defaults
    return current != wanted


class SearchClient:
    def __init__(self, url: str, api_key: str | None, prefix: str, timeout: int = 3) -> None:
        self.url = url
        self.prefix = prefix
        self._client = meilisearch.Client(url, api_key, timeout=timeout, custom_headers=_HEADERS)
        self._api_key = api_key
        self._timeout = timeout
        self._http: aiohttp.ClientSession | None = None

    def uid(self, kind: str) -> str:
        return f"{self.prefix}_{kind}"

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (MeilisearchError, requests.RequestException) as err:
            raise SearchUnavailable(str(err)[:300]) from err

    def is_healthy(self) -> bool:
        try:
            return self._client.health().get("status") == "available"
        except (MeilisearchError, requests.RequestException):
            return False

    def ensure_indexes(self, lexicon: Lexicon, timeout_ms: int = 30_000) -> None:
        """Create the indexes if missing and apply their settings; waits until Meilisearch has."""
        for kind in KINDS:
            self.ensure_index(self.uid(kind), index_settings(kind, lexicon), timeout_ms)

    def ensure_index(self, uid: str, settings: dict[str, Any], timeout_ms: int = 30_000) -> None:
        task = self._call(self._client.create_index, uid, {"primaryKey": "id"})
        self._call(self._client.wait_for_task, task.task_uid, timeout_in_ms=timeout_ms)
        current = self._call(self._client.http.get, f"indexes/{uid}/settings")
        if any(_differs(current.get(key), value, key) for key, value in settings.items()):
            # Changing settings re-indexes every document: only when they differ, not at every start.
            task = self._call(self._client.index(uid).update_settings, settings)
            self.wait(task.task_uid, timeout_ms)

    def add_to(self, uid: str, documents: list[dict[str, Any]]) -> int:
        return self._call(self._client.index(uid).add_documents, documents, "id").task_uid

    def swap_in(self, kind: str, built_uid: str, timeout_ms: int = 60_000) -> None:
        """Make ``built_uid`` the live index of ``kind`` in one atomic step, then drop the old one.

        Searches name the live uid throughout, so none fails or sees a half-built index."""
        task = self._call(self._client.swap_indexes, [{"indexes": [self.uid(kind), built_uid]}])
        self.wait(task.task_uid, timeout_ms)
        self.wait(self._call(self._client.delete_index, built_uid).task_uid, timeout_ms)

    def delete_index(self, uid: str) -> None:
        try:
            self.wait(self._call(self._client.delete_index, uid).task_uid)
        except SearchUnavailable:
            pass  # absent already

    def upsert(self, kind: str, documents: list[dict[str, Any]]) -> int:
        """Queue documents for indexing; returns the Meilisearch task uid."""
        return self.add_to(self.uid(kind), documents)

    def delete(self, kind: str, ids: list[int]) -> int:
        # The client's delete_documents(ids=...) is deprecated; this is the endpoint it wraps.
        task = self._call(
            self._client.http.post, f"indexes/{self.uid(kind)}/documents/delete-batch", ids
        )
        return task["taskUid"]

    def clear(self, kind: str) -> int:
        """Delete every document of one index (tests start from empty); returns the task uid."""
        return self._call(self._client.index(self.uid(kind)).delete_all_documents).task_uid

    def wait(self, task_uid: int, timeout_ms: int = 30_000) -> None:
        task = self._call(self._client.wait_for_task, task_uid, timeout_in_ms=timeout_ms)
        if task.status != "succeeded":
            raise SearchUnavailable(f"task {task_uid} {task.status}: {task.error}")

    async def search(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """One search request; the hot path of every search page, on one kept-alive connection pool.

        aiohttp rather than httpx: under load httpx took a third of the portal's CPU per search here."""
        if self._http is None:
            # The official client opens a new connection per call (it uses requests without a
            # session); searches share this pool instead. Created here, in the serving event loop.
            headers = {**_HEADERS, "Content-Type": "application/json"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            self._http = aiohttp.ClientSession(
                base_url=self.url,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                auto_decompress=False,
            )
        try:
            async with self._http.post(
                f"/indexes/{self.uid(kind)}/search", data=msgspec.json.encode(body)
            ) as response:
                payload = await response.read()
        except (TimeoutError, aiohttp.ClientError) as err:
            raise SearchUnavailable(str(err)[:300] or type(err).__name__) from err
        if response.status != 200:
            raise SearchUnavailable(f"search answered {response.status}: {payload[:200]!r}")
        return msgspec.json.decode(payload)

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None
