"""Distances between the county's townships, from the coordinates of their seats."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import weights as w

_EARTH_KM = 6371.0


@dataclass(frozen=True)
class Places:
    """Township code -> (longitude, latitude). Townships without coordinates are 'elsewhere'."""

    coordinates: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def km(self, a: str, b: str) -> float | None:
        if a == b:
            return 0.0
        if a not in self.coordinates or b not in self.coordinates:
            return None
        (lon1, lat1), (lon2, lat2) = self.coordinates[a], self.coordinates[b]
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def place_score(km: float | None, daily_commute: bool) -> int:
    """0-100 for a job ``km`` from home (None: another township, distance unknown)."""
    if km == 0:
        return 100
    if km is None:
        return w.PLACE_UNKNOWN_COMMUTER if daily_commute else w.PLACE_UNKNOWN
    if daily_commute:
        return max(0, 100 - int(w.PLACE_KM_COST_COMMUTER * km))
    return max(w.PLACE_FLOOR, 100 - int(w.PLACE_KM_COST * km))
