"""Write endpoints (bearer token only): ingest an article, correct a field, split, join."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from polemos.api.auth import require_token
from polemos.api.detail import optional_function
from polemos.api.errors import ApiError
from polemos.api.state import AppState, app_state
from polemos.models import content_hash

router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])
MAX_ARTICLE_CHARS = 1_000_000


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    id: str | None = Field(default=None, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$")
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None


class CorrectionIn(BaseModel):
    field: str = Field(min_length=1, max_length=100)
    value: Any
    note: str = Field(default="", max_length=2000)


class SplitIn(BaseModel):
    article_id: str = Field(min_length=1, max_length=500)


class JoinIn(BaseModel):
    event_a: str = Field(min_length=1, max_length=200)
    event_b: str = Field(min_length=1, max_length=200)


def review_function(name: str) -> Callable[..., Any]:
    found = optional_function("polemos.review", name)
    if found is None:
        raise ApiError(503, "not_available", f"the review library has no {name}() yet")
    return found


def _article_record(article: ArticleIn) -> dict[str, Any]:
    meta = {"published": article.published.isoformat() if article.published else None,
            "source": article.source, "title": article.title, "url": article.url}  # fmt: skip
    article_id = article.id or f"api-{content_hash(article.text)[:16]}"
    return {"id": article_id, "text": article.text, "meta": {k: v for k, v in meta.items() if v}}


def ingest_article(state: AppState, article: ArticleIn) -> dict[str, Any]:
    """Ingest, extract and merge one article through the library's runner."""
    from polemos.runner import extract_pending, ingest_paths, merge_store

    record = _article_record(article)
    with tempfile.TemporaryDirectory(prefix="polemos-api-") as tmp, state.writing() as store:
        path = Path(tmp) / "article.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
        summary = ingest_paths(store, [path], state.config)
        extract_pending(store, state.extractor(), 1, summary)
        merge_store(store, state.config, summary)
    result = summary.as_dict()
    result["article_id"] = record["id"]
    return result


@router.post("/articles", status_code=201, summary="Ingest one article and code its events")
def post_article(request: Request, article: ArticleIn) -> dict[str, Any]:
    result = ingest_article(app_state(request), article)
    if result["rejected"]:
        reasons = "; ".join(r["reason"] for r in result["rejections"])
        raise ApiError(422, "rejected", f"article rejected: {reasons}")
    return result


@router.post("/events/{event_id}/corrections", summary="Correct one field of an event")
def post_correction(request: Request, event_id: str, body: CorrectionIn) -> dict[str, Any]:
    state = app_state(request)
    correct = review_function("correct_field")
    with state.writing() as store:
        event: dict[str, Any] = correct(
            store, event_id, body.field, body.value, note=body.note, config=state.config
        )
    return event


@router.post("/events/{event_id}/split", summary="Split one article's report off an event")
def post_split(request: Request, event_id: str, body: SplitIn) -> dict[str, Any]:
    state = app_state(request)
    split = review_function("split_event")
    with state.writing() as store:
        ids = split(store, event_id, body.article_id, config=state.config)
    return {"event_ids": list(ids)}


@router.post("/events/join", summary="Join two events into one")
def post_join(request: Request, body: JoinIn) -> dict[str, Any]:
    state = app_state(request)
    join = review_function("join_events")
    with state.writing() as store:
        joined = join(store, body.event_a, body.event_b, config=state.config)
    return {"event_id": joined}
