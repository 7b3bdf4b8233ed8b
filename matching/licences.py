"""Which licences a worker holds on a given day, a higher class covering a lower one.

Names are the canonical certificate names of the portal's vocabulary (search/data/synonyms.json):
the portal folds 电焊证 / 焊工证 / 焊接与热切割证 into one name before scoring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

from .text import fold
from .types import Certificate

_DRIVING = "机动车驾驶证"
_SPECIAL = "特种作业操作证"
_ELECTRIC = "特种作业操作证（电工作业）"

# Holder of the key may do what the values require. Driving classes follow the Ministry of Public
# Security's rules on driving licences (A1 includes A3, B1, B2, C1; A2 includes B2, C1; B1 and B2
# include C1; C1 includes C2); the low- and high-voltage electrician cards are both an 电工证.
COVERS: dict[str, tuple[str, ...]] = {
    "机动车驾驶证A1（大型客车）": (
        "机动车驾驶证A3（城市公交车）",
        "机动车驾驶证B1（中型客车）",
        "机动车驾驶证B2（大型货车）",
        "机动车驾驶证C1（小型汽车）",
    ),
    "机动车驾驶证A2（重型牵引挂车）": ("机动车驾驶证B2（大型货车）", "机动车驾驶证C1（小型汽车）"),
    "机动车驾驶证A3（城市公交车）": ("机动车驾驶证C1（小型汽车）",),
    "机动车驾驶证B1（中型客车）": ("机动车驾驶证C1（小型汽车）",),
    "机动车驾驶证B2（大型货车）": ("机动车驾驶证C1（小型汽车）",),
    "机动车驾驶证C1（小型汽车）": ("机动车驾驶证C2（小型自动挡汽车）", _DRIVING),
    "机动车驾驶证C2（小型自动挡汽车）": (_DRIVING,),
    "特种作业操作证（低压电工作业）": (_ELECTRIC,),
    "特种作业操作证（高压电工作业）": (_ELECTRIC,),
    _ELECTRIC: (_SPECIAL,),
    "特种作业操作证（焊接与热切割作业）": (_SPECIAL,),
    "特种作业操作证（高处作业）": (_SPECIAL,),
    "特种作业操作证（制冷与空调作业）": (_SPECIAL,),
}


# The portal hands over names in the search vocabulary's normal form (half-width, lower case).
_COVERS = {fold(k): tuple(fold(v) for v in vs) for k, vs in COVERS.items()}


@cache
def covered_by(name: str) -> frozenset[str]:
    """``name`` and everything it covers, however many steps down."""
    name = fold(name)
    seen, todo = {name}, [name]
    while todo:
        for lower in _COVERS.get(todo.pop(), ()):
            if lower not in seen:
                seen.add(lower)
                todo.append(lower)
    return frozenset(seen)


def valid_on(certificates: Iterable[Certificate], day: dt.date) -> frozenset[str]:
    """Every licence name the worker may work under on ``day``: unexpired ones and what they cover."""
    held: set[str] = set()
    for cert in certificates:
        if cert.expires is None or cert.expires >= day:
            held |= covered_by(cert.name)
    return frozenset(held)


def expired_on(certificates: Iterable[Certificate], day: dt.date) -> frozenset[str]:
    held: set[str] = set()
    for cert in certificates:
        if cert.expires is not None and cert.expires < day:
            held |= covered_by(cert.name)
    return frozenset(held)
