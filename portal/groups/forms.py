"""Reading what staff send about a phone group: one parser, pages and API alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..forms import Reader
from ..reference import stations

NAME = (2, 60)
ADMIN_MAX = 40
# A WeChat group holds at most 500 members; an estimate above that is a typing slip.
MEMBERS_MAX = 500
LIMITS = {"name": NAME[1], "admin_name": ADMIN_MAX, "member_estimate": MEMBERS_MAX}


@dataclass(frozen=True)
class GroupForm:
    name: str
    station_id: int | None  # None: one of the county's own groups
    admin_name: str
    member_estimate: int


def parse_group(raw: dict[str, Any]) -> GroupForm:
    r = Reader(raw)
    name = r.name("name", min_len=NAME[0], max_len=NAME[1])
    station_id = r.integer("station_id", low=1, high=len(stations()), required=False)
    admin = r.name("admin_name", max_len=ADMIN_MAX, required=False)
    members = r.integer("member_estimate", low=0, high=MEMBERS_MAX, required=False)
    r.done()
    return GroupForm(name, station_id, admin, members or 0)
