"""Printed documents (contracts, claim slips, posters, the monthly report) rendered by Typst: one
template per document in ``templates/<name>.typ``, its data passed as JSON
(``#let d = json(bytes(sys.inputs.data))``).

Typst runs in one render process per web process (``worker.py``), started on first use and kept
warm: its fonts (~60-90 MB), its layout cache and a fair's pages never weigh on the web process,
and the pure-Python parts of a print run (500 QR codes, joining parts) do not hold its GIL. Requests
are served one at a time, in order; a render process that died is started again on the next request.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Iterable
from typing import Any, Literal

import anyio

from .worker import ANSWER, HEADER, read_exactly

log = logging.getLogger("portal.documents")
PPI = 144  # PNG pages: sharp enough to read on a screen and for a QR reader, small enough to send
Format = Literal["pdf", "png"]


class RenderFailed(Exception):
    """The document could not be rendered (a missing font, a template error); nothing was changed."""


class _Process:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen[bytes]:
        if self.proc is None or self.proc.poll() is not None:
            command = [sys.executable, "-m", "portal.documents.worker"]
            self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self.proc

    def _ask(self, proc: subprocess.Popen[bytes], body: bytes) -> tuple[int, bytes] | None:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(HEADER.pack(len(body)) + body)
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        head = read_exactly(proc.stdout, ANSWER.size)
        if head is None:
            return None
        status, size = ANSWER.unpack(head)
        payload = read_exactly(proc.stdout, size)
        return None if payload is None else (status, payload)

    def call(self, request: dict[str, Any]) -> bytes:
        body = json.dumps(request, ensure_ascii=False).encode()
        with self.lock:
            for attempt in (1, 2):  # a process that died (killed, out of memory) is started again
                answer = self._ask(self._start(), body)
                if answer is not None:
                    break
                log.warning("the render process ended (attempt %d)", attempt)
                self.stop()
            else:
                raise RenderFailed("the render process ended")
        status, payload = answer
        if status:
            log.error("rendering %s failed: %s", request["name"], payload[:200])
            raise RenderFailed(payload.decode(errors="replace"))
        return payload

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None


_process = _Process()


def render(name: str, data: dict[str, Any], format: Format = "pdf", ppi: float = PPI) -> bytes:
    """The document ``name`` filled with ``data``, as PDF bytes, or as PNG bytes of its first page
    (``ppi`` pixels per inch: a poster picks it so its page comes out a given number of pixels wide).
    Blocks while the render process works: async handlers call ``render_async``."""
    return _process.call({"name": name, "parts": [data], "format": format, "ppi": ppi})


async def render_async(
    name: str, data: dict[str, Any], format: Format = "pdf", ppi: float = PPI
) -> bytes:
    """``render`` from a worker thread, so the event loop keeps serving while Typst lays out."""
    return await anyio.to_thread.run_sync(render, name, data, format, ppi)


def render_joined(name: str, parts: Iterable[dict[str, Any]]) -> bytes:
    """Several compiles of ``name`` (one per item of ``parts``) joined into one PDF, in order: a long
    print run laid out a part at a time, so the render process holds one part's pages, not all."""
    return _process.call({"name": name, "parts": list(parts), "format": "pdf", "ppi": PPI})


def restart() -> None:
    """End the render process; the next document starts a new one (which reads PORTAL_FONT_DIR again)."""
    with _process.lock:
        _process.stop()


def process_id() -> int | None:
    """The render process's pid while it runs (for the benchmark's memory figures)."""
    return _process.pid()
