"""Small helpers the route modules share."""

from __future__ import annotations

import functools
import ipaddress
from typing import Any
from urllib.parse import urlsplit

import msgspec
from litestar import Request

from .errors import NotFound
from .forms import FormError, strip_control
from .i18n import lang_of

MAX_ID = 2**31 - 1


async def form_data(request: Request) -> dict[str, Any]:
    """A submitted form as a plain dict; the last value of a repeated field wins, so a hidden
    default before a checkbox of the same name is overridden when the box is ticked."""
    form = await request.form()
    return {key: form.getall(key)[-1] for key in form}


def errors_for(request: Request, exc: FormError) -> dict[str, str]:
    lang = lang_of(request)
    return {name: message.render(lang) for name, message in exc.errors.items()}


def check_id(value: int) -> int:
    """Ids out of the database's integer range are simply not found (not a database error)."""
    if not 1 <= value <= MAX_ID:
        raise NotFound
    return value


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site: an open redirect to another host is refused."""
    if (
        not target
        or not isinstance(target, str)
        or len(target) > 500
        or strip_control(target) != target
    ):
        return default
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return default
    return target


def body(data: Any) -> dict[str, Any]:
    """A typed API body as the form readers take it: only the fields the client sent."""
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


def client_ip(request: Request, trusted: tuple[str, ...]) -> str:
    """The client's address: the peer's, unless the peer is a configured proxy; then the nearest
    address in X-Forwarded-For that is not one of ours (anything left of it the client wrote)."""
    peer = request.client.host if request.client else ""
    if not _is_proxy(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_proxy(hop, trusted):
            return hop[:45]
    return hops[0][:45] if hops else peer


def _is_proxy(address: str, trusted: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(trusted))


@functools.cache
def _networks(trusted: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n) for n in trusted]
