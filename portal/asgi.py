"""ASGI entry point for production servers: ``uvicorn portal.asgi:app --workers 4``."""

from .app import create_app
from .settings import Settings

app = create_app(Settings.from_env())
