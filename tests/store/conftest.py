"""Builders of articles and events, and the stores of the store tests.

The ``store`` fixture (and ``store_url``) is parameterised over both backends: SQLite in a
temporary file and PostgreSQL in a fresh database of a throw-away cluster started once per
session (``pgcluster.py``; or the server in ``POLEMOS_TEST_PG_URL``).  Without PostgreSQL
binaries the PostgreSQL cases skip locally and FAIL in CI (``CI=true``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from polemos.models import Article, DateSource, Event, Evidence, OffsetMap, content_hash
from polemos.store import open_store
from polemos.store.sql import SQLStore
from polemos.store.sqlite import SQLiteStore

BACKENDS = ["sqlite", "postgresql"]


def make_article(article_id: str = "art_1", text: str | None = None, **extra: Any) -> Article:
    body = text if text is not None else f"Clashes were reported in Kidal ({article_id})."
    fields: dict[str, Any] = {
        "id": article_id,
        "url": f"https://example.org/{article_id}",
        "source": "Example News",
        "title": f"Title of {article_id}",
        "published": date(2024, 3, 2),
        "published_from": DateSource.METADATA,
        "text": body,
        "clean_text": body,
        "offsets": OffsetMap.identity(len(body)),
        "content_hash": content_hash(body),
        "origin": f"inbox/{article_id}.txt",
        "format": "txt",
        "flags": ["short"],
    }
    fields.update(extra)
    return Article(**fields)


def make_event(event_id: str = "ev_1", article_id: str = "art_1", **extra: Any) -> Event:
    fields: dict[str, Any] = {
        "event_id_cnty": event_id,
        "event_date": date(2024, 3, 1),
        "year": 2024,
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Mali (2021-)",
        "inter1": 1,
        "actor2": "JNIM: Group for Support of Islam and Muslims",
        "inter2": 2,
        "interaction": 12,
        "iso": 466,
        "region": "Western Africa",
        "country": "Mali",
        "admin1": "Kidal",
        "location": "Kidal",
        "latitude": 18.4411,
        "longitude": 1.4078,
        "geo_precision": 1,
        "source": "Example News",
        "fatalities": 3,
        "evidence": [
            Evidence(article_id=article_id, field="location", start=23, end=28, text="Kidal"),
            Evidence(article_id=article_id, field="event_type", start=0, end=8, text="Clashes"),
        ],
        "article_ids": [article_id],
        "pipeline_version": "0.1.0",
    }
    fields.update(extra)
    return Event(**fields)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "polemos.db"


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(db_path) as opened:
        yield opened


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A database URL on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[SQLStore]:
    opened = open_store(store_url)
    if not isinstance(opened, SQLStore):
        raise TypeError(f"{store_url} did not open a SQL store")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def article() -> Callable[..., Article]:
    return make_article


@pytest.fixture
def event() -> Callable[..., Event]:
    return make_event
