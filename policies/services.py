"""Reading the catalogue, and loading it from its data file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Measure

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_CATALOGUE = DATA / "measures.json"
FIELDS = (
    "title",
    "category",
    "summary",
    "body",
    "eligibility",
    "benefit",
    "department",
    "documents",
    "one_trip",
    "keywords",
)


def read_catalogue(path: Path = SAMPLE_CATALOGUE) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = [m["code"] for m in data["measures"]]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{path}: duplicate measure codes")
    return data


async def load_catalogue(
    session: AsyncSession, data: dict[str, Any], normalize: Callable[[str], str]
) -> list[Measure]:
    """Insert or update every measure by code (idempotent); returns the measures that changed.

    ``normalize`` gives the text form the database fallback search matches against.
    """
    existing = {m.code: m for m in await session.scalars(select(Measure))}
    changed = []
    for item in data["measures"]:
        values = {f: item[f] for f in FIELDS}
        values["is_sample"] = bool(data.get("sample", False))
        values["search_text"] = normalize(
            " ".join(
                [item["title"], item["summary"], item["body"], item["benefit"], *item["keywords"]]
            )
        )
        measure = existing.get(item["code"])
        if measure is None:
            measure = Measure(code=item["code"], **values)
            session.add(measure)
        elif all(getattr(measure, k) == v for k, v in values.items()):
            continue
        else:
            for key, value in values.items():
                setattr(measure, key, value)
        changed.append(measure)
    await session.flush()
    return changed


class CatalogueService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, measure_id: int) -> Measure | None:
        return await self.session.get(Measure, measure_id)

    async def with_keywords(self, words: Iterable[str], limit: int = 3) -> list[Measure]:
        """Measures whose keywords include any of ``words``, in catalogue order (the catalogue is small)."""
        wanted = set(words)
        measures = await self.session.scalars(select(Measure).order_by(Measure.code))
        return [m for m in measures if wanted & set(m.keywords)][:limit]
