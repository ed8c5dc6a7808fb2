"""Merging into the store: stable ids, overrides that survive re-runs, the change feed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from polemos.config import load_config
from polemos.errors import NotFoundError, UsageError
from polemos.models import Article, DateSource, Event, Evidence, OffsetMap, content_hash
from polemos.review import (
    changes_since,
    correct_field,
    join_events,
    list_merges,
    merge_history,
    merge_into_store,
    show_merge,
    split_event,
)
from polemos.store.base import Store

CONFIG = load_config()
VERSION = "test-1"


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test runs on SQLite and on PostgreSQL."""
    return any_store


def _article(article_id: str, source: str) -> Article:
    body = f"Fighting was reported near Suran ({article_id})."
    return Article(
        id=article_id, source=source, published=date(2017, 3, 22),
        published_from=DateSource.METADATA, text=body, clean_text=body,
        offsets=OffsetMap.identity(len(body)), content_hash=content_hash(body),
        origin=f"{article_id}.txt", format="txt",
    )  # fmt: skip


def _report(report_id: str, article_id: str, **extra: Any) -> Event:
    fields: dict[str, Any] = {
        "event_id_cnty": report_id, "event_date": date(2017, 3, 21), "year": 2017,
        "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Hayat Tahrir al-Sham",
        "actor2": "Military Forces of Syria", "country": "Syria", "admin1": "Hama",
        "location": "Suran", "latitude": 35.2897, "longitude": 36.7436, "geo_precision": 1,
        "fatalities": 3, "article_ids": [article_id],
        "evidence": [Evidence(article_id=article_id, field="notes", start=0, end=8,
                              text="Fighting")],
    }  # fmt: skip
    fields.update(extra)
    return Event(**fields)


def _add(store: Store, article_id: str, source: str, *reports: Event) -> None:
    store.add_article(_article(article_id, source), None)
    sourced = [r.model_copy(update={"source": source}) for r in reports]
    store.replace_reports(article_id, sourced, VERSION)


def _two_sources(store: Store) -> str:
    _add(store, "a1", "Example Wire", _report("r1", "a1", fatalities=3))
    _add(store, "a2", "Other Daily", _report("r2", "a2", fatalities=5))
    merged = merge_into_store(store, CONFIG, now=100)
    assert len(merged.events) == 1
    return merged.events[0].event_id_cnty


def test_review_merged_event_keeps_each_source_and_is_logged(store: Store) -> None:
    event_id = _two_sources(store)
    event = show_merge(store, event_id)
    assert [r["source"] for r in event["reports"]] == ["Example Wire", "Other Daily"]
    assert event["event"]["fatalities"] == 3
    assert "sources:multiple" in event["event"]["tags"]
    history = merge_history(store, event_id)
    assert [(h["action"], h["by"]) for h in history] == [("merge", "pipeline")]
    assert history[0]["score"] == 1.0 and "0.0 km apart (max 25)" in history[0]["reasons"]


def test_review_ids_are_stable_when_a_report_joins(store: Store) -> None:
    event_id = _two_sources(store)
    _add(store, "a3", "Third Post", _report("r0", "a3", fatalities=4))  # sorts first
    merged = merge_into_store(store, CONFIG, now=200)
    assert [e.event_id_cnty for e in merged.events] == [event_id]
    assert merged.updated == [event_id] and merged.created == []
    assert merged.events[0].timestamp == 200


def test_review_unchanged_event_keeps_its_timestamp(store: Store) -> None:
    _two_sources(store)
    again = merge_into_store(store, CONFIG, now=300)
    assert (again.created, again.updated, again.deleted) == ([], [], [])
    assert again.events[0].timestamp == 100


def test_review_change_feed_records_created_updated_deleted(store: Store) -> None:
    event_id = _two_sources(store)
    store.replace_reports("a1", [], VERSION)
    store.replace_reports("a2", [], VERSION)
    merge_into_store(store, CONFIG, now=400)
    feed = [(c["timestamp"], c["change"], c["event_id"]) for c in changes_since(store, 0)]
    assert feed == [(100, "created", event_id), (400, "deleted", event_id)]
    assert changes_since(store, 100) == [changes_since(store, 0)[1]]


def test_review_split_survives_a_rerun(store: Store) -> None:
    event_id = _two_sources(store)
    ids = split_event(store, event_id, "a2", CONFIG, note="different battle")
    assert len(ids) == 2 and event_id in ids
    assert len(merge_into_store(store, CONFIG).events) == 2
    kept = show_merge(store, event_id)
    assert [r["article_id"] for r in kept["reports"]] == ["a1"]
    actions = [(h["action"], h["by"]) for h in merge_history(store, event_id)]
    assert ("split", "analyst") in actions


def test_review_join_survives_a_rerun_and_keeps_the_first_id(store: Store) -> None:
    _add(store, "a1", "Example Wire", _report("r1", "a1"))
    _add(store, "a2", "Other Daily", _report("r2", "a2", location="Far", latitude=35.9))
    first, second = (e.event_id_cnty for e in merge_into_store(store, CONFIG).events)
    assert join_events(store, second, first, CONFIG) == second
    assert [e.event_id_cnty for e in merge_into_store(store, CONFIG).events] == [second]
    assert {"join"} <= {h["action"] for h in merge_history(store, second)}


def test_review_correction_survives_a_rerun(store: Store) -> None:
    event_id = _two_sources(store)
    corrected = correct_field(store, event_id, "fatalities", 4, note="checked with SOHR")
    assert corrected["fatalities"] == 4 and "corrected:fatalities" in corrected["tags"]
    assert merge_into_store(store, CONFIG).events[0].fatalities == 4


def test_review_bad_overrides_are_clean_errors(store: Store) -> None:
    event_id = _two_sources(store)
    with pytest.raises(NotFoundError, match="no event 'ev_nope'"):
        split_event(store, "ev_nope", "a1", CONFIG)
    with pytest.raises(NotFoundError, match="article 'a9' is not a source"):
        split_event(store, event_id, "a9", CONFIG)
    with pytest.raises(UsageError, match="cannot join an event with itself"):
        join_events(store, event_id, event_id, CONFIG)
    with pytest.raises(UsageError, match="field 'source' cannot be corrected"):
        correct_field(store, event_id, "source", "x")
    with pytest.raises(UsageError, match="invalid value 'many' for fatalities"):
        correct_field(store, event_id, "fatalities", "many")


def test_review_party_only_sources_are_tagged(store: Store) -> None:
    _add(store, "a1", "CENTCOM", _report("r1", "a1"))
    (event,) = merge_into_store(store, CONFIG).events
    assert "sources:party-claims-only" in event.tags


def test_review_list_merges(store: Store) -> None:
    event_id = _two_sources(store)
    (item,) = list_merges(store)
    assert (item["event_id"], item["reports"], item["articles"]) == (event_id, 2, ["a1", "a2"])
