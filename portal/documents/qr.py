"""QR codes on printed documents and print pages, made in one way."""

from __future__ import annotations

import io

import segno

# segno tries all eight masks and keeps the one with the fewest penalty points, which is 5 ms of
# pure Python per code: 2.5 s of a fair's 500 contracts. Any mask gives a valid code; the tests
# decode the printed codes with zbar to show this one reads.
MASK = 2


def make(url: str) -> segno.QRCode:
    return segno.make(url, error="m", mask=MASK)


def svg_document(url: str) -> str:
    """A standalone SVG document, for ``image(bytes(..), format: "svg")`` in a Typst template
    (vector, so it stays sharp at any print size)."""
    buf = io.BytesIO()
    make(url).save(buf, kind="svg", scale=4, border=1, xmldecl=False, nl=False)
    return buf.getvalue().decode()
