"""One event with everything behind it, and one article with the spans that fed events."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import import_module
from typing import Any

from polemos.errors import NotFoundError
from polemos.models import Event
from polemos.store.base import Store


def optional_function(module: str, name: str) -> Callable[..., Any] | None:
    """``module.name`` when that library module exists (actor graph, review), else None."""
    try:
        found = getattr(import_module(module), name, None)
    except ImportError:
        return None
    return found if callable(found) else None


def _event(store: Store, event_id: str) -> Event:
    record = store.scalar("SELECT record FROM events WHERE event_id_cnty = ?", (event_id,))
    if record is None:
        raise NotFoundError(f"no event {event_id!r}")
    return Event.model_validate_json(record)


def _articles_meta(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    keys = ("id", "source", "title", "url", "published", "origin", "duplicate_of")
    sql = f"SELECT {', '.join(keys)} FROM articles WHERE id IN ({marks}) ORDER BY id"
    return [{key: r[key] for key in keys} for r in store.query(sql, ids)]


def _claims(store: Store, event_id: str) -> list[dict[str, Any]]:
    sql = (
        "SELECT report_id, article_id, source, field, value, evidence FROM claims "
        "WHERE event_id = ? ORDER BY id"
    )
    return [
        {
            "report_id": r["report_id"],
            "article_id": r["article_id"],
            "source": r["source"],
            "field": r["field"],
            "value": json.loads(r["value"]),
            "evidence": json.loads(r["evidence"]),
        }  # fmt: skip
        for r in store.query(sql, (event_id,))
    ]


def claims_by_field(claims: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        grouped.setdefault(claim["field"], []).append(claim)
    return grouped


def _merge_history(store: Store, event_id: str) -> list[dict[str, Any]] | None:
    history = optional_function("polemos.review", "merge_history")
    if history is None:
        return None
    return list(history(store, event_id))


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    """All fields, evidence spans, claims per source, the articles and the merge history."""
    event = _event(store, event_id)
    claims = _claims(store, event_id)
    data = event.acled_row()
    data["date_basis"] = event.date_basis
    data["pipeline_version"] = event.pipeline_version
    data["article_ids"] = list(event.article_ids)
    data["evidence"] = [e.model_dump(mode="json") for e in event.evidence]
    data["claims"] = claims
    data["claims_by_field"] = claims_by_field(claims)
    data["sources"] = sorted({c["source"] for c in claims} | _split_sources(event.source))
    data["articles"] = _articles_meta(store, list(event.article_ids))
    data["merge_history"] = _merge_history(store, event_id)
    return data


def _split_sources(source: str) -> set[str]:
    return {s.strip() for s in source.split(";") if s.strip()}


def article_detail(store: Store, article_id: str) -> dict[str, Any]:
    """The article's text (evidence offsets index ``text``), clean text and event spans."""
    rows = list(store.query("SELECT * FROM articles WHERE id = ?", (article_id,)))
    if not rows:
        raise NotFoundError(f"no article {article_id!r}")
    row = rows[0]
    sql = (
        'SELECT DISTINCT owner_id, field, start, "end", text FROM evidence '
        "WHERE owner_kind = 'event' AND article_id = ? ORDER BY start, \"end\", field"
    )
    spans = [
        {
            "event_id": r["owner_id"],
            "field": r["field"],
            "start": r["start"],
            "end": r["end"],
            "text": r["text"],
        }  # fmt: skip
        for r in store.query(sql, (article_id,))
    ]
    keys = ("id", "url", "source", "title", "published", "published_from", "language",
            "origin", "format", "duplicate_of", "text", "clean_text")  # fmt: skip
    data = {key: row[key] for key in keys}
    data["flags"] = json.loads(row["flags"] or "[]")
    data["spans"] = spans
    data["event_ids"] = sorted({s["event_id"] for s in spans})
    return data
