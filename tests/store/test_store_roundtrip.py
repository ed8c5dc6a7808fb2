"""Property test: any Event (arbitrary unicode text) round-trips through every store."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polemos.models import Article, Event, Evidence, OffsetMap, content_hash
from polemos.store import EventFilter
from polemos.store.sql import SQLStore

ints = st.integers(min_value=-(2**31), max_value=2**31)
small = st.integers(min_value=0, max_value=8)
floats = st.floats(allow_nan=False, allow_infinity=False)
texts = st.text(max_size=40)

evidence = st.builds(
    Evidence,
    article_id=st.just("art_1"),
    field=st.sampled_from(["actor1", "location", "fatalities", "event_date", "notes"]),
    start=st.integers(min_value=0, max_value=10**6),
    end=st.integers(min_value=0, max_value=10**6),
    text=texts,
)

TEXT_FIELDS = (
    "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
    "assoc_actor_2", "civilian_targeting", "region", "country", "admin1", "admin2", "admin3",
    "location", "source", "source_scale", "notes", "tags", "date_basis", "pipeline_version",
)  # fmt: skip


@st.composite
def events(draw: st.DrawFn) -> Event:
    fields: dict[str, Any] = {name: draw(texts) for name in TEXT_FIELDS}
    fields.update(
        event_id_cnty=draw(st.text(min_size=1, max_size=20)),
        event_date=draw(st.none() | st.dates()),
        year=draw(st.none() | ints),
        time_precision=draw(st.integers(min_value=1, max_value=3)),
        inter1=draw(st.none() | small),
        inter2=draw(st.none() | small),
        interaction=draw(st.none() | ints),
        iso=draw(st.none() | ints),
        latitude=draw(st.none() | floats),
        longitude=draw(st.none() | floats),
        geo_precision=draw(st.none() | st.integers(min_value=1, max_value=3)),
        fatalities=draw(ints),
        timestamp=draw(st.integers(min_value=0, max_value=2**62)),
        evidence=draw(st.lists(evidence, max_size=4)),
        article_ids=draw(st.lists(texts, max_size=3)),
    )
    return Event(**fields)


event_lists = st.lists(events(), max_size=6, unique_by=lambda e: e.event_id_cnty)


def _article() -> Article:
    text = "text"
    return Article(
        id="art_1", text=text, clean_text=text, offsets=OffsetMap.identity(4),
        content_hash=content_hash(text), origin="a.txt", format="txt",
    )  # fmt: skip


def _sort_key(event: Event, dialect: str) -> tuple[str, str]:
    """Undated first, as SQL sorts NULL first (and as ``runner._event_order`` does).

    PostgreSQL text cannot hold NUL, so its store keeps NUL as U+FFFD in indexed columns
    (docs/storage.md) and an id with NUL sorts there as U+FFFD; SQLite sorts it as NUL.
    """
    event_id = event.event_id_cnty
    if dialect == "postgresql":
        event_id = event_id.replace("\x00", "\ufffd")
    return (event.event_date.isoformat() if event.event_date else "", event_id)


def _clear(store: SQLStore) -> None:
    with store.transaction("clear the tables") as conn:
        for table in ("claims", "evidence", "events", "reports", "articles"):
            conn.execute(f"DELETE FROM {table}")


# The store fixture is shared by the examples: each one starts by emptying it.
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(reports=event_lists, merged=event_lists)
def test_store_roundtrip_events_and_reports(
    store: SQLStore, reports: list[Event], merged: list[Event]
) -> None:
    _clear(store)
    store.add_article(_article(), None)
    store.replace_reports("art_1", reports, "v1")
    store.replace_events(merged, [])
    assert list(store.iter_reports()) == reports
    assert store.reports_for("art_1") == reports
    stored = list(store.iter_events(EventFilter()))
    assert stored == sorted(merged, key=lambda event: _sort_key(event, store.dialect))
    for event in merged:
        assert store.get_event(event.event_id_cnty) == event
    expected_evidence = sum(len(e.evidence) for e in [*reports, *merged])
    assert store.stats().extra["evidence"] == expected_evidence
