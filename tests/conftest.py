"""Shared fixtures: small hand-written articles (core tests never need ../shared)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.store.pgcluster import ENV_URL, ExternalServer, PgCluster, start_server

from polemos.store import open_store
from polemos.store.base import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold"

ARTICLES = {
    "kafr.txt": (
        "Rebels seize town in Hama\r\n\r\nOn February 9, Jund al-Aqsa captured the town of "
        "Kafr Zeita in northern Hama province after clashes with the Free Syrian Army.\r\n\r\n"
        "About 30 fighters were killed.\r\n\r\nSupport SouthFront\r\n"
    ),
    "kirkuk.md": (
        "# Bomb near Kirkuk\n\nA roadside bomb exploded next to an Iraqi police patrol near "
        "Kirkuk on Monday, killing two policemen, a security source said.\n"
    ),
}
JSONL_RECORDS = [
    {
        "id": "doc-raqqa",
        "text": "Coalition aircraft conducted an airstrike near Raqqa, Syria, on Thursday, "
        "destroying an ISIL vehicle, the task force said.\n\nLeave a Reply",
        "meta": {"published": "2016-12-16", "source": "CENTCOM", "title": "Strike near Raqqa"},
    },
]


def write_articles(directory: Path) -> Path:
    """Write the fixture articles (txt, md, jsonl) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (directory / name).write_bytes(text.encode("utf-8"))
    lines = [json.dumps(r, ensure_ascii=False) for r in JSONL_RECORDS]
    (directory / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return directory


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


def needs_gold(name: str) -> Path:
    """Path of a shared gold file, or skip the test when it is absent."""
    path = GOLD / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


# -- PostgreSQL for store-backed tests (see tests/store/pgcluster.py) -------------------

NO_POSTGRES = (
    f"no PostgreSQL server: install PostgreSQL (apt-get install postgresql: initdb and "
    f"pg_ctl) or set {ENV_URL}=postgresql://user@127.0.0.1:PORT/postgres"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ExternalServer | PgCluster]:
    """One PostgreSQL server for the session (see the module docstring)."""
    server = start_server()
    if server is None:
        if in_ci():
            pytest.fail(f"CI needs PostgreSQL for the store tests: {NO_POSTGRES}")
        pytest.skip(NO_POSTGRES)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: ExternalServer | PgCluster) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database."""
    url = pg_server.new_database()
    yield url
    if not pg_server.owned:
        pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on each backend (SQLite file, then a PostgreSQL database)."""
    url = str(tmp_path / "polemos.db")
    if request.param == "postgresql":
        url = str(request.getfixturevalue("pg_url"))
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.close()
