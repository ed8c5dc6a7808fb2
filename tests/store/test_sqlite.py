"""The SQLite store: articles, rejections, reports, events, claims, filters, stats."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from polemos.errors import StoreError
from polemos.models import ACLED_COLUMNS, Article, Claim, Event, Evidence, Rejection
from polemos.store import EventFilter, SQLiteStore
from polemos.store import sqlite as sqlite_module

MakeArticle = Callable[..., Article]
MakeEvent = Callable[..., Event]


def test_sqlite_add_article_idempotent(store: SQLiteStore, article: MakeArticle) -> None:
    first = article("art_1")
    assert store.add_article(first, b"\x00\x01sig") is True
    assert store.add_article(first, b"other") is False
    assert store.add_article(article("art_1", text="different text"), None) is False
    assert store.get_article("art_1") == first
    assert store.has_article("art_1")
    assert not store.has_article("art_2")
    assert store.get_article("art_2") is None
    assert list(store.iter_signatures()) == [("art_1", b"\x00\x01sig")]
    assert store.stats().articles == 1


def test_sqlite_article_round_trip_and_text(store: SQLiteStore, article: MakeArticle) -> None:
    text = "عاجل: اشتباكات في حلب\n\nBoilerplate"
    original = article("art_ar", text=text, clean_text=text[:21], language="ar", published=None)
    store.add_article(original, None)
    assert store.get_article("art_ar") == original
    assert store.get_text("art_ar") == text[:21]
    assert store.get_text("missing") is None
    assert list(store.iter_articles()) == [original]


def test_sqlite_signatures_skip_duplicates(store: SQLiteStore, article: MakeArticle) -> None:
    store.add_article(article("a"), b"A")
    store.add_article(article("b", duplicate_of="a"), b"B")
    store.add_article(article("c"), None)
    assert list(store.iter_signatures()) == [("a", b"A")]
    stats = store.stats()
    assert (stats.articles, stats.duplicates, stats.extra["signatures"]) == (3, 1, 2)


def test_sqlite_tables_readable_with_plain_sqlite(
    store: SQLiteStore, db_path: Path, article: MakeArticle, event: MakeEvent
) -> None:
    store.add_article(article("art_1"), None)
    store.replace_reports("art_1", [event("r1")], "v1")
    store.replace_events([event("e1")], [])
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


def test_sqlite_rejections_idempotent(store: SQLiteStore) -> None:
    at = datetime(2024, 3, 2, 10, 0, tzinfo=UTC)
    store.add_rejection(Rejection(origin="x.pdf", code="format", reason="pdf", at=at))
    store.add_rejection(Rejection(origin="x.pdf", code="format", reason="pdf again", at=at))
    store.add_rejection(Rejection(origin="a.txt", code="empty", reason="empty"))
    assert store.rejections() == [
        Rejection(origin="a.txt", code="empty", reason="empty"),
        Rejection(origin="x.pdf", code="format", reason="pdf again", at=at),
    ]
    assert store.stats().rejections == 2


def test_sqlite_pending_articles(store: SQLiteStore, article: MakeArticle) -> None:
    for article_id in ("c", "a", "b"):
        store.add_article(article(article_id), None)
    store.add_article(article("d", duplicate_of="a"), None)
    assert store.pending_articles("v1") == ["a", "b", "c"]
    store.replace_reports("b", [], "v1")
    assert store.pending_articles("v1") == ["a", "c"]
    assert store.pending_articles("v2") == ["a", "b", "c"]
    assert store.extracted_version("b") == "v1"
    assert store.stats("v1").pending == 2
    assert store.stats().pending == 2


def test_sqlite_replace_reports_replaces(
    store: SQLiteStore, article: MakeArticle, event: MakeEvent
) -> None:
    store.add_article(article("art_1"), None)
    store.add_article(article("art_2"), None)
    store.replace_reports("art_1", [event("r1"), event("r2")], "v1")
    store.replace_reports("art_2", [event("r3", article_id="art_2")], "v1")
    store.replace_reports("art_1", [event("r4", fatalities=9)], "v2")
    assert [r.event_id_cnty for r in store.iter_reports()] == ["r4", "r3"]
    assert store.reports_for("art_1") == [event("r4", fatalities=9)]
    assert store.extracted_version("art_1") == "v2"
    stats = store.stats()
    assert (stats.reports, stats.extra["evidence"]) == (2, 4)


def test_sqlite_replace_reports_atomic(
    store: SQLiteStore, article: MakeArticle, event: MakeEvent, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_article(article("art_1"), None)
    old = [event("old_1"), event("old_2")]
    store.replace_reports("art_1", old, "v1")
    real_row = sqlite_module._report_row

    def failing_row(report: Event, article_id: str, position: int) -> tuple[Any, ...]:
        if report.event_id_cnty == "new_2":
            raise RuntimeError("simulated failure")
        return real_row(report, article_id, position)

    monkeypatch.setattr(sqlite_module, "_report_row", failing_row)
    with pytest.raises(RuntimeError, match="simulated"):
        store.replace_reports("art_1", [event("new_1"), event("new_2")], "v2")
    assert store.reports_for("art_1") == old
    assert store.extracted_version("art_1") == "v1"
    assert store.stats().extra["evidence"] == 4
    assert not store.connection.in_transaction


def test_sqlite_replace_reports_unknown_article(store: SQLiteStore, event: MakeEvent) -> None:
    with pytest.raises(StoreError, match="nope"):
        store.replace_reports("nope", [], "v1")
    with pytest.raises(StoreError):
        store.replace_reports("nope", [event("r1", article_id="nope")], "v1")
    assert store.stats().reports == 0


def test_sqlite_event_round_trip_with_evidence(
    store: SQLiteStore, article: MakeArticle, event: MakeEvent
) -> None:
    store.add_article(article("art_1"), None)
    original = event(
        "e1",
        notes='Clashes near "Kidal"; 3 killed.\nسيارة مفخخة',
        latitude=-0.1 + 0.2,
        geo_precision=2,
        article_ids=["art_1", "art_2"],
        date_basis="published",
    )
    store.replace_events([original], [])
    assert list(store.iter_events()) == [original]
    assert store.get_event("e1") == original
    assert store.get_event("e2") is None


def test_sqlite_replace_events_and_claims(store: SQLiteStore, event: MakeEvent) -> None:
    evidence = [Evidence(article_id="a", field="fatalities", start=1, end=2, text="3")]
    claims = [
        Claim(event_id="e1", report_id="r1", article_id="a", source="S", field="fatalities",
              value=3, evidence=evidence),
        Claim(event_id="e1", report_id="r2", article_id="b", source="T", field="actor1",
              value={"name": "JNIM", "inter": [2]}),
    ]  # fmt: skip
    store.replace_events([event("e1"), event("e2")], claims)
    assert store.claims_for("e1") == claims
    store.replace_events([event("e3")], [])
    assert [e.event_id_cnty for e in store.iter_events()] == ["e3"]
    assert store.claims_for("e1") == []
    stats = store.stats()
    assert (stats.events, stats.claims, stats.extra["evidence"]) == (1, 0, 2)


def test_sqlite_replace_events_atomic(store: SQLiteStore, event: MakeEvent) -> None:
    store.replace_events([event("e1")], [])
    orphan = Claim(event_id="zz", report_id="r", article_id="a", source="s", field="f", value=1)
    with pytest.raises(StoreError):
        store.replace_events([event("e2")], [orphan])
    assert [e.event_id_cnty for e in store.iter_events()] == ["e1"]


def _filter_ids(store: SQLiteStore, **kwargs: Any) -> list[str]:
    return [e.event_id_cnty for e in store.iter_events(EventFilter(**kwargs))]


def test_sqlite_filters(store: SQLiteStore, event: MakeEvent) -> None:
    store.replace_events(
        [
            event("e3", event_date=date(2024, 1, 3), country="Syria", actor1="Hay'at Tahrir"),
            event("e1", event_date=date(2024, 1, 1), event_type="Riots", assoc_actor_2="ÉLITE"),
            event("e2", event_date=date(2024, 1, 2), country="Sudan", actor2="RSF"),
            event("e0", event_date=None),
            event("e4", event_date=date(2024, 1, 2), country="Sudan", actor2="Militia"),
        ],
        [],
    )
    assert _filter_ids(store) == ["e0", "e1", "e2", "e4", "e3"]
    assert _filter_ids(store, since=date(2024, 1, 2)) == ["e2", "e4", "e3"]
    assert _filter_ids(store, until=date(2024, 1, 2)) == ["e1", "e2", "e4"]
    assert _filter_ids(store, country="sudan") == ["e2", "e4"]
    assert _filter_ids(store, event_type="riots") == ["e1"]
    assert _filter_ids(store, actor="tahrir") == ["e3"]
    assert _filter_ids(store, actor="élite") == ["e1"]
    assert _filter_ids(store, actor="rsf", country="Sudan") == ["e2"]
    assert _filter_ids(store, actor="%") == []
    assert _filter_ids(store, actor="'; DROP TABLE events; --") == []
    assert _filter_ids(store, limit=2) == ["e0", "e1"]
    assert _filter_ids(store, limit=0) == []
    with pytest.raises(StoreError):
        _filter_ids(store, limit=-1)
    assert store.stats().events == 5


def test_sqlite_writes_survive_reopen(
    db_path: Path, article: MakeArticle, event: MakeEvent
) -> None:
    with SQLiteStore(db_path) as store:
        store.add_article(article("art_1"), b"s")
        store.replace_reports("art_1", [event("r1")], "v1")
        store.replace_events([event("e1")], [])
    with SQLiteStore(f"sqlite:///{db_path}") as store:
        assert store.get_article("art_1") == article("art_1")
        assert list(store.iter_reports()) == [event("r1")]
        assert list(store.iter_events()) == [event("e1")]
        assert store.pending_articles("v1") == []


def test_sqlite_memory_store(article: MakeArticle) -> None:
    with SQLiteStore(":memory:") as store:
        assert store.add_article(article("a"), None)
        assert store.stats().schema_version >= 1


def test_sqlite_two_connections_share_the_file(db_path: Path, article: MakeArticle) -> None:
    with SQLiteStore(db_path) as writer, SQLiteStore(db_path) as reader:
        assert reader.stats().articles == 0
        writer.add_article(article("a"), None)
        assert reader.get_article("a") == article("a")
