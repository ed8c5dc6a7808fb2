"""The API on the PostgreSQL store: the same portable SQL answers the same way.

Skipped when no PostgreSQL binaries are installed (and no POLEMOS_TEST_PG_URL is given).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import api_config, events_of
from tests.store.pgcluster import start_server

from polemos.api import create_app
from polemos.store import open_store


@pytest.fixture(scope="module")
def pg_client(demo_db: Path) -> Iterator[TestClient]:
    server = start_server()
    if server is None:
        pytest.skip("PostgreSQL is not installed (initdb/pg_ctl not found)")
    try:
        url = server.new_database()
        source, target = open_store(str(demo_db)), open_store(url)
        try:
            events = list(source.iter_events())
            for article in source.iter_articles():  # type: ignore[attr-defined]
                target.add_article(article, None)
            claims = [c for e in events for c in source.claims_for(e.event_id_cnty)]
            target.replace_events(events, claims)
        finally:
            source.close()
            target.close()
        with TestClient(create_app(url, api_config(), api_token=None)) as client:
            yield client
    finally:
        server.stop()


@pytest.mark.parametrize(
    "params",
    [{}, {"event_type": "battles"}, {"country": "Syria", "sort": "-fatalities"},
     {"actor": "Liwa al-Aqsa"}, {"source": "SouthFront"}, {"bbox": "35,34,38,37"},
     {"q": "the"}, {"since": "2017-02-01", "until": "2017-06-30", "sort": "location"}],
)  # fmt: skip
def test_api_postgres_events_match_sqlite(
    client: TestClient, pg_client: TestClient, params: dict[str, str]
) -> None:
    on_sqlite = [e["event_id_cnty"] for e in events_of(client, **params)]
    on_postgres = [e["event_id_cnty"] for e in events_of(pg_client, **params)]
    assert set(on_postgres) == set(on_sqlite)


@pytest.mark.parametrize("interval", ["day", "week", "month", "auto"])
def test_api_postgres_timeline_matches_sqlite(
    client: TestClient, pg_client: TestClient, interval: str
) -> None:
    params = {"interval": interval}
    assert pg_client.get("/api/stats/timeline", params=params).json() == (
        client.get("/api/stats/timeline", params=params).json()
    )


def test_api_postgres_map_sources_and_detail_match_sqlite(
    client: TestClient, pg_client: TestClient
) -> None:
    for path in ("/api/map?zoom=3", "/api/facets"):
        assert pg_client.get(path).json() == client.get(path).json()

    def counts(answer: TestClient) -> list[tuple[str, int, int]]:
        found = answer.get("/api/sources").json()["sources"]  # (registry not copied)
        return [(s["source"], s["events"], s["articles"]) for s in found if s["events"]]

    assert counts(pg_client) == counts(client)
    event_id = client.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id_cnty"]
    mine, theirs = client.get(f"/api/events/{event_id}"), pg_client.get(f"/api/events/{event_id}")
    assert theirs.json()["claims"] == mine.json()["claims"]
    assert theirs.json()["evidence"] == mine.json()["evidence"]
