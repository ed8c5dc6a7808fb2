"""Bearer-token check for writes; with no ``POLEMOS_API_TOKEN`` the server is read-only."""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping

from fastapi import Request

from polemos.api.errors import ApiError

TOKEN_ENV = "POLEMOS_API_TOKEN"


def token_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The API token from the environment (never from a file), or None."""
    value = (os.environ if environ is None else environ).get(TOKEN_ENV, "")
    return value or None


def check_bearer(expected: str | None, authorization: str | None) -> None:
    """Raise ``ApiError`` unless ``authorization`` is ``Bearer <expected>``."""
    if expected is None:
        raise ApiError(
            403, "read_only", f"this server is read-only: set {TOKEN_ENV} to allow writes"
        )
    scheme, _, given = (authorization or "").partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "unauthorized", "missing bearer token", challenge)
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(403, "forbidden", "wrong bearer token")


def require_token(request: Request) -> None:
    """FastAPI dependency for write endpoints."""
    check_bearer(request.app.state.api_token, request.headers.get("authorization"))
