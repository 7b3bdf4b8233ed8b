"""Reference data shipped with the portal: the county's townships and its stations."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from policies.services import load_catalogue, read_catalogue
from search.normalize import normalize, to_simplified

from .i18n import N_
from .models import SearchOutbox, Station, Township

DATA = Path(__file__).resolve().parent / "data"

# The county bureau, named once: on slips for archives no station keeps, posters, feeds, audit lines.
BUREAU = N_("Peng'an County Human Resources and Social Security Bureau")


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
        keys[t.name[:-1] if len(t.name) > 2 else t.name] = (
            t  # 锦屏 for 锦屏镇; 周口 for 周口街道 is below
        )
        if t.name.endswith("街道"):
            keys[t.name[:-2]] = t
    return keys


def find_township(text: str | None) -> TownshipRef | None:
    """A township by code or name, Traditional or Simplified, with or without 镇/乡/街道."""
    if not text or not isinstance(text, str) or len(text) > 30:
        return None
    return _by_key().get(to_simplified(text))


@cache
def township_places() -> dict[str, tuple[float, float]]:
    """Township code -> (longitude, latitude) of its seat, from data/township_places.csv if the county
    supplies one (none ships: no package reachable here has them); without it, distances are unknown."""
    path = DATA / "township_places.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    return {r["code"]: (float(r["longitude"]), float(r["latitude"])) for r in csv.DictReader(rows)}


@cache
def stations() -> list[dict]:
    return json.loads((DATA / "stations.json").read_text(encoding="utf-8"))["stations"]


@dataclass(frozen=True)
class Industry:
    key: str
    zh: str  # what search indexes, whatever the page language
    label: str  # msgid for the page


INDUSTRIES: tuple[Industry, ...] = (
    Industry("construction", "建筑", N_("Construction")),
    Industry("manufacturing", "制造", N_("Manufacturing")),
    Industry("logistics", "物流运输", N_("Logistics and driving")),
    Industry("catering", "餐饮", N_("Catering")),
    Industry("farming", "果园与蚕桑", N_("Orchards, silk and farming")),
    Industry("repair", "汽修机修", N_("Vehicle and machine repair")),
    Industry("ecommerce", "电子商务", N_("E-commerce")),
    Industry("housekeeping", "家政服务", N_("Housekeeping")),
    Industry("garment", "服装缝纫", N_("Garments and sewing")),
    Industry("care", "养老护理", N_("Elderly and patient care")),
    Industry("other", "其他", N_("Other")),
)
INDUSTRY_BY_KEY = {i.key: i for i in INDUSTRIES}


def find_industry(text: str | None) -> Industry | None:
    """An industry by key or by its Chinese name (Traditional accepted)."""
    if not text or not isinstance(text, str) or len(text) > 30:
        return None
    text = to_simplified(text)
    return INDUSTRY_BY_KEY.get(text) or next((i for i in INDUSTRIES if i.zh == text), None)


async def load_reference(session: AsyncSession) -> dict[str, int]:
    """Bring the townships, the stations and the catalogue up to date; creates no account.

    Idempotent: rows already there are kept, measures whose text changed are re-indexed through the
    outbox. Returns what was added or changed, per kind."""
    have = {t.code for t in await session.scalars(select(Township))}
    new_townships = [
        Township(code=t.code, name=t.name, kind=t.kind) for t in townships() if t.code not in have
    ]
    session.add_all(new_townships)
    have_stations = {s.city: s for s in await session.scalars(select(Station))}
    new_stations = [
        Station(id=i, **s)
        for i, s in enumerate(stations(), start=1)
        if s["city"] not in have_stations
    ]
    session.add_all(new_stations)
    for s in stations():  # a station's phone, address or hours changed in the data: say so here too
        if (row := have_stations.get(s["city"])) is not None:
            for key, value in s.items():
                setattr(row, key, value)
    changed = await load_catalogue(session, read_catalogue(), normalize)
    session.add_all(SearchOutbox(entity="policy", entity_id=m.id) for m in changed)
    await session.flush()
    return {
        "townships": len(new_townships),
        "stations": len(new_stations),
        "measures": len(changed),
    }
