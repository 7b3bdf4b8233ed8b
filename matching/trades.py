"""Free text (a vacancy title, a skill as a worker names it) onto the trade vocabulary.

The vocabulary is the 2022 national occupational classification (1,634 detailed occupations, with
the recruitment aliases it lists) plus the names workers and employers really use, each tied to an
occupation code. Reading a title: normal form, noise (company, place, wage, shift, rank: titles.py)
and boilerplate (急招, 包吃住 ...) stripped, then the longest vocabulary names found inside it (and the
verb phrases of data/phrases.csv), then task words, then fuzzy spelling only as a last resort: measured
here, rapidfuzz is a poor judge of Chinese trade names on its own (电焊工 vs 电工 scores as high as
电焊工 vs 焊工).
"""

from __future__ import annotations

import csv
import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba
from rapidfuzz import fuzz, process

from .text import fold
from .titles import without_noise

jieba.setLogLevel(logging.WARNING)

DATA = Path(__file__).resolve().parent / "data"
MAX_TERM = 14  # characters in the longest vocabulary name looked for inside a title
# A word of one of an occupation's many recruitment aliases (秘书 has 工地资料员, 生产文员, 前台 ...)
# counts less than a word of its name: at 2.0, 工地 and 生产 made 秘书 a catch-all for site work.
ALIAS_WORD = 1.2
GENERIC = 3  # a name found inside the names of this many occupations (司机, 工人) says little alone
QUERY_CACHE = 4096  # query readings kept per vocabulary
FAMILY_MAX = 60  # a word inside more trades' names than this says nothing about the trade

# What employers put around a trade name; none of it says which trade.
_BOILERPLATE = re.compile(
    r"【[^】]*】|\[[^\]]*\]|急招|急聘|急需|高薪诚聘|高薪|诚聘|招聘|招募|长期招|长期|短期|若干名?|数名|多名|\d+\s*名|"
    r"男女不限|限男|限女|男性|女性|男工|女工|包吃包住|包吃住|包住|包吃|管吃住|日结|周结|月结|熟手|熟练|有经验|无经验|"
    r"可带|可学|新手|学徒|师傅|老师傅|招|[0-9]+\s*[-~到至]\s*[0-9]+\s*岁|\d+岁以下|\d+岁以上|"
    r"月薪\s*\d+\+?|\d+\s*[-~]\s*\d+\s*元?|\d+元|\d+\+|工资\S{0,4}|待遇\S{0,4}|五险一金?|双休|单休|"
    r"蓬安县?|县城|本地|附近|[,，、/|!！:：;；。.·•~()（）\-\s]+"
)


# Words that make a title an engineer's or technician's post, not a tradesman's.
_ENGINEERING = re.compile(
    r"工程师|工程技术|技术员|施工员|预算员|造价|监理|设计|研发|开发|工艺|土建|[一二]建|测绘|规划|软件|"
    r"程序|算法|实验|化验|检测|质量工程|研究"
)


# The work without the ending that makes it a trade's name (缝纫 -> 缝纫工, 保洁 -> 保洁员) is that
# trade, nearly as surely as the name itself.
_TRADE_ENDS = ("工", "员", "师")
NAME_WITHOUT_END = 0.95
# A reading by spelling alone (no name, no task word of the trade in the title) is right too rarely
# to count as known: 哪样都会干 or a toy vocabulary's 杂工 ~ 钢筋工.
SPELLING_ONLY = 0.3


def calibrated(raw: float, margin: float, named: bool) -> float:
    """How often a top reading like this one was right, measured on the 621 labelled titles of
    tests/trade_titles (titles.json and noisy_titles.json; scripts/bench_trades.py prints the
    reliability table). ``raw`` is the top score, ``margin`` its lead over the second, ``named``
    whether a name of the trade was found in the title (not only its task words)."""
    if raw >= 1.0:
        return 1.0  # the whole title is a name of the trade: 25 of 25 right
    if named:
        if margin >= 0.2:
            # A name found and no rival near: 0.945 right over 331 titles (0.83 below raw 0.6).
            return 0.92 if raw >= 0.6 else 0.8
        # Two names found, or a name and strong task words: 0.90 when the name is long (29),
        # 0.45 when short (31): 司机 in 城乡公交司机 was as likely the wrong driver.
        return 0.85 if raw >= 0.7 else 0.45
    if margin < 0.01:
        return 0.1  # task words only, tied with another trade: 4 right of 44
    # Task words only, ahead of the next: 0.65 right within 0.2 (90), 0.93 further ahead (60).
    return 0.88 if margin >= 0.2 else 0.6


def _prefer_trades(core: str, scores: dict[str, float], named: dict[str, float]) -> None:
    """Engineering technicians (2-02-*) share their task words with the trades they direct; for a
    title with no engineering word the worker is the one doing the work: their scores halve."""
    if _ENGINEERING.search(core):
        return
    for code in scores:
        if code.startswith("2-02-") and named.get(code, 0.0) < 1.0:
            scores[code] *= 0.5


@dataclass(frozen=True)
class Occupation:
    code: str  # 6-18-02-04
    name: str

    @property
    def minor(self) -> str:
        """The minor group: the first three parts of the code (6-18-02)."""
        return self.code.rsplit("-", 1)[0]


@dataclass(frozen=True)
class TradeMatch:
    code: str
    name: str
    confidence: float  # 0-1


def read_occupations(
    path: Path = DATA / "occupations.csv",
) -> tuple[list[Occupation], dict[str, str], dict[str, str]]:
    """The detailed occupations, their names and aliases (folded name -> code), and what each does."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    occupations, names, texts = [], {}, {}
    for row in rows:
        if row["level"] != "4" or row["code"] in texts:
            continue
        name = row["name"].rstrip(
            "LS/"
        )  # marks of green and digital occupations, not part of the name
        occupations.append(Occupation(row["code"], name))
        for alias in [name, *row["alias"].split(",")]:
            if len(key := fold(alias)) >= 2:
                names.setdefault(key, row["code"])
        texts[row["code"]] = fold(row["definition"] + " " + row["tasks"])
    names.update(read_phrases({o.name: o.code for o in occupations}))
    return occupations, names, texts


def read_phrases(codes: dict[str, str], path: Path = DATA / "phrases.csv") -> dict[str, str]:
    """Work named as a verb and its object (贴瓷砖, 修空调) or a shop-floor word (针车), by occupation.
    They win over the classification's own aliases: they were written for titles like these."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return {fold(row["phrase"]): codes[row["occupation"]] for row in rows}


def _words(text: str) -> set[str]:
    return {w for w in jieba.cut_for_search(text) if len(w) >= 2 and not w.isdigit()}


class _TaskIndex:
    """Which occupations' definitions and tasks use a title's words, rarer words counting more.

    For titles that name the work rather than the trade (刮腻子 墙面乳胶漆, 贴片机): the names and
    aliases do not hold those words, the classification's task descriptions do."""

    def __init__(
        self, texts: dict[str, str], names: dict[str, str], official: dict[str, str]
    ) -> None:
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for code, text in texts.items():
            for word in _words(text):
                weights[word][code] = 1.0
        for name, code in names.items():
            for word in _words(name) | {name}:
                weights[word][code] = max(weights[word].get(code, 0.0), ALIAS_WORD)
        for code, name in official.items():
            for word in _words(name) | {name}:
                weights[word][code] = 2.0  # a word of the trade's own name counts double
        total = len(texts)
        self.idf = {w: math.log(total / len(codes)) for w, codes in weights.items()}
        self.weights = weights

    def scores(self, core: str) -> dict[str, float]:
        """0-1 per occupation: the share of the title's known word weight its names and tasks hold."""
        words = [w for w in _words(core) if w in self.idf]
        mass = sum(self.idf[w] for w in words)
        if not mass:
            return {}
        scores: dict[str, float] = defaultdict(float)
        for word in words:
            for code, weight in self.weights[word].items():
                scores[code] += weight * self.idf[word]
        return {code: score / (2 * mass) for code, score in scores.items()}


def strip_boilerplate(text: str) -> str:
    """The trade part of a title: 急招电焊工师傅（包吃住）-> 电焊工."""
    folded = without_noise(text)
    inner = re.sub(r"[（(][^）)]*[）)]", " ", folded)  # asides: 电焊工（包吃住）
    core = _BOILERPLATE.sub(" ", inner).split()
    if not core:  # the trade was only in the aside: 操机员（加工中心）
        core = _BOILERPLATE.sub(" ", folded).split()
    return "".join(core)


class TradeVocabulary:
    def __init__(
        self,
        occupations: list[Occupation],
        names: dict[str, str],
        texts: dict[str, str],
        extra: Iterable[tuple[str, str]] = (),
    ) -> None:
        """``names`` maps folded names to codes, ``texts`` codes to what the occupation does;
        ``extra`` adds (name, code) pairs: slang and synonyms."""
        self.by_code = {o.code: o for o in occupations}
        self.names = dict(names)
        for name, code in extra:
            if code in self.by_code and len(key := fold(name)) >= 2:
                self.names.setdefault(key, code)
        self._keys = list(self.names)
        self._spread = self._count_spread()
        official = {o.code: fold(o.name) for o in occupations}
        self._tasks = _TaskIndex(texts, self.names, official)
        # Searches repeat (a county types the same few hundred trades): a query's reading is kept,
        # for as long as this vocabulary is the one in use (a staff edit builds a new one).
        self.query_reading = lru_cache(maxsize=QUERY_CACHE)(self._query_reading)

    def _query_reading(self, q: str) -> tuple[TradeMatch | None, tuple[str, ...]]:
        """What search asks of a query: its best trade (with the confidence), and the trades a word
        for a kind of work covers."""
        best = self.classify(q, limit=1)
        return (best[0] if best else None), self.family(q.strip())

    @classmethod
    def load(cls, extra: Iterable[tuple[str, str]] = ()) -> TradeVocabulary:
        occupations, names, texts = read_occupations()
        return cls(occupations, names, texts, extra)

    def _count_spread(self) -> dict[str, int]:
        """For each short name, how many occupations have it inside one of their names."""
        inside: dict[str, set[str]] = defaultdict(set)
        for key, code in self.names.items():
            for size in range(2, min(len(key), 4) + 1):
                for start in range(len(key) - size + 1):
                    inside[key[start : start + size]].add(code)
        return {key: len(inside.get(key, ())) for key in self.names if len(key) <= 4}

    def family(self, word: str, most: int = FAMILY_MAX) -> tuple[str, ...]:
        """The occupations a word of two to four characters covers when it names a kind of work
        shared by several trades: inside the classification's own names (维修, 护理, 驾驶) or ending
        the names people use for them (司机: 货车司机, 公交司机, 挖机司机). Their codes, or () when
        it names one trade, none, or too many to mean anything."""
        key = fold(word)
        if not 2 <= len(key) <= 4:
            return ()
        codes = {o.code for o in self.by_code.values() if key in fold(o.name)}
        codes |= {code for name, code in self.names.items() if name.endswith(key) and name != key}
        return tuple(sorted(codes)) if 2 <= len(codes) <= most else ()

    def classify(self, text: str, limit: int = 5) -> list[TradeMatch]:
        """The best trades for ``text``, most likely first.

        Confidence is how often a reading this sure was right on our labelled titles (1.0 for a
        name typed exactly); a reading below 0.5 is a guess callers should not store unasked."""
        core = strip_boilerplate(text)[:60]
        if len(core) < 2:
            return []
        scores, named, by_spelling = self._scores(core, limit)
        _prefer_trades(core, scores, named)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -named.get(kv[0], 0.0), kv[0]))
        best = [(code, score) for code, score in ranked[:limit] if score > 0.2]
        if not best:
            return []
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0  # whatever ``limit`` is
        if by_spelling:
            sure = min(best[0][1], SPELLING_ONLY)
        else:
            sure = calibrated(best[0][1], best[0][1] - runner_up, best[0][0] in named)
        return [
            TradeMatch(code, self.by_code[code].name, round(sure * score / best[0][1], 3))
            for code, score in best
        ]

    def _scores(self, core: str, limit: int) -> tuple[dict[str, float], dict[str, float], bool]:
        """0-1 per occupation before calibration, the part of it from names found in ``core``, and
        whether spelling alone was left to go by."""
        scores: dict[str, float] = {}
        if core in self.names:
            scores[self.names[core]] = 1.0
        elif trade := next((core + end for end in _TRADE_ENDS if core + end in self.names), None):
            scores[self.names[trade]] = NAME_WITHOUT_END  # 缝纫 for 缝纫工: a worker's skill
        for term in self._terms_inside(core):
            # A longer name covering more of the title is surer: 氩弧焊工 over 焊工. A name many trades
            # share (司机) only says the kind of work; the task words below may outweigh it.
            generic = self._spread.get(term, 1) >= GENERIC
            score = (0.3 if generic else 0.55) + 0.4 * len(term) / len(core)
            code = self.names[term]
            scores[code] = max(scores.get(code, 0.0), score)
        named = dict(scores)  # ties go to a trade whose name was found
        # Titles naming the work, not the trade (刮腻子, 贴片机): the classification's task words.
        for code, score in self._tasks.scores(core).items():
            scores[code] = max(scores.get(code, 0.0), round(0.85 * score, 3))
        by_spelling = not scores
        if by_spelling:
            for key, ratio, _ in process.extract(
                core, self._keys, scorer=fuzz.ratio, limit=limit * 3
            ):
                code = self.names[key]
                scores[code] = max(scores.get(code, 0.0), round(ratio / 100 * 0.6, 3))
        return scores, named, by_spelling

    def _terms_inside(self, core: str) -> list[str]:
        """Vocabulary names inside ``core``, longest first, none inside a longer one already found."""
        found: list[tuple[int, int]] = []
        terms = []
        for size in range(min(len(core), MAX_TERM), 1, -1):
            for start in range(len(core) - size + 1):
                piece = core[start : start + size]
                if piece in self.names and not any(
                    s <= start and start + size <= e for s, e in found
                ):
                    found.append((start, start + size))
                    terms.append(piece)
        return terms
