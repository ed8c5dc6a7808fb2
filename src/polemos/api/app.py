"""The FastAPI application: JSON API under ``/api`` and the bundled web UI at ``/``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polemos import __version__
from polemos.api import routes_actors, routes_read, routes_write
from polemos.api.auth import token_from_env
from polemos.api.errors import install_error_handlers
from polemos.api.state import AppState
from polemos.config import load_config

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob: https: http:; style-src 'self' "
        "'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Polemos</title>
<h1>Polemos API</h1><p>The web UI is not built. Run <code>make setup</code> (or
<code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>). The API works: its
schema is at <a href="/openapi.json">/openapi.json</a>.</p>"""


class SecurityHeaders:
    """Pure ASGI middleware adding ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def static_dir() -> Path:
    """Where the front-end build lands (``web/build.mjs`` writes it)."""
    return Path(str(resources.files("polemos.api").joinpath("static")))


def _mount_ui(app: FastAPI) -> None:
    folder = static_dir()
    if (folder / "index.html").is_file():
        app.mount("/", StaticFiles(directory=folder, html=True), name="ui")
        return

    @app.get("/", include_in_schema=False)
    def not_built() -> HTMLResponse:
        return HTMLResponse(_NOT_BUILT)


def create_app(
    store_url: str, config: dict[str, Any] | None = None, api_token: str | None = None
) -> FastAPI:
    """The app over the store at ``store_url``.

    Writes need ``Authorization: Bearer <token>``; the token is ``api_token`` or else
    ``POLEMOS_API_TOKEN`` from the environment; with neither the server is read-only.
    """
    state = AppState(store_url, config if config is not None else load_config())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.stores.close_all()

    app = FastAPI(
        title="Polemos API",
        version=__version__,
        description="Conflict events with the evidence behind every field.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: not offline, and blocked by
        redoc_url=None,  # the CSP; the schema itself is at /openapi.json
    )
    app.state.polemos = state
    app.state.api_token = api_token or token_from_env()
    install_error_handlers(app)

    app.add_middleware(SecurityHeaders)
    app.include_router(routes_read.router)
    app.include_router(routes_actors.router)
    app.include_router(routes_write.router)
    _mount_ui(app)
    return app
