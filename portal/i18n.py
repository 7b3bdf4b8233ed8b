"""Language: Simplified Chinese by default, English by switch. Babel catalogues, gettext calls.

Message ids are English; ``locale/zh_Hans/LC_MESSAGES/messages.po`` holds the Chinese. A test
extracts every id from the code and templates and fails if one lacks its Chinese.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"zh": "zh_Hans", "en": "en"}
DEFAULT_LANG = "zh"
COOKIE = "lang"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


@cache
def translations(lang: str) -> NullTranslations:
    po = LOCALE_DIR / LANGUAGES.get(lang, "") / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


def lang_of(request) -> str:
    value = request.cookies.get(COOKIE, "") if request is not None else ""
    return value if value in LANGUAGES else DEFAULT_LANG


def gettext(lang: str, message: str, **params) -> str:
    text = translations(lang).gettext(message)
    return text % params if params else text


def ngettext(lang: str, singular: str, plural: str, n: int, **params) -> str:
    text = translations(lang).ngettext(singular, plural, n)
    return text % {"num": n, **params}


@pass_context
def _jinja_gettext(context, message: str, **params) -> str:
    text = gettext(lang_of(context.get("request")), message)
    return text % params if params else text


@pass_context
def _jinja_ngettext(context, singular: str, plural: str, n: int, **params) -> str:
    return ngettext(lang_of(context.get("request")), singular, plural, n, **params)


def install(env) -> None:
    """Give a Jinja environment ``_``, ``gettext`` and ``ngettext`` that follow the request's language."""
    env.add_extension("jinja2.ext.i18n")
    env.globals.update(_=_jinja_gettext, gettext=_jinja_gettext, ngettext=_jinja_ngettext)
