"""Running the API with uvicorn (``polemos serve``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from polemos.errors import ResourceMissingError, UsageError

_STORE_ENV = "POLEMOS_SERVE_STORE"
_CONFIG_ENV = "POLEMOS_SERVE_CONFIG"


def app_from_env() -> Any:
    """App factory for uvicorn worker processes (``--workers N``): store and config from
    the environment that ``serve`` set before starting them."""
    from polemos.api import create_app

    return create_app(os.environ[_STORE_ENV], json.loads(os.environ[_CONFIG_ENV]))


def serve(
    store_url: str,
    config: dict[str, Any],
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    log: Callable[[str], Any] = print,
) -> None:
    """Serve ``create_app(store_url, config)`` until interrupted (``workers`` processes)."""
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    try:
        import uvicorn

        from polemos.api import create_app
        from polemos.api.app import static_dir
    except ImportError as error:
        raise ResourceMissingError(
            f"the web server needs {error.name or 'fastapi and uvicorn'}",
            hint="install the web extra: pip install 'polemos[web]'",
        ) from None
    app = create_app(store_url, config)  # also checks the store and applies migrations
    mode = "read-only" if app.state.api_token is None else "writes with bearer token"
    ui = "web UI" if (static_dir() / "index.html").is_file() else "no web UI (not built)"
    where = f"http://{host}:{port}/"
    log(f"Polemos on {where} ({ui}; API schema at /openapi.json; {mode}; {workers} worker(s))")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[_STORE_ENV] = store_url
    os.environ[_CONFIG_ENV] = json.dumps(config)
    uvicorn.run(
        "polemos.api.serve:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
