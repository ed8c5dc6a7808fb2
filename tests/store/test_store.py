"""Every store backend (SQLite, PostgreSQL): articles, rejections, reports, events,
claims, filters, stats and the portable SQL access; the ``store`` fixture runs each test on
both (see conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from polemos.errors import StoreError
from polemos.models import Article, Claim, Event, Evidence, Rejection
from polemos.store import EventFilter, open_store
from polemos.store import sql as sql_module
from polemos.store.sql import SQLStore

MakeArticle = Callable[..., Article]
MakeEvent = Callable[..., Event]


def test_store_add_article_idempotent(store: SQLStore, article: MakeArticle) -> None:
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


def test_store_article_round_trip_and_text(store: SQLStore, article: MakeArticle) -> None:
    text = "عاجل: اشتباكات في حلب\n\nBoilerplate"
    original = article("art_ar", text=text, clean_text=text[:21], language="ar", published=None)
    store.add_article(original, None)
    assert store.get_article("art_ar") == original
    assert store.get_text("art_ar") == text[:21]
    assert store.get_text("missing") is None
    assert list(store.iter_articles()) == [original]


def test_store_signatures_skip_duplicates(store: SQLStore, article: MakeArticle) -> None:
    store.add_article(article("a"), b"A")
    store.add_article(article("b", duplicate_of="a"), b"B")
    store.add_article(article("c"), None)
    assert list(store.iter_signatures()) == [("a", b"A")]
    stats = store.stats()
    assert (stats.articles, stats.duplicates, stats.extra["signatures"]) == (3, 1, 2)


def test_store_rejections_idempotent(store: SQLStore) -> None:
    at = datetime(2024, 3, 2, 10, 0, tzinfo=UTC)
    store.add_rejection(Rejection(origin="x.pdf", code="format", reason="pdf", at=at))
    store.add_rejection(Rejection(origin="x.pdf", code="format", reason="pdf again", at=at))
    store.add_rejection(Rejection(origin="a.txt", code="empty", reason="empty"))
    assert store.rejections() == [
        Rejection(origin="a.txt", code="empty", reason="empty"),
        Rejection(origin="x.pdf", code="format", reason="pdf again", at=at),
    ]
    assert store.stats().rejections == 2


def test_store_pending_articles(store: SQLStore, article: MakeArticle) -> None:
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


def test_store_replace_reports_replaces(
    store: SQLStore, article: MakeArticle, event: MakeEvent
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


def test_store_replace_reports_atomic(
    store: SQLStore, article: MakeArticle, event: MakeEvent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure inside the transaction (here: a clashing report id) rolls it back."""
    store.add_article(article("art_1"), None)
    old = [event("old_1"), event("old_2")]
    store.replace_reports("art_1", old, "v1")
    with pytest.raises(StoreError, match="reports of article art_1"):
        store.replace_reports("art_1", [event("new_1"), event("new_1")], "v2")
    real_row = sql_module.report_row

    def failing_row(report: Event, article_id: str, position: int) -> tuple[Any, ...]:
        if report.event_id_cnty == "new_2":
            raise RuntimeError("simulated failure")
        return real_row(report, article_id, position)

    monkeypatch.setattr(sql_module, "report_row", failing_row)
    with pytest.raises(RuntimeError, match="simulated"):
        store.replace_reports("art_1", [event("new_1"), event("new_2")], "v2")
    assert store.reports_for("art_1") == old
    assert store.extracted_version("art_1") == "v1"
    assert store.stats().extra["evidence"] == 4
    assert not store.in_transaction


def test_store_replace_reports_unknown_article(store: SQLStore, event: MakeEvent) -> None:
    with pytest.raises(StoreError, match="nope"):
        store.replace_reports("nope", [], "v1")
    with pytest.raises(StoreError):
        store.replace_reports("nope", [event("r1", article_id="nope")], "v1")
    assert store.stats().reports == 0


def test_store_event_round_trip_with_evidence(
    store: SQLStore, article: MakeArticle, event: MakeEvent
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


def test_store_replace_events_and_claims(store: SQLStore, event: MakeEvent) -> None:
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


def test_store_replace_events_atomic(store: SQLStore, event: MakeEvent) -> None:
    store.replace_events([event("e1")], [])
    orphan = Claim(event_id="zz", report_id="r", article_id="a", source="s", field="f", value=1)
    with pytest.raises(StoreError):
        store.replace_events([event("e2")], [orphan])
    assert [e.event_id_cnty for e in store.iter_events()] == ["e1"]


def _filter_ids(store: SQLStore, **kwargs: Any) -> list[str]:
    return [e.event_id_cnty for e in store.iter_events(EventFilter(**kwargs))]


def test_store_filters(store: SQLStore, event: MakeEvent) -> None:
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


def test_store_writes_survive_reopen(
    store_url: str, article: MakeArticle, event: MakeEvent
) -> None:
    with open_store(store_url) as store:
        store.add_article(article("art_1"), b"s")
        store.replace_reports("art_1", [event("r1")], "v1")
        store.replace_events([event("e1")], [])
    reopen_url = store_url if "://" in store_url else f"sqlite:///{store_url}"
    with open_store(reopen_url) as store:
        assert store.get_article("art_1") == article("art_1")
        assert list(store.iter_reports()) == [event("r1")]
        assert list(store.iter_events()) == [event("e1")]
        assert store.pending_articles("v1") == []


def test_store_two_connections_share_the_database(store_url: str, article: MakeArticle) -> None:
    with open_store(store_url) as writer, open_store(store_url) as reader:
        assert reader.stats().articles == 0
        writer.add_article(article("a"), None)
        assert reader.get_article("a") == article("a")


def test_store_portable_sql(store: SQLStore, article: MakeArticle) -> None:
    """query/scalar/transaction take ``?`` placeholders on every backend; rows read by
    name and index; ``?`` and ``%`` inside literals stay literal."""
    with store.transaction("add two rejections") as conn:
        conn.execute(
            "INSERT INTO rejections (origin, code, reason) VALUES (?, ?, 'why? 100%')",
            ("a.txt", "empty"),
        )
        conn.executemany(
            "INSERT INTO rejections (origin, code, reason) VALUES (?, ?, ?)",
            [("b.txt", "format", "50% off?"), ("c.txt", "format", "x")],
        )
    rows = list(store.query("SELECT origin, reason FROM rejections WHERE code = ? "
                            "ORDER BY origin", ("format",)))  # fmt: skip
    assert [(row["origin"], row[1]) for row in rows] == [("b.txt", "50% off?"), ("c.txt", "x")]
    assert store.scalar("SELECT reason FROM rejections WHERE origin = ?", ("a.txt",)) == (
        "why? 100%"
    )
    assert store.scalar("SELECT count(*) FROM rejections WHERE reason LIKE '%?%'") == 2
    assert store.scalar("SELECT 1 FROM rejections WHERE origin = ?", ("zz",)) is None
    assert store.dialect in {"sqlite", "postgresql"}
    with pytest.raises(StoreError, match="query failed"):
        list(store.query("SELECT nope FROM rejections"))
    with pytest.raises(ValueError, match="boom"), store.transaction("fail") as conn:
        conn.execute("DELETE FROM rejections")
        raise ValueError("boom")
    assert store.stats().rejections == 3
    assert not store.in_transaction


def test_store_nested_queries_while_streaming(store: SQLStore, article: MakeArticle) -> None:
    for n in range(1200):
        store.add_article(article(f"a{n:04d}"), bytes([n % 256]))
    seen = 0
    for article_id, signature in store.iter_signatures():
        assert store.get_text(article_id) is not None
        assert store.has_article(article_id)
        seen += 1
        assert signature == bytes([int(article_id[1:]) % 256])
    assert seen == 1200


def test_store_nul_characters_in_events(store: SQLStore, event: MakeEvent) -> None:
    """PostgreSQL text cannot hold NUL; events still round-trip (rebuilt from JSON)."""
    original = event("e\x001", notes="before\x00after")
    store.replace_events([original], [])
    assert list(store.iter_events()) == [original]
    assert store.get_event("e\x001") == original


def test_store_geographic_filters(store: SQLStore, event: MakeEvent) -> None:
    store.replace_events(
        [
            event("kidal", latitude=18.4411, longitude=1.4078),
            event("gao", latitude=16.2717, longitude=-0.0447),
            event("suva", latitude=-18.1416, longitude=178.4419),
            event("nowhere", latitude=None, longitude=None, geo_precision=None),
        ],
        [],
    )
    assert _filter_ids(store, bbox=(0.0, 15.0, 2.0, 19.0)) == ["kidal"]
    assert _filter_ids(store, bbox=(-1.0, 15.0, 2.0, 19.0)) == ["gao", "kidal"]
    assert _filter_ids(store, bbox=(170.0, -20.0, -170.0, -10.0)) == ["suva"]
    # Kidal to Gao is about 286 km (great circle).
    assert _filter_ids(store, near=(18.4411, 1.4078, 250.0)) == ["kidal"]
    assert _filter_ids(store, near=(18.4411, 1.4078, 300.0)) == ["gao", "kidal"]
    assert _filter_ids(store, near=(-18.0, -179.9, 200.0)) == ["suva"]
    assert _filter_ids(store, near=(89.9, 0.0, 100.0)) == []
    assert _filter_ids(store, near=(18.0, 1.0, 20000.0), limit=2) == ["gao", "kidal"]
    with pytest.raises(StoreError, match="radius"):
        _filter_ids(store, near=(0.0, 0.0, -1.0))
