"""SQLite specifics: plain ``sqlite3`` can read the tables; ``:memory:`` databases."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from polemos.models import ACLED_COLUMNS, Article, Event
from polemos.store import SQLiteStore

MakeArticle = Callable[..., Article]
MakeEvent = Callable[..., Event]


def test_sqlite_tables_readable_with_plain_sqlite(
    sqlite_store: SQLiteStore, db_path: Path, article: MakeArticle, event: MakeEvent
) -> None:
    sqlite_store.add_article(article("art_1"), None)
    sqlite_store.replace_reports("art_1", [event("r1")], "v1")
    sqlite_store.replace_events([event("e1")], [])
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        art = conn.execute("SELECT * FROM articles").fetchone()
        assert art["published"] == "2024-03-02"
        assert json.loads(art["flags"]) == ["short"]
        assert art["extracted_version"] == "v1"
        report = conn.execute("SELECT * FROM reports").fetchone()
        assert set(ACLED_COLUMNS) <= set(report.keys())
        assert report["event_date"] == "2024-03-01"
        assert report["latitude"] == pytest.approx(18.4411)
        assert report["article_id"] == "art_1"
        row = conn.execute("SELECT * FROM events").fetchone()
        assert json.loads(row["article_ids"]) == ["art_1"]
        assert json.loads(row["record"])["event_id_cnty"] == "e1"
        evidence = conn.execute(
            'SELECT owner_kind, owner_id, field, start, "end", text FROM evidence '
            "ORDER BY owner_kind, id"
        ).fetchall()
    assert [tuple(r) for r in evidence] == [
        ("event", "e1", "location", 23, 28, "Kidal"),
        ("event", "e1", "event_type", 0, 8, "Clashes"),
        ("report", "r1", "location", 23, 28, "Kidal"),
        ("report", "r1", "event_type", 0, 8, "Clashes"),
    ]


def test_sqlite_memory_store(article: MakeArticle) -> None:
    with SQLiteStore(":memory:") as store:
        assert store.add_article(article("a"), None)
        assert store.stats().schema_version >= 1
