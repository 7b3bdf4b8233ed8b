"""What staff send about phone groups and what the API answers (documented in /schema)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.params import KwargDefinition as Doc
from msgspec import UNSET, UnsetType


class GroupForm(msgspec.Struct, kw_only=True):
    """A phone group to register; its tracking code is made for it."""

    name: Annotated[str, Doc(description="2 to 60 characters, e.g. 蓬安农民工之家（广州一群）")]
    station_id: Annotated[
        int | None | UnsetType,
        Doc(description="the station (1-8) that looks after it; null: county"),
    ] = UNSET
    admin_name: Annotated[str | UnsetType, Doc(max_length=40)] = UNSET
    member_estimate: Annotated[int | UnsetType, Doc(description="0 to 500")] = UNSET


class FunnelCard(msgspec.Struct, kw_only=True):
    group_id: int
    visits: Annotated[int, Doc(description="browsers through the code, once each per day")]
    accounts: Annotated[int, Doc(description="accounts created after a visit through the code")]
    interests: Annotated[int, Doc(description="'I'm interested' by those accounts' archives")]
    contracts: Annotated[int, Doc(description="intent contracts signed by those archives")]


class GroupCard(msgspec.Struct, kw_only=True):
    id: int
    code: Annotated[str, Doc(description="6 characters; links carry it as ?g=CODE")]
    name: str
    station_id: int | None
    admin_name: str
    member_estimate: int
    funnel: FunnelCard | None = None


class ShareKit(msgspec.Struct, kw_only=True):
    text: Annotated[str, Doc(description="at most 300 characters, ready to paste into the group")]
    link: Annotated[str, Doc(description="the public page, carrying ?g=CODE when a group is given")]
    poster_url: Annotated[str, Doc(description="a PNG 1080 px wide with the link's QR code")]
