"""Screening a vacancy before it is published: fees, contact details, scam words, bait wages, copies.

Scammers disguise the words (押 金, 壓金, yajin, 押✓金), so text is first brought to one compact form:
Simplified, half-width, lower case, with everything but letters, digits and Chinese characters
removed. Fee words are also matched by their pinyin syllables, which catches homophones (压金).
The word lists live in ``portal/data/screening.json`` for staff to extend.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from search.normalize import normalize
from search.pinyin import han_syllables, split_syllables

from ..i18n import N_

DATA = Path(__file__).resolve().parents[1] / "data" / "screening.json"
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖幺", "001234567891234567891")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_QQ = re.compile(r"(?:qq|扣扣|企鹅)(?:号)?\d{5,11}")
_LINK = re.compile(r"https?://|www\.|\.com\b|\.cn\b|\.net\b|t\.me/")
# 不收押金, 无需保证金 / 体检费由公司承担: a fee named to say it is not charged.
_DENIED_BEFORE = re.compile(r"(?:不收取?|无需|无须|不需要?|不用|免|没有|不交|不另收|概不收取?|拒绝)[^,，。；;！!]{0,4}$")
_PAID_AFTER = re.compile(r"^[^。；;！!]{0,3}(?:由)?(?:公司|单位|厂里|厂方|老板|项目部)(?:承担|报销|负责|出|支付|提供|全包)")


@dataclass(frozen=True)
class Finding:
    rule: str  # fee / contact / spam / wage / repeated
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "msgid": self.msgid, "params": self.params}


def compact(text: str) -> str:
    """押 金 / 壓✓金 / ＹＡＪＩＮ -> 押金 / 压金 / yajin."""
    return _NOT_WORD.sub("", normalize(text))


def syllables(text: str) -> list[str]:
    """The compact text as pinyin syllables (Chinese read, typed pinyin split); other runs kept."""
    out: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff]+|[a-z]+|[0-9]+", text):
        if "\u3400" <= run[0] <= "\u9fff":
            out.extend(han_syllables(run))
        else:
            out.extend(split_syllables(run) or [run])
    return out


def _contains(seq: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


@dataclass
class Rules:
    fee: list[str]
    spam: list[str]
    contact: list[str]
    wage_ceiling: int
    wage_factor: float
    _fee_sounds: list[tuple[str, list[str]]] = field(init=False)

    def __post_init__(self) -> None:
        self.fee = [compact(w) for w in self.fee]
        self.spam = [compact(w) for w in self.spam]
        self.contact = [compact(w) for w in self.contact]
        self._fee_sounds = [(w, syllables(w)) for w in self.fee if len(w) >= 2]

    def _fee_word(self, folded: str) -> str | None:
        """A fee word the posting charges: not one it names to deny (不收押金, 体检费由公司承担)."""
        for word in self.fee:
            for m in reversed(list(re.finditer(re.escape(word), folded))):
                before, after = folded[max(0, m.start() - 8) : m.start()], folded[m.end() : m.end() + 10]
                if _DENIED_BEFORE.search(before) or _PAID_AFTER.search(after):
                    folded = folded[: m.start()] + " " * len(word) + folded[m.end() :]
        flat = _NOT_WORD.sub("", folded)
        sounds = syllables(flat)
        return next((w for w in self.fee if w in flat), None) or next(
            (w for w, s in self._fee_sounds if _contains(sounds, s)), None)

    def text(self, text: str) -> list[Finding]:
        """What the words of a posting give away."""
        folded = normalize(text)
        flat = _NOT_WORD.sub("", folded)  # compact(text), from the one normalisation
        found: list[Finding] = []
        if fee := self._fee_word(folded):
            found.append(Finding("fee", N_("Asks the worker for money (%(word)s): postings may not charge any fee."), {"word": fee}))
        digits = flat.translate(_CN_DIGITS)
        contact = next((w for w in self.contact if w in flat), None)
        link = _LINK.search(folded)
        if contact or link or _MOBILE.search(digits) or _QQ.search(digits):
            what = contact or ("link" if link else "number")
            found.append(Finding("contact", N_("Contact details or links that take workers off the portal (%(what)s)."), {"what": what}))
        if spam := next((w for w in self.spam if w in flat), None):
            found.append(Finding("spam", N_("Adult, gambling or scam words (%(word)s)."), {"word": spam}))
        return found

    def wage(self, wage_max: int, usual: int | None) -> Finding | None:
        """Bait wages: far above what this trade usually pays here (or above the county ceiling)."""
        if usual and wage_max > usual * self.wage_factor:
            return Finding("wage", N_("Wage far above the usual %(usual)s yuan for this trade."), {"usual": usual})
        if wage_max > self.wage_ceiling:
            return Finding("wage", N_("Wage above %(ceiling)s yuan a month, beyond any county job."), {"ceiling": self.wage_ceiling})
        return None


@cache
def rules() -> Rules:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Rules(data["fee"], data["spam"], data["contact"], data["wage_ceiling"], data["wage_factor"])
