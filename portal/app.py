"""create_app(settings): the Litestar application, wired from settings passed in."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, MutableScopeHeaders, State
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.plugins.htmx import HTMXPlugin, HTMXRequest
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore
from litestar.template.config import TemplateConfig
from sqlalchemy.ext.asyncio import AsyncSession

from policies.ruleset import load_rules

from . import i18n
from .auth import provide_user, role_guard
from .db import session_scope
from .eligibility.service import find_people_daily
from .errors import HANDLERS
from .groups.tracking import track_visits
from .routes import DEPENDENCIES, ROUTES
from .runtime import Runtime
from .sessions import SessionConfig
from .settings import ROOT, Settings
from .templating import install_filters, install_globals

# No inline script or style anywhere (htmx's own indicator style is switched off in base.html), no
# framing. The API docs page (/schema) loads ReDoc from its CDN with an inline start-up script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.redoc.ly; "
    "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src https://fonts.gstatic.com; "
    "img-src 'self' data: https://cdn.jsdelivr.net https://cdn.redoc.ly; worker-src blob:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
# Static URLs carry a hash of the file (templating.static_url), so a changed file is a new URL.
STATIC_CACHE = CacheControlHeader(public=True, max_age=365 * 24 * 3600, immutable=True)


def _templates() -> TemplateConfig:
    env = Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.install(env)
    install_filters(env)
    install_globals(env)
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(env))


def _session_store(settings: Settings):
    if settings.redis_url:
        return RedisStore.with_client(
            url=settings.redis_url, namespace=f"{settings.meili_index_prefix}-sessions"
        )
    return FileStore(settings.var_dir / "sessions", create_directories=True)


def _import_store(settings: Settings):
    """Where archive imports keep their progress and result, for every app worker to read."""
    if settings.redis_url:
        return RedisStore.with_client(
            url=settings.redis_url, namespace=f"{settings.meili_index_prefix}-imports"
        )
    return FileStore(settings.var_dir / "imports", create_directories=True)


async def _sweep_sessions(store, every: float = 3600) -> None:
    """Files of expired sessions are never read again but stay on disk; Redis expires its own keys."""
    if not isinstance(store, FileStore):
        return
    while True:
        await asyncio.sleep(every)
        try:
            await store.delete_expired()
        except OSError:  # another app worker removed a file first
            pass


def security_headers(settings: Settings):
    """A before_send hook: the same headers on every response, pages, files, errors and redirects alike."""
    fixed = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "same-origin",
    }
    if (
        settings.secure_cookies
    ):  # only behind HTTPS: HSTS over plain HTTP would lock a test site out
        fixed["strict-transport-security"] = "max-age=31536000; includeSubDomains"

    async def add(message, scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in fixed.items():
            headers[name] = value
        headers["content-security-policy"] = (
            DOCS_CSP if scope["path"].startswith("/schema") else CSP
        )

    return add


async def refuse_nul(request) -> None:
    """A NUL in a path names no page or file (the static files' os.stat would raise on it)."""
    if "\x00" in request.url.path:
        raise NotFoundException()


def _compression() -> CompressionConfig:
    try:
        import brotli  # noqa: F401 - smaller than gzip; optional, gzip alone when absent
    except ImportError:
        return CompressionConfig(backend="gzip")
    return CompressionConfig(backend="brotli", brotli_gzip_fallback=True)


def provide_runtime(state: State) -> Runtime:
    return state.runtime


# How long a worker thread (an import being read and screened) may hold the interpreter before the
# event loop gets it back: Python's default is 5 ms. Measured with scripts/bench_healthz_load.py on
# this 2-core machine, 40 wrong logins and a 5,000-row import at once: /healthz p95 223 and 207 ms at
# 5 ms, 117 and 100 ms at 1 ms; the import itself took about 13% longer.
SWITCH_INTERVAL = 0.001


def create_app(settings: Settings, runtime: Runtime | None = None) -> Litestar:
    """The portal. ``runtime`` may be given (tests share one); otherwise it is opened at start-up."""
    load_rules()  # a bad rule file stops the portal here, not at the first eligibility check

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        sys.setswitchinterval(SWITCH_INTERVAL)
        rt = runtime or Runtime.open(settings)
        app.state.runtime = rt
        async with rt.sessions() as session:
            await rt.vocabulary.refresh(session)  # staff synonyms, before the first search
        loop = asyncio.get_running_loop()
        background = [
            loop.create_task(_sweep_sessions(store)),
            loop.create_task(find_people_daily(rt.sessions)),
            loop.create_task(_sweep_sessions(app.stores.get("imports"))),
        ]
        if settings.warm_vocabulary:
            rt.vocabulary.warm()
            # Every archive and open vacancy into the matcher now, not in the first request that needs them.
            background.append(loop.create_task(rt.matches.warm(rt.sessions, rt.vocabulary)))
        rt.indexer.start()
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            if runtime is None:
                await rt.close()
            else:
                await rt.indexer.stop()
                await rt.search.aclose()

    async def db_session(state: State) -> AsyncIterator[AsyncSession]:
        async for session in session_scope(state.runtime.sessions):
            yield session

    store = _session_store(settings)
    session_config = SessionConfig(
        store="sessions",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=8 * 3600,
    )
    csrf = CSRFConfig(
        secret=settings.secret_key, cookie_secure=settings.secure_cookies, cookie_samesite="lax"
    )
    guarded = Router(path="/", route_handlers=ROUTES, guards=[role_guard])
    static = create_static_files_router(
        path="/static",
        directories=[ROOT / "static"],
        opt={"public": True},
        cache_control=STATIC_CACHE,
    )
    return Litestar(
        route_handlers=[guarded, static],
        lifespan=[lifespan],
        dependencies={
            "db_session": Provide(db_session),
            "user": Provide(provide_user),
            "runtime": Provide(provide_runtime, sync_to_thread=False),
            **DEPENDENCIES,
        },
        middleware=[session_config.middleware, track_visits(settings.secure_cookies)],
        before_request=refuse_nul,
        before_send=[security_headers(settings)],
        compression_config=_compression(),
        stores={"sessions": store, "imports": _import_store(settings)},
        csrf_config=csrf,
        template_config=_templates(),
        request_class=HTMXRequest,
        plugins=[HTMXPlugin()],
        exception_handlers=HANDLERS,
        openapi_config=OpenAPIConfig(
            title="蓬安县务工就业服务平台 API", version="1.0.0", path="/schema"
        ),
        request_max_body_size=2 * 1024 * 1024,
        debug=settings.debug,
    )
