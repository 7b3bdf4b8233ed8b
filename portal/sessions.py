"""Server-side sessions that store nothing for visitors who have nothing to keep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty


class LeanSessionBackend(ServerSideSessionBackend):
    """Litestar stores every response's session, even an empty one, under a new id: a store write
    and a cookie for each anonymous search. Here an empty session is stored nowhere."""

    async def store_in_message(self, scope_session: Any, message: Any, connection: Any) -> None:
        if not scope_session:
            if not connection.cookies.get(self.config.key):
                return  # nothing to keep and nothing to clear
            scope_session = Empty  # clears the stored session and the cookie
        await super().store_in_message(scope_session, message, connection)


@dataclass
class SessionConfig(ServerSideSessionConfig):
    _backend_class = LeanSessionBackend  # type: ignore[assignment]
