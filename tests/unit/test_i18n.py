"""Every message in the code and templates has its Simplified Chinese."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def extracted() -> set[str]:
    ids = set()
    method_map = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        keywords=keywords,
        directory_filter=lambda d: not d.endswith(("/.venv", "/var")),
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def catalogue() -> dict[str, str]:
    with (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        cat = read_po(fh)
    out = {}
    for m in cat:
        if m.id:
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            out[key] = m.string[0] if isinstance(m.string, tuple) else m.string
    return out


def test_every_message_has_a_chinese_translation():
    zh = catalogue()
    missing = sorted(m for m in extracted() if not zh.get(m))
    assert missing == [], "run scripts/i18n-extract and translate: " + repr(missing[:10])


def test_translations_keep_their_placeholders():
    wrong = [
        k
        for k, v in catalogue().items()
        if v and set(PLACEHOLDER.findall(k)) != set(PLACEHOLDER.findall(v))
    ]
    assert wrong == []


def test_no_message_is_translated_twice():
    """Two entries for one message id (merged from two branches) would leave one translation
    silently unused: the page might show either."""
    import re
    from collections import Counter

    text = (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    ids = Counter(re.findall(r'^msgid (".+")$', text, flags=re.M))
    assert [msgid for msgid, n in ids.items() if n > 1] == []
