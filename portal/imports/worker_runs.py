"""Archive imports run off the request: the page hands the file to a task of this process and
answers at once; the task keeps its progress and then its result in the ``imports`` store, which
every app worker reads (Redis when configured, else files under var/), so the page that polls may
be served by any of them. Only masked numbers are kept there."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any

from litestar.stores.base import Store

from ..i18n import gettext
from ..runtime import Runtime
from .service import ImportRefused
from .workers import HEADING, WorkerImport, import_workers

log = logging.getLogger("portal.imports")
KEPT_SECONDS = 24 * 3600
SHOWN = 300  # errors and duplicates on the page; the CSV report holds them all
_RUNNING: set[asyncio.Task] = set()  # held here, or the loop may collect a task before it ends


def as_record(result: WorkerImport, lang: str) -> dict[str, Any]:
    """The result as the page shows it and the report downloads it (messages in ``lang``)."""
    errors = [
        {
            "row": e.row,
            "column": HEADING.get(e.field, e.field),
            "problem": gettext(lang, e.msgid, **e.params),
        }
        for e in result.errors
    ]
    duplicates = [
        {"row": d.row, "column": HEADING[d.field], "file": d.file, "archive": d.archive}
        for d in result.duplicates
    ]
    return {
        "state": "done",
        "rows": result.rows,
        "imported": len(result.imported),
        "bad_rows": result.bad_rows,
        "errors": errors,
        "duplicates": duplicates,
        "strict": result.strict,
        "dry_run": result.dry_run,
    }


class ImportRuns:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def read(self, token: str) -> dict[str, Any] | None:
        if not isinstance(token, str) or len(token) > 64:
            return None
        raw = await self.store.get(token)
        return json.loads(raw) if raw else None

    async def _write(self, token: str, record: dict[str, Any]) -> None:
        await self.store.set(token, json.dumps(record, ensure_ascii=False), expires_in=KEPT_SECONDS)

    async def start(self, runtime: Runtime, job: dict[str, Any], lang: str) -> str:
        """Begin an import (``job``: station_id, data, filename, recorded_by, strict, dry_run)."""
        token = secrets.token_urlsafe(16)
        await self._write(token, {"state": "running", "done": 0, "total": 0, **_about(job)})
        task = asyncio.get_running_loop().create_task(self._run(runtime, token, job, lang))
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)
        return token

    async def _run(self, runtime: Runtime, token: str, job: dict[str, Any], lang: str) -> None:
        about = _about(job)

        async def progress(done: int, total: int) -> None:
            await self._write(token, {"state": "running", "done": done, "total": total, **about})

        try:
            trades = await runtime.vocabulary.trades()
            async with runtime.sessions() as session:
                result = await import_workers(
                    session,
                    job["station_id"],
                    job["data"],
                    job["filename"],
                    trades,
                    recorded_by=job["recorded_by"],
                    strict=job["strict"],
                    dry_run=job["dry_run"],
                    progress=progress,
                )
            await self._write(token, {**as_record(result, lang), **about})
        except ImportRefused as refused:
            await self._write(token, {"state": "refused", "error": refused.render(lang), **about})
        except Exception:
            log.exception("archive import %s failed", token)
            await self._write(token, {"state": "failed", **about})


def _about(job: dict[str, Any]) -> dict[str, Any]:
    return {"station_id": job["station_id"], "filename": job["filename"][:100]}
