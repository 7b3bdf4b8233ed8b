"""Settings, parsed strictly from the environment once and passed into create_app()."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """The environment names a value the portal cannot use."""


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def public_base_url(raw: str | None) -> str:
    """PUBLIC_BASE_URL as ``scheme://host[:port][/path]`` without a trailing slash."""
    value = (raw or "").strip() or "http://127.0.0.1:8000"
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(
            "PUBLIC_BASE_URL must be an http:// or https:// address, e.g. https://jobs.pengan.gov.cn"
        )
    return value.rstrip("/")


def database_url(raw: str | None, var_dir: Path) -> str:
    """Normalise DATABASE_URL to an async driver URL (SQLite file under var/ when unset)."""
    if not raw:
        return f"sqlite+aiosqlite:///{var_dir / 'portal.sqlite3'}"
    if raw.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + raw.split("://", 1)[1]
    if raw.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + raw[len("sqlite:///") :]
    if raw.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite:///")):
        return raw
    raise SettingsError("DATABASE_URL must be a postgresql:// or sqlite:/// URL")


def trusted_proxies(raw: str) -> tuple[str, ...]:
    """TRUSTED_PROXIES: comma-separated addresses or networks (``10.0.0.5, 172.16.0.0/12``)."""
    networks = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise SettingsError(
                f"TRUSTED_PROXIES: {item!r} is not an IP address or network"
            ) from None
    return tuple(networks)


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    var_dir: Path
    meili_url: str | None = None
    meili_master_key: str | None = None
    meili_bin: str | None = None
    meili_index_prefix: str = "portal"
    redis_url: str | None = None
    secure_cookies: bool = False
    outbox_interval: float = 1.0
    # How stale a process's matcher may get when another process changed an archive or a vacancy.
    match_refresh_seconds: float = 2.0
    login_max_failures: int = 5  # per phone number and client address
    login_max_failures_per_address: int = (
        20  # any phone numbers: one address trying many is spraying
    )
    login_window_seconds: int = 900
    register_max_per_address: int = 5  # employer registrations per client address per window
    register_window_seconds: int = 3600
    # Worker sign-ups per client address per window: higher than employers', because a fair's
    # Wi-Fi or a carrier's shared address carries many honest workers at once.
    signup_max_per_address: int = 30
    # Proxies whose X-Forwarded-For names the client; from anyone else the header is ignored.
    trusted_proxies: tuple[str, ...] = ()
    debug: bool = False
    # Where the public reaches the portal: the verify links printed on contracts (QR and text) start with
    # it, never with the Host header of the request that printed them (a forged Host would print a fake site).
    public_base_url: str = "http://127.0.0.1:8000"
    # Build the trade vocabulary (a few seconds in a thread) at start-up rather than at first use.
    warm_vocabulary: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("PORTAL_VAR_DIR") or ROOT / "var")
        secret = env.get("SECRET_KEY") or ""
        if not secret:
            # A development fallback only: sessions and contract tokens then last one process.
            secret = secrets.token_urlsafe(32)
        elif len(secret) < 16:
            raise SettingsError("SECRET_KEY must be at least 16 characters")
        return cls(
            database_url=database_url(env.get("DATABASE_URL"), var_dir),
            secret_key=secret,
            var_dir=var_dir,
            meili_url=env.get("MEILI_URL") or None,
            meili_master_key=env.get("MEILI_MASTER_KEY") or None,
            meili_bin=env.get("MEILI_BIN") or None,
            meili_index_prefix=env.get("MEILI_INDEX_PREFIX") or "portal",
            redis_url=env.get("REDIS_URL") or None,
            public_base_url=public_base_url(env.get("PUBLIC_BASE_URL")),
            secure_cookies=_bool("SECURE_COOKIES", env.get("SECURE_COOKIES", "0")),
            trusted_proxies=trusted_proxies(env.get("TRUSTED_PROXIES", "")),
            debug=_bool("PORTAL_DEBUG", env.get("PORTAL_DEBUG", "0")),
        )
