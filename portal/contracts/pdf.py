"""Contracts as PDF, rendered on the server by WeasyPrint with the Noto CJK fonts (see README).

One contract renders in a worker thread. A whole event (hundreds of contracts) is cut into chunks,
and the chunks are shared among one child process per core (WeasyPrint's layout is pure Python, so
threads would share one core): each child (``python -m portal.contracts.pdf``) reads its chunks'
HTML as JSON on stdin and writes one PDF per chunk; the parts are joined in order with pypdf.
Plain child processes, not a multiprocessing pool: they behave the same under uvicorn, in a thread
or in a test client.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import struct
import sys

import anyio

log = logging.getLogger("portal.pdf")
CHUNK = 40  # contracts per part: small enough to spread over the cores, large enough to share fonts


class PdfFailed(Exception):
    """The PDF could not be rendered; the contract itself is untouched."""


def _render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def _join(parts: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def render_pdf(html: str) -> bytes:
    """One document as PDF bytes, rendered in a worker thread."""
    try:
        return await anyio.to_thread.run_sync(_render, html)
    except Exception as exc:  # WeasyPrint raises many kinds; the caller shows one message
        log.exception("PDF rendering failed")
        raise PdfFailed(str(exc)[:200]) from exc


async def _child(htmls: list[str]) -> list[bytes]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "portal.contracts.pdf",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate(json.dumps(htmls).encode())
    if proc.returncode != 0:
        raise PdfFailed(
            err.decode(errors="replace").strip().splitlines()[-1][:200]
            if err
            else f"exit {proc.returncode}"
        )
    parts, at = [], 0
    while at < len(out):
        (size,) = struct.unpack(">Q", out[at : at + 8])
        parts.append(out[at + 8 : at + 8 + size])
        at += 8 + size
    return parts


async def render_pdf_parts(parts: list[str]) -> bytes:
    """Several documents rendered in child processes (one per core) and joined in order into one PDF."""
    if len(parts) == 1:
        return await render_pdf(parts[0])
    workers = max(1, min(os.cpu_count() or 1, len(parts)))
    shares = [parts[i::workers] for i in range(workers)]  # round robin: equal work per child
    try:
        rendered = await asyncio.gather(*(_child(share) for share in shares))
        ordered = [rendered[i % workers][i // workers] for i in range(len(parts))]
        return await anyio.to_thread.run_sync(_join, ordered)
    except PdfFailed:
        log.exception("PDF rendering failed")
        raise
    except Exception as exc:
        log.exception("PDF rendering failed")
        raise PdfFailed(str(exc)[:200]) from exc


def main() -> None:
    """Child process: HTML documents as a JSON list on stdin, each PDF length-prefixed on stdout."""
    htmls = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    for html in htmls:
        pdf = _render(html)
        out.write(struct.pack(">Q", len(pdf)))
        out.write(pdf)
    out.flush()


if __name__ == "__main__":
    main()
