"""Token rules for writes, one error shape, SQL injection and XSS attempts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import TOKEN, api_config
from tests.api.demo import XSS_SCRIPT

from polemos.api import create_app, routes_read
from polemos.store.base import Store

WRITES: list[tuple[str, dict[str, Any]]] = [
    ("/api/articles", {"text": "A bomb exploded in Kirkuk on 3 May 2018, killing two."}),
    ("/api/events/ev_x/corrections", {"field": "fatalities", "value": 3}),
    ("/api/events/ev_x/split", {"article_id": "a"}),
    ("/api/events/join", {"event_a": "ev_x", "event_b": "ev_y"}),
]
INJECTIONS = [
    "' OR '1'='1",
    "x'); DROP TABLE events; --",
    "1; DELETE FROM events",
    '" OR ""="',
    "%' UNION SELECT record, record FROM articles --",
    "\\",
]
FILTERS = ["event_type", "sub_event_type", "country", "admin1", "actor", "source", "q"]


@pytest.fixture
def writer(writable_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("POLEMOS_API_TOKEN", TOKEN)
    with TestClient(create_app(str(writable_db), api_config(cache_seconds=60))) as test_client:
        yield test_client


@pytest.fixture
def read_only(writable_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("POLEMOS_API_TOKEN", raising=False)
    with TestClient(create_app(str(writable_db), api_config())) as test_client:
        yield test_client


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_api_writes_without_a_configured_token_are_forbidden(
    read_only: TestClient, path: str, body: dict[str, Any]
) -> None:
    response = read_only.post(path, json=body, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only"
    assert read_only.get("/api/config").json()["read_only"] is True


@pytest.mark.parametrize(("path", "body"), WRITES)
@pytest.mark.parametrize(
    ("header", "status"),
    [(None, 401), ("Bearer", 401), ("Basic abc", 401), ("Bearer wrong", 403),
     (f"Bearer {TOKEN}x", 403), (f"bearer {TOKEN[:-1]}", 403)],
)  # fmt: skip
def test_api_writes_need_the_right_bearer_token(
    writer: TestClient, path: str, body: dict[str, Any], header: str | None, status: int
) -> None:
    headers = {"Authorization": header} if header else {}
    response = writer.post(path, json=body, headers=headers)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message"}
    if status == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_api_post_article_ingests_and_codes_events(writer: TestClient) -> None:
    before = writer.get("/api/events").json()["total"]
    assert "API Test" not in {s["source"] for s in writer.get("/api/sources").json()["sources"]}
    text = (
        "A roadside bomb exploded next to an Iraqi police patrol near Kirkuk on 3 May 2018, "
        "killing two policemen, a security source said."
    )
    response = writer.post(
        "/api/articles",
        json={"id": "api-kirkuk", "text": text, "source": "API Test", "published": "2018-05-04"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["article_id"] == "api-kirkuk"
    assert response.json()["articles_new"] == 1
    article = writer.get("/api/articles/api-kirkuk").json()
    assert article["text"] == text
    sources = {s["source"] for s in writer.get("/api/sources").json()["sources"]}
    assert "API Test" in sources  # the cached answer from before the write was dropped
    assert writer.get("/api/events").json()["total"] >= before
    assert writer.get("/api/sources").json()["sources"]


def test_api_post_article_validates_the_body(writer: TestClient) -> None:
    response = writer.post("/api/articles", json={"text": ""},
                           headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_api_correction_of_unknown_event_is_404(writer: TestClient) -> None:
    response = writer.post("/api/events/ev_nope/corrections", json={"field": "fatalities",
                           "value": 3}, headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code in (404, 503)
    assert response.json()["error"]["code"] in ("not_found", "not_available")


def test_api_correction_changes_the_event(writer: TestClient, store: Store) -> None:
    event_id = writer.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id_cnty"]
    response = writer.post(
        f"/api/events/{event_id}/corrections",
        json={"field": "fatalities", "value": 77, "note": "checked by phone"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    if response.status_code == 503:
        pytest.skip("polemos.review.correct_field is not available yet")
    assert response.status_code == 200, response.text
    assert writer.get(f"/api/events/{event_id}").json()["fatalities"] == 77


@pytest.mark.parametrize("param", [*FILTERS, "sort", "cursor", "since", "bbox", "min_fatalities"])
@pytest.mark.parametrize("payload", INJECTIONS)
def test_api_sql_injection_attempts_are_plain_data(
    client: TestClient, store: Store, param: str, payload: str
) -> None:
    count = store.scalar("SELECT COUNT(*) FROM events")
    response = client.get("/api/events", params={param: payload})
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code == 200:
        assert response.json()["events"] == []
    else:
        assert set(response.json()["error"]) >= {"code", "message"}
    for path in ("/api/stats/timeline", "/api/map"):
        assert client.get(path, params={param: payload}).status_code in (200, 400, 422)
    assert store.scalar("SELECT COUNT(*) FROM events") == count


@pytest.mark.parametrize("payload", INJECTIONS)
def test_api_sql_injection_in_ids_is_a_404(client: TestClient, payload: str) -> None:
    for path in ("/api/events/", "/api/articles/"):
        response = client.get(path + payload.replace("/", "%2F"))
        assert response.status_code == 404
        assert response.json()["error"]["code"] in ("not_found",)


def test_api_xss_payload_round_trips_as_data(client: TestClient) -> None:
    rows = client.get("/api/events", params={"source": "Hostile Wire"}).json()["events"]
    assert rows
    detail = client.get(f"/api/events/{rows[0]['event_id_cnty']}").json()
    titles = [a["title"] for a in detail["articles"]]
    assert titles == [f"Checkpoint attack {XSS_SCRIPT}"]
    assert detail["articles"][0]["url"] == "javascript:alert(1)"  # data; the UI never links it


def test_api_every_error_has_the_same_shape(client: TestClient) -> None:
    responses = [
        client.get("/api/no-such-thing"),
        client.get("/api/events/nope"),
        client.get("/api/events", params={"since": "yesterday"}),
        client.get("/api/events", params={"bbox": "1,2,3"}),
        client.get("/api/events", params={"sort": "password"}),
        client.delete("/api/events"),
    ]
    assert [r.status_code for r in responses] == [404, 404, 422, 400, 400, 405]
    for response in responses:
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]


def test_api_unexpected_failure_is_a_json_500(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(store: Store) -> None:
        raise RuntimeError("boom: secret internals")

    monkeypatch.setattr(routes_read, "sources", broken)
    app = create_app(str(demo_db), api_config())
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/sources")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "internal_error"
    assert error["message"] == "internal server error (see the server log)"  # no internals


def test_api_ui_page_carries_a_content_security_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_split_through_the_review_library(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    merged = next(e for e in writer.get("/api/events", params={"limit": 500}).json()["events"]
                  if len(e["article_ids"]) > 1)  # fmt: skip
    total = writer.get("/api/events").json()["total"]
    split = writer.post(f"/api/events/{merged['event_id_cnty']}/split",
                        json={"article_id": merged["article_ids"][1]}, headers=auth)  # fmt: skip
    assert split.status_code == 200, split.text
    parts = split.json()["event_ids"]
    assert len(parts) == 2
    assert writer.get("/api/events").json()["total"] == total + 1  # cache dropped on write
    actions = {step["action"] for part in parts
               for step in writer.get(f"/api/events/{part}").json()["merge_history"]}  # fmt: skip
    assert "split" in actions


def test_api_join_through_the_review_library(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    events = writer.get("/api/events", params={"event_type": "Battles", "limit": 2}).json()
    first, second = (e["event_id_cnty"] for e in events["events"])
    total = writer.get("/api/events").json()["total"]
    joined = writer.post("/api/events/join", json={"event_a": first, "event_b": second},
                         headers=auth)  # fmt: skip
    assert joined.status_code == 200, joined.text
    assert joined.json()["event_id"] == first
    assert writer.get("/api/events").json()["total"] == total - 1
    history = writer.get(f"/api/events/{first}").json()["merge_history"]
    assert "join" in {step["action"] for step in history}


def test_api_split_with_an_unknown_article_is_an_error(writer: TestClient) -> None:
    event_id = writer.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id_cnty"]
    response = writer.post(f"/api/events/{event_id}/split", json={"article_id": "no-such"},
                           headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code in (400, 404)
    assert set(response.json()["error"]) == {"code", "message"}
