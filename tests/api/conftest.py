"""Fixtures for the API tests: one demo database per session, clients over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.demo import build_demo_db

from polemos.api import create_app
from polemos.config import load_config
from polemos.store import open_store
from polemos.store.base import Store

TOKEN = "s3cret-test-token"


def api_config(cache_seconds: float = 0) -> dict[str, Any]:
    """The default configuration, untouched by the environment, with this cache setting."""
    return load_config(overrides=[f"web.cache_seconds={cache_seconds}"], environ={})


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_db(tmp_path_factory.getbasetemp() / "polemos-demo")


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    """A read-only client (no token) over the shared demo database: never write with it."""
    app = create_app(str(demo_db), api_config(), api_token=None)
    app.state.api_token = None  # hermetic: ignore a POLEMOS_API_TOKEN in the environment
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def store(demo_db: Path) -> Iterator[Store]:
    opened = open_store(str(demo_db))
    yield opened
    opened.close()


@pytest.fixture
def writable_db(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for tests that write."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(demo_db, copy)
    return copy


def events_of(client: TestClient, **params: object) -> list[dict[str, object]]:
    """Every event matching ``params``, following cursors."""
    found: list[dict[str, object]] = []
    query = {**params, "limit": 500}
    while True:
        response = client.get("/api/events", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        found.extend(body["events"])
        if not body["next_cursor"]:
            return found
        query["cursor"] = body["next_cursor"]
