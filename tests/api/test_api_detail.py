"""One event, one article, timeline, map, sources, facets and actors."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from tests.api.demo import XSS_ARTICLE_ID

from polemos.api import mapgrid
from polemos.models import Event
from polemos.store.base import Store


def merged_event(store: Store) -> Event:
    """The demo event reported by two articles (Kafr Zeita, disputed deaths)."""
    for row in store.query("SELECT record FROM events ORDER BY event_id_cnty"):
        event = Event.model_validate_json(row["record"])
        if len(event.article_ids) > 1:
            return event
    raise AssertionError("the demo data has a merged event")


def test_api_event_detail_has_fields_evidence_claims_and_articles(
    client: TestClient, store: Store
) -> None:
    event = merged_event(store)
    body = client.get(f"/api/events/{event.event_id_cnty}").json()
    assert body["fatalities"] == event.fatalities
    assert body["notes"] == event.notes
    assert body["evidence"] == [e.model_dump(mode="json") for e in event.evidence]
    claims = store.claims_for(event.event_id_cnty)
    assert len(body["claims"]) == len(claims)
    assert {c["source"] for c in body["claims_by_field"]["fatalities"]} == {
        c.source for c in claims if c.field == "fatalities"
    }
    assert [a["id"] for a in body["articles"]] == sorted(event.article_ids)
    assert set(body["sources"]) >= {"SouthFront", "Example Wire"}
    assert isinstance(body["merge_history"], list)


def test_api_event_detail_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/api/events/ev_doesnotexist")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found",
                                         "message": "no event 'ev_doesnotexist'"}}  # fmt: skip


def test_api_article_spans_index_the_article_text(client: TestClient, store: Store) -> None:
    event = merged_event(store)
    body = client.get(f"/api/articles/{event.article_ids[0]}").json()
    assert body["spans"]
    for span in body["spans"]:
        assert body["text"][span["start"] : span["end"]] == span["text"]
    assert event.event_id_cnty in body["event_ids"]


def test_api_article_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/api/articles/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("interval", ["day", "week", "month", "auto"])
def test_api_timeline_counts_add_up_to_the_filtered_total(
    client: TestClient, interval: str
) -> None:
    for params in ({}, {"event_type": "Battles"}, {"country": "Syria", "since": "2017-02-01"}):
        total = client.get("/api/events", params=params).json()["total"]
        body = client.get("/api/stats/timeline", params={**params, "interval": interval}).json()
        assert sum(b["total"] for b in body["buckets"]) + body["undated"] == total
        for bucket in body["buckets"]:
            assert sum(bucket["by_type"].values()) == bucket["total"]
            start = date.fromisoformat(bucket["start"])
            if body["interval"] == "week":
                assert start.weekday() == 0
            if body["interval"] == "month":
                assert start.day == 1


def test_api_timeline_bad_interval_is_a_validation_error(client: TestClient) -> None:
    response = client.get("/api/stats/timeline", params={"interval": "hour"})
    assert response.status_code == 422


def test_api_map_points_and_grid_cells_count_the_same_events(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    located = store.scalar("SELECT COUNT(*) FROM events WHERE latitude IS NOT NULL")
    points = client.get("/api/map", params={"zoom": 4}).json()
    assert points["mode"] == "points"
    assert len(points["points"]) == points["count"] == located
    monkeypatch.setattr(mapgrid, "POINT_LIMIT", 1)
    cells = client.get("/api/map", params={"zoom": 4}).json()
    assert cells["mode"] == "cells"
    assert sum(c["count"] for c in cells["cells"]) == located
    assert all(sum(c["by_type"].values()) == c["count"] for c in cells["cells"])
    coarse = client.get("/api/map", params={"zoom": 0}).json()
    assert len(coarse["cells"]) <= len(cells["cells"])


def test_api_sources_count_events_per_source(client: TestClient) -> None:
    sources = {s["source"]: s for s in client.get("/api/sources").json()["sources"]}
    for name in ("SouthFront", "Example Wire", "Hostile Wire"):
        total = client.get("/api/events", params={"source": name}).json()["total"]
        assert sources[name]["events"] == total
        assert sources[name]["articles"] >= 1


def test_api_facets_offer_each_event_type(client: TestClient, store: Store) -> None:
    types = {r["event_type"] for r in store.query("SELECT event_type FROM events")}
    assert {f["value"] for f in client.get("/api/facets").json()["event_type"]} == types


def test_api_actors_list_and_show_with_aliases(client: TestClient) -> None:
    actors = client.get("/api/actors").json()["actors"]
    jund = next(a for a in actors if a["name"] == "Jund al-Aqsa")
    assert "Liwa al-Aqsa" in jund["aliases"]
    shown = client.get(f"/api/actors/{jund['id']}").json()
    assert shown["name"] == "Jund al-Aqsa"
    assert "Liwa al-Aqsa" in {a["name"] for a in shown["aliases"]}
    by_alias = client.get("/api/actors/Liwa al-Aqsa").json()
    assert by_alias["id"] == jund["id"]


def test_api_actor_as_of_filters_relations(client: TestClient) -> None:
    everything = client.get("/api/actors/Jund al-Aqsa").json()["relations"]
    early = client.get("/api/actors/Jund al-Aqsa", params={"as_of": "2016-01-01"}).json()
    assert len(early["relations"]) <= len(everything)
    assert early["as_of"] == "2016-01-01"


def test_api_actor_unknown_is_404_and_bad_date_422(client: TestClient) -> None:
    assert client.get("/api/actors/No Such Group").status_code == 404
    response = client.get("/api/actors/Jund al-Aqsa", params={"as_of": "soon"})
    assert response.status_code == 422


def test_api_actor_graph_edges_join_known_nodes(client: TestClient) -> None:
    graph = client.get("/api/actors/graph").json()
    nodes = {n["id"] for n in graph["nodes"]}
    assert graph["edges"]
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])


def test_api_hostile_article_text_comes_back_as_data(client: TestClient) -> None:
    response = client.get(f"/api/articles/{XSS_ARTICLE_ID}")
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert "<script>window.__polemos_xss = 1</script>" in body["text"]
    assert body["title"] == "Checkpoint attack <script>window.__polemos_xss = 1</script>"


def test_api_openapi_schema_documents_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
                 "/api/stats/timeline", "/api/map", "/api/sources", "/api/actors",
                 "/api/actors/{actor_id}", "/api/actors/graph", "/api/articles"):  # fmt: skip
        assert path in paths
    assert client.get("/docs").status_code == 404  # its page would need a CDN
