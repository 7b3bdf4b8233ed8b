"""Printed documents (contracts, claim slips) rendered by Typst: one template per document in
``templates/<name>.typ``, its data passed as JSON (``#let d = json(bytes(sys.inputs.data))``).

Each template gets one warm ``typst.Compiler``, made on first use and kept: it has parsed the
template and loaded the fonts, so a page costs milliseconds instead of the ~0.2 s of a cold start.
A compiler is not meant to be shared between threads, so each has its own lock; async handlers
call ``render_async``, which runs the compile in a worker thread.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Literal

import anyio

log = logging.getLogger("portal.documents")
TEMPLATES = Path(__file__).resolve().parent / "templates"
# Where Debian's fonts-noto-cjk puts its files (scripts/setup installs it), then other usual places.
FONT_ROOTS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)
CJK_FONT = "NotoSerifCJK*"
PPI = 144  # PNG pages: sharp enough to read on a screen and for a QR reader, small enough to send
Format = Literal["pdf", "png"]


class RenderFailed(Exception):
    """The document could not be rendered (a missing font, a template error); nothing was changed."""


@cache
def font_dirs() -> tuple[str, ...]:
    """The folders holding the Noto CJK fonts: Typst reads only these, so a page looks the same on
    every machine set up by scripts/setup, and a missing font fails loudly instead of falling back."""
    for root in FONT_ROOTS:
        found = sorted({str(p.parent) for p in root.rglob(CJK_FONT)}) if root.is_dir() else []
        if found:
            return tuple(found)
    raise RenderFailed("Noto CJK fonts not found (apt-get install fonts-noto-cjk)")


class _Warm:
    def __init__(self, name: str) -> None:
        import typst

        template = TEMPLATES / f"{name}.typ"
        if not template.is_file():
            raise RenderFailed(f"no template {name!r}")
        self.compiler = typst.Compiler(
            str(template),
            root=str(TEMPLATES),
            font_paths=list(font_dirs()),
            ignore_system_fonts=True,
        )
        self.lock = threading.Lock()


_warm: dict[str, _Warm] = {}
_warm_lock = threading.Lock()


def _compiler(name: str) -> _Warm:
    with _warm_lock:
        if name not in _warm:
            _warm[name] = _Warm(name)
        return _warm[name]


def render(name: str, data: dict[str, Any], format: Format = "pdf", ppi: float = PPI) -> bytes:
    """The document ``name`` filled with ``data``, as PDF bytes, or as PNG bytes of its first page
    (``ppi`` pixels per inch: a poster picks it so its page comes out a given number of pixels wide)."""
    inputs = {"data": json.dumps(data, ensure_ascii=False)}
    warm = _compiler(name)
    try:
        with warm.lock:
            out = warm.compiler.compile(format=format, ppi=ppi, sys_inputs=inputs)
    except Exception as exc:  # Typst reports template and font errors as one exception type
        log.exception("rendering %s failed", name)
        raise RenderFailed(str(exc)[:200]) from exc
    return out[0] if isinstance(out, list) else out


async def render_async(
    name: str, data: dict[str, Any], format: Format = "pdf", ppi: float = PPI
) -> bytes:
    """``render`` in a worker thread, so the event loop keeps serving while Typst lays out."""
    return await anyio.to_thread.run_sync(render, name, data, format, ppi)


def render_joined(name: str, parts: Iterable[dict[str, Any]]) -> bytes:
    """Several compiles of ``name`` (one per item of ``parts``) joined into one PDF, in order.

    One Typst compile keeps every page of its document in memory until it is written: a fair's
    1,000 pages in one compile peaked near 900 MB. In parts of ``FAIR_PART`` contracts only one part's
    pages are laid out at a time; the joined file repeats each part's font subset, a few hundred KB
    per part. ``parts`` may be a generator, so a part's data (its QR codes) is built only when due.
    """
    from pypdf import PdfReader, PdfWriter  # loaded only when a long document is printed

    writer = PdfWriter()
    for i, data in enumerate(parts):
        reader = PdfReader(io.BytesIO(render(name, data)))
        if i == 0 and reader.metadata:
            writer.add_metadata(dict(reader.metadata))  # the title the template set
        writer.append(reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
