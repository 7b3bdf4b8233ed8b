"""The trade and policy vocabulary search understands, and reading a query through it.

A group holds words that mean the same to someone searching (电焊 = 焊工 = 电焊工). The groups come
from ``data/synonyms.json`` plus those staff add from the admin page; Meilisearch gets them as its
synonyms setting. The same groups give a pinyin key for every word, so ``dianhan`` and the homophone
typo 电汗 are read as 电焊 before Meilisearch sees the query.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jieba
from rapidfuzz import fuzz

from .normalize import normalize
from .pinyin import han_syllables, is_han, split_syllables

DATA = Path(__file__).resolve().parent / "data"
NEAR = 75  # a suggestion at least this close (rapidfuzz ratio, characters or sound)
NEAR_BEST = 15  # and within this of the closest one
INSIDE = 85  # a trade's word found whole inside the query counts as this close
MAX_TERMS = 40  # per group: Meilisearch expands every term into every other one
MAX_SPAN = 8  # syllables in one vocabulary word
REAL_WORD = 50  # jieba frequency above which a typed word is taken as meant, not as a typo

_TOKENS = re.compile(r"[\u3400-\u9fff]+|[0-9a-z]+")
# 月薪6000, 6000以上, 工资5000元, or a 4-5 digit figure standing alone: a monthly wage wanted at least.
# A figure glued to other words (2026年, a2000) is not a wage.
_WAGE = re.compile(
    r"(?P<before>月薪|工资|薪资|薪水|底薪|月入|收入|每月|一个月|待遇)?\s*(?<![0-9a-z.])(?P<n>[1-9][0-9]{3,4})(?![0-9a-z.])"
    r"\s*(?P<after>(?:元|块钱|块|rmb)?\s*(?:/月|每月|一个月)?\s*(?:以上|起|左右|多|\+)?)"
)
_HAN_NEXT = re.compile(r"[\u3400-\u9fff]")


def take_wage(query: str) -> tuple[int | None, str]:
    """The monthly wage a query asks for (月薪6000, 5000以上), and the query without those words."""
    for match in _WAGE.finditer(query):
        rest = query[match.end() :]
        alone = not match.group("after").strip() and not _HAN_NEXT.match(rest)
        said = match.group("before") or match.group("after").strip() or alone
        if said and 1000 <= int(match.group("n")) <= 50_000:
            return int(match.group("n")), query[: match.start()] + " " + rest
    return None, query


@dataclass(frozen=True)
class Group:
    kind: str
    canonical: str
    terms: tuple[str, ...]
    code: str = ""  # the occupation (2022 classification) the group is, if it is a whole one
    origin: str = "file"  # or "staff"
    parent: str = ""  # the occupation a narrower group belongs to (叉车司机 -> 起重装卸机械操作工)


@dataclass(frozen=True)
class ReadQuery:
    """A query as search understands it."""

    text: str  # for Meilisearch's text search (vocabulary words put right, stop words dropped)
    pinyin: str  # syllables of the whole query, for the pinyin fallback
    wage_min: int | None = None  # a figure the worker typed (月薪6000)
    corrected: tuple[tuple[str, str], ...] = ()  # (typed, read as) pairs, for "showing results for"


def read_groups(path: Path = DATA / "synonyms.json") -> list[Group]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Group(
            g["kind"],
            normalize(g["canonical"]),
            tuple(normalize(t) for t in g["terms"]),
            g.get("code", ""),
            parent=g.get("parent", ""),
        )
        for g in data["groups"]
    ]


def read_stopwords(path: Path = DATA / "stopwords.txt") -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(line) for line in lines if line.strip() and not line.startswith("#"))


def merge(groups: Iterable[Group]) -> list[Group]:
    """Groups sharing a term become one (a staff group that adds 焊把子 to 电焊 joins it)."""
    merged: list[Group] = []
    owner: dict[str, int] = {}
    for group in groups:
        hits = sorted({owner[t] for t in group.terms if t in owner})
        if not hits:
            index = len(merged)
            merged.append(
                Group(
                    group.kind,
                    group.canonical,
                    tuple(dict.fromkeys(group.terms)),
                    group.code,
                    group.origin,
                    group.parent,
                )
            )
        else:
            index = hits[0]
            base = merged[index]
            terms = list(base.terms)
            for other in hits[1:]:
                terms += merged[other].terms
                merged[other] = Group(base.kind, "", ())
            terms += group.terms
            merged[index] = Group(
                base.kind,
                base.canonical,
                tuple(dict.fromkeys(terms)),
                base.code,
                base.origin,
                base.parent,
            )
        for term in merged[index].terms:
            owner[term] = index
    return [g for g in merged if g.terms]


@dataclass
class Lexicon:
    groups: list[Group]
    stopwords: frozenset[str] = frozenset()
    extra_words: tuple[str, ...] = ()  # place names etc.: pinyin-readable, no synonyms
    _group_of: dict[str, Group] = field(init=False, repr=False)
    _by_pinyin: dict[str, str] = field(init=False, repr=False)
    _reads: dict[tuple[str, bool], ReadQuery] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.groups = merge(self.groups)
        self._group_of = {t: g for g in self.groups for t in g.terms}
        self._by_pinyin = {}
        for word in [*self._group_of, *(normalize(w) for w in self.extra_words)]:
            if all(is_han(c) for c in word) and len(word) > 1:
                self._by_pinyin.setdefault("".join(han_syllables(word)), word)

    @classmethod
    def load(cls, staff_groups: Iterable[Group] = (), extra_words: Iterable[str] = ()) -> Lexicon:
        return cls([*read_groups(), *staff_groups], read_stopwords(), tuple(extra_words))

    def knows(self, word: str) -> bool:
        return word in self._group_of

    def canonical(self, word: str, kind: str) -> str:
        """The group's canonical name for ``word`` if it names a ``kind``, else its normal form."""
        word = normalize(word)
        group = self._group_of.get(word)
        return group.canonical if group is not None and group.kind == kind else word

    def expand(self, word: str) -> tuple[str, ...]:
        """The word and all words meaning the same."""
        group = self._group_of.get(word)
        return group.terms if group else (word,)

    def synonyms(self) -> dict[str, list[str]]:
        """Meilisearch's synonyms setting: every term maps to every other term of its group."""
        out: dict[str, list[str]] = {}
        for group in self.groups:
            terms = group.terms[:MAX_TERMS]
            for term in terms:
                out[term] = [t for t in terms if t != term]
        return {k: v for k, v in sorted(out.items()) if v}

    def nearest(self, query: str, kind: str = "trade", limit: int = 5) -> list[str]:
        """Trade names closest to a query that found nothing, by characters or by sound: close
        (``NEAR``) and near the best one, so 喂猪 suggests 养猪工, not every trade sharing a syllable."""
        if not query:
            return []
        sound = self.read(query).pinyin.replace(" ", "")
        scored: dict[str, float] = {}
        for group in self.groups:
            if group.kind != kind:
                continue
            for term in group.terms:
                score = max(
                    fuzz.ratio(query, term),
                    fuzz.ratio(sound, "".join(han_syllables(term))) * 0.9,
                    INSIDE if len(term) >= 2 and term in query else 0,  # 电焊 in 电焊师付
                )
                scored[group.canonical] = max(scored.get(group.canonical, 0), score)
        best = sorted(scored.items(), key=lambda kv: -kv[1])[:limit]
        floor = max(NEAR, best[0][1] - NEAR_BEST) if best else NEAR
        return [name for name, score in best if score >= floor]

    def words_in(self, text: str) -> list[str]:
        """Vocabulary words found inside ``text`` (电焊工作 holds 电焊 and 焊工): sub-words for the index."""
        found = []
        for run in re.findall(r"[\u3400-\u9fff0-9a-z]+", text):
            for size in range(2, min(len(run), 10) + 1):
                for start in range(len(run) - size + 1):
                    piece = run[start : start + size]
                    if piece in self._group_of or (
                        piece != run and jieba.dt.FREQ.get(piece, 0) >= REAL_WORD
                    ):
                        found.append(piece)
        return list(dict.fromkeys(found))

    def index_terms(self, text: str) -> list[str]:
        """What the index holds beside ``text``: its sub-words, and every word of each vocabulary group
        found in it, so 挖掘 (a prefix of 挖掘机) finds a posting that says only 钩机师傅."""
        found = self.words_in(text)
        expanded = [t for w in found for t in self.expand(w)] if found else []
        return list(dict.fromkeys([*found, *expanded]))

    def read(self, query: str, wages: bool = True) -> ReadQuery:
        """Read a normalised query: wage figure out, pinyin and typos mapped onto the vocabulary.

        The words come back vocabulary words first: Meilisearch, when no document has every word,
        drops words from the end, so the words that carry the meaning must come first.
        """
        key = (query, wages)
        if (known := self._reads.get(key)) is None:
            if len(self._reads) >= 4096:  # workers search for the same trades again and again
                self._reads.clear()
            known = self._reads[key] = self._read(query, wages)
        return known

    def _read(self, query: str, wages: bool) -> ReadQuery:
        wage = None
        if wages:
            wage, query = take_wage(query)
        atoms = _atoms(query)
        words, corrected = self._vocabulary_words(atoms)
        words.sort(key=lambda w: 0 if w in self._group_of else 1 if _HAN_NEXT.match(w) else 2)
        pinyin = " ".join(a.syllable or a.text for a in atoms if a.word not in self.stopwords)
        return ReadQuery(" ".join(words), pinyin, wage, tuple(corrected))

    def _vocabulary_words(self, atoms: list[_Atom]) -> tuple[list[str], list[tuple[str, str]]]:
        words: list[str] = []
        corrected: list[tuple[str, str]] = []
        i = 0
        joinable = False  # may the next unmatched atom continue words[-1]?
        while i < len(atoms):
            atom = atoms[i]
            span, word = self._longest(atoms, i)
            if not span and atom.starts_word and atom.word in self.stopwords:
                i += len(atom.word) if atom.han else 1  # 有没有, 怎么办: no search meaning
                joinable = False
                continue
            if not span:
                # Unmatched atoms rejoin as typed: Chinese characters with their unmatched neighbours
                # (Meilisearch cuts Chinese itself), pinyin syllables within the word they were typed in.
                if joinable and (
                    atom.han
                    and words[-1][-1:]
                    and _HAN_NEXT.match(words[-1][-1])
                    or not atom.starts_word
                ):
                    words[-1] += atom.text
                else:
                    words.append(atom.text)
                joinable = True
                i += 1
                continue
            joinable = False
            typed = "".join(a.text for a in atoms[i : i + span])
            han = all(a.han for a in atoms[i : i + span])
            if han and (typed in self._group_of or jieba.dt.FREQ.get(typed, 0) >= REAL_WORD):
                word = typed  # typed a real word: take it as meant
            elif han:
                corrected.append((typed, word))
            words.append(word)
            i += span
        return [w for w in dict.fromkeys(words) if w], corrected

    def _longest(self, atoms: list[_Atom], i: int) -> tuple[int, str]:
        for span in range(min(MAX_SPAN, len(atoms) - i), 1, -1):
            chunk = atoms[i : i + span]
            cuts_word = i + span < len(atoms) and not atoms[i + span].starts_word
            if chunk[0].han and (not chunk[0].starts_word or (chunk[-1].han and cuts_word)):
                continue  # Chinese is matched in whole words as jieba cut them, not across their middles
            if all(a.syllable for a in chunk) and (
                word := self._by_pinyin.get("".join(a.syllable for a in chunk))
            ):
                return span, word
        return 0, ""


@dataclass(frozen=True)
class _Atom:
    text: str  # a Chinese character, a pinyin syllable, or a literal (cnc, a2)
    syllable: str | None
    han: bool
    starts_word: bool  # a space or a new token began here
    word: str  # the word it belongs to (as jieba cut it, or as typed)


def _atoms(query: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for token in _TOKENS.findall(query):
        if is_han(token[0]):
            words = list(jieba.cut(token))
            syllables = iter(han_syllables(token))
            for word in words:
                atoms.extend(
                    _Atom(char, next(syllables, None), True, n == 0, word)
                    for n, char in enumerate(word)
                )
        elif token.isalpha() and (syllables := split_syllables(token)):
            atoms.extend(_Atom(s, s, False, n == 0, token) for n, s in enumerate(syllables))
        else:
            atoms.append(_Atom(token, None, False, True, token))
    return atoms
