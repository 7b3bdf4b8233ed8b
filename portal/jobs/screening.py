"""Screening a vacancy before it is published: fees, contact details, scam words, bait wages, copies.

Scammers disguise the words (押 金, 壓金, yajin, 押✓金), so text is first brought to one compact form:
Simplified, half-width, lower case, with everything but letters, digits and Chinese characters
removed. Fee words are also matched by their pinyin syllables, which catches homophones (压金).
The word lists live in ``portal/data/screening.json`` for staff to extend.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from search.normalize import normalize
from search.pinyin import han_syllables, split_syllables

from ..i18n import N_
from .numerals import figures  # 叁佰元, 两 百 块: amounts in words read as figures too

DATA = Path(__file__).resolve().parents[1] / "data" / "screening.json"
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
# Like _NOT_WORD, but clause punctuation stays: "体检，费用由公司承担" must not read as 体检费.
_NOT_LIGHT = re.compile(r"[^0-9a-z\u3400-\u9fff,;!?。、]+")
_CLAUSE = re.compile(r"[,;!?。、]+")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖幺", "001234567891234567891")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[2-9]\d{6,7}(?!\d)")
_QQ = re.compile(r"(?:qq|扣扣|企鹅|q群|群号)(?:号|群)?\d{5,11}")
_LINK = re.compile(
    r"https?://|www\.|[a-z0-9-]{2,}\.(?:com|cn|net|vip|top|xyz|cc|me|io|org)\b|t\.me/|点(?:com|cn|net|vip|top)"
)
_HANDLE = re.compile(r"@[a-z0-9_]{3,}")
# 1 3 8 - 1 2 3 4 ...: a number cut into single digits (times and ranges like 7:00-14:30 are not).
_SPELLED_OUT = re.compile(r"(?:\d[^\d\n]{1,3}){8,}\d")
# Before normalising: circled digits (①③⑧), or invisible characters between digits (1\u200b3\u200b8).
_ODD_DIGITS = re.compile(
    r"[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793]|\d[\u200b-\u200f\u2060\ufeff]+\d"
)
# 不收押金, 无需保证金 / 体检费由公司承担 / 公司承担体检费: a fee named to say it is not charged.
_PAYER = r"(?:公司|单位|学校|医院|厂里|厂方|厂家|老板|项目部|园方|店里|酒店|企业|我司|本公司)"
_DENIED_BEFORE = re.compile(
    r"(?:不收取?|无需|无须|不需要?|不用|免|免费|没有|不交|不另收|概不收取?|拒绝|"
    + _PAYER
    + r"(?:承担|报销|负责|支付|出|全包|免费提供|提供))[^,，。；;！!]{0,6}$"
)
_PAID_AFTER = re.compile(
    r"^[^。；;！!,]{0,3}(?:由|均由|全部由)?" + _PAYER + r"(?:承担|报销|负责|出|支付|提供|全包)"
    r"|^[^。；;！!,]{0,2}(?:凭票|凭发票|全额|入职后)?报销"
)


# Search words pasted in a row (蓬安招聘 蓬安人才网 南充最新招聘 附近找工作 ...): six or more short
# pieces between spaces or bars, three of them naming job hunting itself.
_PIECES = re.compile(r"[\s|｜/、，,]+")
_BOARD_WORD = re.compile(r"招聘|人才|求职|找工作|招工|兼职网|工作网|职位")


def _board_keywords(folded: str) -> list[str]:
    pieces = [p for p in _PIECES.split(folded) if p]
    run: list[str] = []
    best: list[str] = []
    for piece in pieces + [""]:
        if 2 <= len(piece) <= 8 and not re.search(r"[。！？!?：:；;0-9]", piece):
            run.append(piece)
            continue
        if len(run) >= 6 and len(board := [p for p in run if _BOARD_WORD.search(p)]) >= 3:
            best = board if len(board) > len(best) else best
        run = []
    return best


@dataclass(frozen=True)
class Finding:
    rule: str  # fee / contact / spam / wage / repeated
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "msgid": self.msgid, "params": self.params}


def _fold(text: str) -> str:
    """normalize(), and accents off Latin letters (培训féi, dǎ字员 are pinyin with tone marks)."""
    folded = normalize(text)
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


def compact(text: str) -> str:
    """押 金 / 壓✓金 / ＹＡＪＩＮ -> 押金 / 压金 / yajin."""
    return _NOT_WORD.sub("", _fold(text))


@lru_cache(maxsize=50_000)
def _clause_sounds(clause: str) -> tuple[str, ...]:
    """A clause's syllables, kept: postings (and a spreadsheet's rows) repeat clauses (长白班, 包吃住)."""
    return tuple(syllables(clause))


def syllables(text: str) -> list[str]:
    """The compact text as pinyin syllables (Chinese read, typed pinyin split); other runs kept."""
    out: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff]+|[a-z]+|[0-9]+", text):
        if "\u3400" <= run[0] <= "\u9fff":
            out.extend(han_syllables(run))
        else:
            out.extend(split_syllables(run) or [run])
    return out


def _by_first(sounds: list[tuple[str, list[str]]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Listed words by their first syllable, in list order: a clause is read once, not once per word."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for word, sound in sounds:
        if sound:
            index.setdefault(sound[0], []).append((word, tuple(sound)))
    return index


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in spans:
        text = text[:a] + "," * (b - a) + text[b:]
    return text


@dataclass
class Rules:
    fee: list[str]
    spam: list[str]
    contact: list[str]
    wage_ceiling: int
    wage_factor: float
    fee_patterns: list[str] = field(default_factory=list)
    spam_patterns: list[str] = field(default_factory=list)
    contact_patterns: list[str] = field(default_factory=list)
    spam_sound: list[str] = field(default_factory=list)
    seo_words: list[str] = field(default_factory=list)
    seo_min: int = 5
    job_words: list[str] = field(default_factory=list)
    easy_words: list[str] = field(default_factory=list)
    easy_wage: int = 10_000
    allow: list[str] = field(default_factory=list)
    contact_allow: list[str] = field(default_factory=list)
    _fee_sounds: list[tuple[str, list[str]]] = field(init=False)

    def __post_init__(self) -> None:
        self.fee = [compact(w) for w in self.fee]
        self.spam = [compact(w) for w in self.spam]
        self.contact = [compact(w) for w in self.contact]
        self.seo_words = [compact(w) for w in self.seo_words]
        self.job_words = [compact(w) for w in self.job_words]
        self.easy_words = [compact(w) for w in self.easy_words]
        self._fee_sounds = [(w, syllables(w)) for w in self.fee if len(w) >= 2]
        self._spam_sounds = [(w, syllables(w)) for w in map(compact, self.spam_sound)]
        self._fee_index = _by_first(self._fee_sounds)
        self._spam_index = _by_first(self._spam_sounds)
        self._fee_re = [re.compile(p) for p in self.fee_patterns]
        self._spam_re = [re.compile(p) for p in self.spam_patterns]
        self._contact_re = [re.compile(p) for p in self.contact_patterns]
        self._allow_re = [re.compile(p) for p in self.allow]
        self._contact_allow_re = [re.compile(p) for p in self.contact_allow]

    @staticmethod
    def _denied(light: str, start: int, end: int) -> bool:
        before, after = light[max(0, start - 10) : start], light[end : end + 12]
        return bool(
            _DENIED_BEFORE.search(before)
            or _PAID_AFTER.search(after)
            or before.endswith(("不", "无"))
        )

    def _fee_word(self, light: str) -> str | None:
        """A fee the posting charges: not one it names to deny (不收押金, 体检费由公司承担)."""
        spans = []
        for word in self.fee:
            spans += [
                (m.start(), m.end())
                for m in re.finditer(re.escape(word), light)
                if self._denied(light, m.start(), m.end())
            ]
        charged = _masked(light, spans)
        if word := next((w for w in self.fee if w in charged), None):
            return word
        for form in dict.fromkeys((charged, figures(charged))):
            for pattern in self._fee_re:
                for m in pattern.finditer(form):
                    if not self._denied(form, m.start(), m.end()):
                        return m.group(0)
        return self._sounds_like(charged, self._fee_index)

    @staticmethod
    def _sounds_like(light: str, index: dict[str, list[tuple[str, tuple[str, ...]]]]) -> str | None:
        """A listed word written with other characters of the same sound (压金, 鸭金), or in pinyin; clause by clause."""
        for clause in _CLAUSE.split(light):
            heard = _clause_sounds(clause)
            for i, first in enumerate(heard):
                for word, sound in index.get(first, ()):
                    if heard[i : i + len(sound)] == sound:
                        return word
        return None

    def text(self, text: str) -> list[Finding]:
        """What the words of a posting give away."""
        folded = _fold(text)
        light = _NOT_LIGHT.sub("", folded)
        light = _masked(
            light, [(m.start(), m.end()) for p in self._allow_re for m in p.finditer(light)]
        )
        flat = _CLAUSE.sub("", light)
        found: list[Finding] = []
        if fee := self._fee_word(light):
            found.append(
                Finding(
                    "fee",
                    N_("Asks the worker for money (%(word)s): postings may not charge any fee."),
                    {"word": fee},
                )
            )
        # The worker's own account named as the scam's tool (用你的微信收款) is not a contact to leave by.
        light_c = _masked(
            light, [(m.start(), m.end()) for p in self._contact_allow_re for m in p.finditer(light)]
        )
        flat_c = _CLAUSE.sub("", light_c)
        digits = flat_c.translate(_CN_DIGITS)
        despaced = re.sub(r"\s+", "", folded)
        # A phone number written plainly is how an older worker calls an employer (and the trust
        # card shows the employer's own); one spelled in Chinese numerals or broken up to slip past
        # a filter is not written for calling, it is written to dodge review.
        numerals = flat_c.translate(_CN_DIGITS)
        disguised = bool(
            any(p.search(numerals) and not p.search(flat_c) for p in (_MOBILE, _LANDLINE))
            or _SPELLED_OUT.search(folded)
            or (_ODD_DIGITS.search(text) and _MOBILE.search(numerals))
        )
        contact = next((w for w in self.contact if w in flat_c), None) or next(
            (m.group(0) for p in self._contact_re if (m := p.search(light_c))), None
        )
        link = _LINK.search(despaced) or _HANDLE.search(despaced)
        if contact or link or disguised or _QQ.search(digits):
            what = contact or ("link" if link else "number")
            found.append(
                Finding(
                    "contact",
                    N_("Contact details or links that take workers off the portal (%(what)s)."),
                    {"what": what},
                )
            )
        spam = (
            next((w for w in self.spam if w in flat), None)
            or next((m.group(0) for p in self._spam_re if (m := p.search(light))), None)
            or self._sounds_like(light, self._spam_index)
        )
        if spam:
            found.append(
                Finding("spam", N_("Adult, gambling or scam words (%(word)s)."), {"word": spam})
            )
        elif board := _board_keywords(folded):
            found.append(
                Finding(
                    "spam",
                    N_(
                        "A list of job-board search words (%(words)s), pasted to be found, not a posting's words."
                    ),
                    {"words": "、".join(board[:6])},
                )
            )
        elif len(listed := self._keyword_list(flat)) >= self.seo_min:
            found.append(
                Finding(
                    "spam",
                    N_(
                        "A list of video or gambling site keywords (%(words)s), as pasted into hacked pages."
                    ),
                    {"words": "、".join(listed[:6])},
                )
            )
        return found

    def _keyword_list(self, flat: str) -> list[str]:
        """The keyword-list filler words in the text, each once, longest first (在线观看 before 观看)."""
        listed: list[str] = []
        for word in sorted(self.seo_words, key=len, reverse=True):
            if word in flat and not any(word in longer for longer in listed):
                listed.append(word)
        return listed

    def easy_money(self, text: str, wage_max: int) -> Finding | None:
        """Too good to be true: a high wage for work described as needing nothing (no experience,
        a few hours, sleeping on site), whatever the trade."""
        if wage_max < self.easy_wage:
            return None
        flat = compact(text)
        if word := next((w for w in self.easy_words if w in flat), None):
            return Finding(
                "wage",
                N_(
                    "%(wage)s yuan a month for work said to need nothing (%(word)s): too good to be true."
                ),
                {"wage": wage_max, "word": word},
            )
        return None

    def not_a_job(self, text: str) -> Finding | None:
        """A whole posting without one word of work, pay or hiring: a shop to let, honey for sale."""
        flat = compact(text)
        if self.job_words and not any(w in flat for w in self.job_words):
            return Finding(
                "spam",
                N_(
                    "This does not read as a job: no word of work, pay or hiring. An advertisement?"
                ),
            )
        return None

    def posting(
        self, text: str, wage_max: int, usual: int | None, words: list[Finding] | None = None
    ) -> list[Finding]:
        """Everything a whole posting's words and wage give away (``wage_max`` monthly);
        ``words``: what ``text(text)`` found, when the caller has it already (a spreadsheet's rows)."""
        found = list(words) if words is not None else self.text(text)
        if not any(f.rule == "spam" for f in found) and (ad := self.not_a_job(text)):
            found.append(ad)
        if wage := self.wage(wage_max, usual) or self.easy_money(text, wage_max):
            found.append(wage)
        return found

    def wage(self, wage_max: int, usual: int | None) -> Finding | None:
        """Bait wages: far above what this trade usually pays here (or above the county ceiling)."""
        if usual and wage_max > usual * self.wage_factor:
            return Finding(
                "wage",
                N_("Wage far above the usual %(usual)s yuan for this trade."),
                {"usual": usual},
            )
        if wage_max > self.wage_ceiling:
            return Finding(
                "wage",
                N_("Wage above %(ceiling)s yuan a month, beyond any county job."),
                {"ceiling": self.wage_ceiling},
            )
        return None


@cache
def rules() -> Rules:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Rules(
        data["fee"],
        data["spam"],
        data["contact"],
        data["wage_ceiling"],
        data["wage_factor"],
        fee_patterns=data.get("fee_patterns", []),
        spam_patterns=data.get("spam_patterns", []),
        contact_patterns=data.get("contact_patterns", []),
        spam_sound=data.get("spam_sound", []),
        allow=data.get("allow", []),
        contact_allow=data.get("contact_allow", []),
        seo_words=data.get("seo_words", []),
        seo_min=data.get("seo_min", 5),
        job_words=data.get("job_words", []),
        easy_words=data.get("easy_words", []),
        easy_wage=data.get("easy_wage", 10_000),
    )
