"""GET /api/events: filters, sorting, cursor pages, page cap and formats."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import events_of

from polemos.api.query import MAX_PAGE_SIZE, SORT_KEYS
from polemos.models import Event
from polemos.store.base import Store


def all_events(store: Store) -> list[Event]:
    rows = store.query("SELECT record FROM events")
    return [Event.model_validate_json(r["record"]) for r in rows]


def ids(rows: list[dict[str, Any]]) -> set[str]:
    return {str(r["event_id_cnty"]) for r in rows}


def test_api_events_first_page_counts_every_event(client: TestClient, store: Store) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == len(all_events(store)) == len(body["events"])
    assert body["next_cursor"] is None
    assert body["sort"] == "-event_date"


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"event_type": "Battles"}, lambda e: e.event_type == "Battles"),
        ({"event_type": "battles"}, lambda e: e.event_type == "Battles"),
        ({"sub_event_type": "Armed clash"}, lambda e: e.sub_event_type == "Armed clash"),
        ({"country": "Iraq"}, lambda e: e.country == "Iraq"),
        ({"admin1": "Idlib"}, lambda e: e.admin1 == "Idlib"),
        ({"since": "2017-03-01"}, lambda e: e.event_date and str(e.event_date) >= "2017-03-01"),
        ({"until": "2017-02-08"}, lambda e: e.event_date and str(e.event_date) <= "2017-02-08"),
        ({"min_fatalities": 2}, lambda e: e.fatalities >= 2),
        ({"source": "SouthFront"}, lambda e: "SouthFront" in e.source.split("; ")),
        ({"source": "Example Wire"}, lambda e: "Example Wire" in e.source.split("; ")),
        (
            {"bbox": "35,34,38,37"},
            lambda e: e.latitude is not None and 34 <= e.latitude <= 37 and 35 <= e.longitude <= 38,
        ),
    ],
)
def test_api_events_filter_matches_the_stored_events(
    client: TestClient, store: Store, params: dict[str, Any], keep: Any
) -> None:
    expected = {e.event_id_cnty for e in all_events(store) if keep(e)}
    assert expected, f"the demo data should have events for {params}"
    assert ids(events_of(client, **params)) == expected


def test_api_events_text_search_is_case_insensitive(client: TestClient, store: Store) -> None:
    events = sorted(all_events(store), key=lambda e: e.event_id_cnty)
    word = max(events[0].notes.split(), key=len).strip(".,;:")
    expected = {e.event_id_cnty for e in events if word.lower() in e.notes.lower()}
    assert expected
    assert ids(events_of(client, q=word.upper())) == expected


def test_api_events_filters_combine_with_and(client: TestClient, store: Store) -> None:
    expected = {e.event_id_cnty for e in all_events(store)
                if e.event_type == "Battles" and e.admin1 == "Idlib"}  # fmt: skip
    assert ids(events_of(client, event_type="Battles", admin1="Idlib")) == expected


def test_api_events_repeated_parameter_means_any_of(client: TestClient, store: Store) -> None:
    wanted = {"Battles", "Protests"}
    expected = {e.event_id_cnty for e in all_events(store) if e.event_type in wanted}
    rows = events_of(client, event_type=sorted(wanted))
    assert ids(rows) == expected


def test_api_events_actor_filter_follows_aliases(client: TestClient, store: Store) -> None:
    expected = {
        e.event_id_cnty for e in all_events(store) if "Jund al-Aqsa" in (e.actor1, e.actor2)
    }
    assert expected
    assert ids(events_of(client, actor="Jund al-Aqsa")) == expected
    assert ids(events_of(client, actor="Liwa al-Aqsa")) == expected  # an alias


def test_api_events_text_search_treats_wildcards_literally(client: TestClient) -> None:
    assert events_of(client, q="%") == []
    assert events_of(client, q="_") == []


@pytest.mark.parametrize("sort", [*SORT_KEYS, *(f"-{k}" for k in SORT_KEYS)])
def test_api_events_cursor_walk_visits_every_event_once_in_order(
    client: TestClient, store: Store, sort: str
) -> None:
    seen: list[dict[str, Any]] = []
    cursor = None
    for _ in range(20):
        params: dict[str, Any] = {"sort": sort, "limit": 4}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/events", params=params).json()
        assert len(body["events"]) <= 4
        seen.extend(body["events"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(ids(seen)) == len(all_events(store))
    key = sort.lstrip("-")
    values = [(row[key] if row[key] is not None else "") for row in seen]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_api_events_cursor_gives_the_same_page_again(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 5}).json()
    again = [client.get("/api/events", params={"limit": 5, "cursor": first["next_cursor"]})
             for _ in range(2)]  # fmt: skip
    assert again[0].json()["events"] == again[1].json()["events"]
    assert ids(again[0].json()["events"]).isdisjoint(ids(first["events"]))


def test_api_events_page_size_is_capped(client: TestClient) -> None:
    response = client.get("/api/events", params={"limit": 1_000_000})
    assert response.status_code == 200
    assert response.json()["limit"] == MAX_PAGE_SIZE
    assert response.headers["X-Page-Limit"] == str(MAX_PAGE_SIZE)


@pytest.mark.parametrize("limit", ["0", "-5", "ten"])
def test_api_events_bad_limit_is_a_validation_error(client: TestClient, limit: str) -> None:
    response = client.get("/api/events", params={"limit": limit})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_api_events_cursor_of_another_sort_is_refused(client: TestClient) -> None:
    cursor = client.get("/api/events", params={"limit": 2}).json()["next_cursor"]
    response = client.get("/api/events", params={"cursor": cursor, "sort": "fatalities"})
    assert response.status_code == 400
    assert "another sort order" in response.json()["error"]["message"]


@pytest.mark.parametrize("cursor", ["garbage", "e30", "WyJ4Il0", "W251bGwsbnVsbCxudWxsXQ"])
def test_api_events_forged_cursor_is_a_bad_request(client: TestClient, cursor: str) -> None:
    response = client.get("/api/events", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_api_events_geojson_has_one_feature_per_event(client: TestClient, store: Store) -> None:
    response = client.get("/api/events", params={"format": "geojson", "limit": 3})
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 3
    by_id = {e.event_id_cnty: e for e in all_events(store)}
    for feature in body["features"]:
        event = by_id[feature["id"]]
        if event.latitude is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"]["coordinates"] == [event.longitude, event.latitude]
    assert response.headers["X-Next-Cursor"] == body["next_cursor"]


def test_api_events_csv_has_a_header_and_one_row_per_event(
    client: TestClient, store: Store
) -> None:
    response = client.get("/api/events", params={"format": "csv", "limit": 500})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["event_id_cnty"] for r in rows} == {e.event_id_cnty for e in all_events(store)}
    assert "X-Next-Cursor" not in response.headers


def test_api_events_csv_neutralises_formulas(client: TestClient) -> None:
    response = client.get("/api/events", params={"format": "csv"})
    for row in csv.reader(io.StringIO(response.text)):
        assert not any(cell[:1] in ("=", "+", "@") for cell in row)


def test_api_events_unknown_format_is_a_validation_error(client: TestClient) -> None:
    response = client.get("/api/events", params={"format": "xml"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
