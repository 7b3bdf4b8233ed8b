"""Reference data shipped with the portal: the county's townships and its stations."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from search.normalize import to_simplified

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class TownshipRef:
    code: str
    name: str
    kind: str


@cache
def townships() -> tuple[TownshipRef, ...]:
    with (DATA / "townships.csv").open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    return tuple(TownshipRef(r["code"], r["name"], r["type"]) for r in csv.DictReader(rows))


@cache
def _by_key() -> dict[str, TownshipRef]:
    keys: dict[str, TownshipRef] = {}
    for t in townships():
        keys[t.code] = t
        keys[t.name] = t
        keys[t.name[:-1] if len(t.name) > 2 else t.name] = t  # 锦屏 for 锦屏镇; 周口 for 周口街道 is below
        if t.name.endswith("街道"):
            keys[t.name[:-2]] = t
    return keys


def find_township(text: str | None) -> TownshipRef | None:
    """A township by code or name, Traditional or Simplified, with or without 镇/乡/街道."""
    if not text or not isinstance(text, str) or len(text) > 30:
        return None
    return _by_key().get(to_simplified(text))


@cache
def stations() -> list[dict]:
    return json.loads((DATA / "stations.json").read_text(encoding="utf-8"))["stations"]
