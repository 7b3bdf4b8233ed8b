"""The render process: Typst, its fonts and its layout cache live here, not in the web process.

``python -m portal.documents.worker`` reads requests from stdin and answers on stdout, one at a time
(``portal.documents.render`` starts it and talks to it). It imports only Typst, segno and pypdf, so
its memory is the documents' own: the portal's vocabulary and matching data stay in the web process,
and a fair's 1,000 pages, their QR codes and the joining of parts do not hold the web process's GIL.

Frames: a request is ``<4-byte length><JSON>`` with ``{"name", "parts": [data, ...], "format",
"ppi"}``; the answer is ``<1 byte: 0 ok, 1 failed><4-byte length><PDF/PNG bytes or the error text>``.
Any dict in the data with a ``qr`` key (a URL) gets ``qr_svg``, its QR code as an SVG document.
"""

from __future__ import annotations

import io
import json
import os
import struct
import sys
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Where Debian's fonts-noto-cjk puts its files (scripts/setup installs it), then other usual places;
# PORTAL_FONT_DIR names another folder holding the Noto CJK fonts.
FONT_ROOTS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)
CJK_FONT = "NotoSerifCJK*"
HEADER = struct.Struct(">I")
ANSWER = struct.Struct(">BI")


class Failed(Exception):
    """A document that cannot be made (a missing font, a template error): the reason, for the page."""


@cache
def font_dirs() -> tuple[str, ...]:
    """The folders holding the Noto CJK fonts: Typst reads only these, so a page looks the same on
    every machine set up by scripts/setup, and a missing font fails loudly instead of falling back."""
    configured = os.environ.get("PORTAL_FONT_DIR")
    roots = (Path(configured),) if configured else FONT_ROOTS
    for root in roots:
        found = sorted({str(p.parent) for p in root.rglob(CJK_FONT)}) if root.is_dir() else []
        if found:
            return tuple(found)
    raise Failed("Noto CJK fonts not found (apt-get install fonts-noto-cjk)")


@cache
def fonts():
    """One font book for every template: a font file is read once (a Noto CJK face is 20-27 MB),
    not once per template's compiler."""
    import typst

    return typst.Fonts(include_system_fonts=False, font_paths=list(font_dirs()))


@cache
def compiler(name: str):
    """One warm compiler per template: it has parsed the template and loaded the fonts, so a page
    costs milliseconds instead of the ~0.2 s of a cold start."""
    import typst

    template = TEMPLATES / f"{name}.typ"
    if not name.replace("_", "").isalnum() or not template.is_file():
        raise Failed(f"no template {name!r}")
    return typst.Compiler(str(template), root=str(TEMPLATES), font_paths=fonts())


def with_qr(value: Any) -> Any:
    """``value`` with ``qr_svg`` beside every ``qr`` URL (vector, so it stays sharp at any size)."""
    from .qr import svg_document

    if isinstance(value, dict):
        out = {k: with_qr(v) for k, v in value.items()}
        if isinstance(value.get("qr"), str):
            out["qr_svg"] = svg_document(value["qr"])
        return out
    if isinstance(value, list):
        return [with_qr(v) for v in value]
    return value


def compile_one(name: str, data: dict[str, Any], format: str, ppi: float) -> bytes:
    inputs = {"data": json.dumps(with_qr(data), ensure_ascii=False)}
    try:
        out = compiler(name).compile(format=format, ppi=ppi, sys_inputs=inputs)
    except Exception as exc:  # Typst reports template and font errors as one exception type
        raise Failed(str(exc)[:200]) from exc
    return out[0] if isinstance(out, list) else out


def make(request: dict[str, Any]) -> bytes:
    """The document of a request: one compile, or (a fair's print run) one per part, joined.

    One Typst compile keeps every page of its document in memory until it is written: a fair's
    1,000 pages in one compile peaked near 900 MB. In parts only one part's pages are laid out at a
    time; the joined file repeats each part's font subset, a few hundred KB per part."""
    name, parts = request["name"], request["parts"]
    format, ppi = request.get("format", "pdf"), float(request.get("ppi", 144))
    if len(parts) == 1:
        return compile_one(name, parts[0], format, ppi)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for i, data in enumerate(parts):
        reader = PdfReader(io.BytesIO(compile_one(name, data, "pdf", ppi)))
        if i == 0 and reader.metadata:
            writer.add_metadata(dict(reader.metadata))  # the title the template set
        writer.append(reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    while (head := read_exactly(stdin, HEADER.size)) is not None:
        body = read_exactly(stdin, HEADER.unpack(head)[0])
        if body is None:
            return
        try:
            status, payload = 0, make(json.loads(body))
        except Failed as failed:
            status, payload = 1, str(failed).encode()
        except Exception as exc:  # a bad request must not end the process serving the others
            status, payload = 1, f"{type(exc).__name__}: {exc}"[:200].encode()
        stdout.write(ANSWER.pack(status, len(payload)))
        stdout.write(payload)
        stdout.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
