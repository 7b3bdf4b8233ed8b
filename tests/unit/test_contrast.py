"""The colour pairs of static/css/portal.css meet WCAG AA (4.5:1 for body text), computed, not eyed;
a changed colour in the stylesheet that this list no longer finds fails the test too."""

from __future__ import annotations

import pytest

from portal.settings import ROOT

CSS = (ROOT / "static" / "css" / "portal.css").read_text()

# (text, background, where)
PAIRS = [
    ("#1a1a1a", "#f6f7f9", "body text on the page"),
    ("#1a1a1a", "#ffffff", "text in cards"),
    ("#555555", "#ffffff", "secondary text in cards"),
    ("#555555", "#f6f7f9", "secondary text on the page"),
    ("#555555", "#e4eefa", "counts in chips"),
    ("#0b5cad", "#ffffff", "links, secondary buttons"),
    ("#0b5cad", "#f6f7f9", "links on the page"),
    ("#ffffff", "#0b5cad", "header, primary buttons, 比较合适"),
    ("#ffffff", "#16793a", "很合适"),
    ("#16793a", "#e6f4ea", "已保存, 返乡创业企业"),
    ("#16793a", "#ffffff", "a reason in favour"),
    ("#b3261e", "#ffffff", "a reason against, errors, wages"),
    ("#ffffff", "#b3261e", "danger buttons, unread badge"),
    ("#b3261e", "#fde8e7", "the confirming tick"),
    ("#6b4f00", "#fff4d6", "warning chips"),
    ("#1a1a1a", "#fff4d6", "notices"),
    ("#1a1a1a", "#ffe58a", "highlighted search words"),
    ("#333333", "#f6f7f9", "secondary text in large type"),
]


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def short(colour: str) -> str:
    """#555555 is written #555 in the stylesheet."""
    return "#" + colour[1::2] if all(colour[i] == colour[i + 1] for i in (1, 3, 5)) else colour


@pytest.mark.parametrize(("text", "background", "where"), PAIRS)
def test_each_colour_pair_reads_at_wcag_aa(text, background, where):
    assert ratio(text, background) >= 4.5, f"{where}: {ratio(text, background):.2f}"


@pytest.mark.parametrize("colour", sorted({c for pair in PAIRS for c in pair[:2]}))
def test_each_colour_checked_is_one_the_stylesheet_uses(colour):
    assert colour in CSS or short(colour) in CSS or colour in ("#ffffff",)
