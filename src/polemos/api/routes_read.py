"""Read endpoints: events, one event, one article, timeline, map, sources, facets."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from polemos import __version__
from polemos.api.detail import article_detail, event_detail, optional_function
from polemos.api.formats import render_page
from polemos.api.mapgrid import MAX_ZOOM, map_data
from polemos.api.query import (
    MAX_PAGE_SIZE,
    EventQuery,
    count_events,
    facets,
    list_events,
    parse_bbox,
    sources,
    timeline,
)
from polemos.api.state import app_state, get_store
from polemos.errors import NotFoundError
from polemos.store.base import Store

router = APIRouter(prefix="/api")
StoreDep = Annotated[Store, Depends(get_store)]
TextList = Annotated[list[str] | None, Query()]


def _actor_names(store: Store, config: dict[str, Any], names: list[str]) -> tuple[str, ...]:
    """Each requested actor with its aliases (from the actor graph when it is there)."""
    expand = optional_function("polemos.graph", "actor_names")
    found: list[str] = []
    for name in names:
        found.append(name)
        if expand is None:
            continue
        try:
            found.extend(str(n) for n in expand(store, name, config=config))
        except NotFoundError:
            continue
    return tuple(dict.fromkeys(n for n in found if n))


def event_query(
    request: Request,
    store: StoreDep,
    since: Annotated[date | None, Query(description="From this event date (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Until this event date.")] = None,
    bbox: Annotated[
        str | None, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=200)
    ] = None,
    country: TextList = None,
    admin1: TextList = None,
    event_type: TextList = None,
    sub_event_type: TextList = None,
    actor: Annotated[
        list[str] | None, Query(description="Actor name or alias (repeatable).")
    ] = None,
    source: TextList = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=10**9)] = None,
    q: Annotated[str | None, Query(description="Text in the notes.", max_length=500)] = None,
) -> EventQuery:
    """The filters every event endpoint shares (repeat a parameter to give several values)."""
    config = app_state(request).config
    return EventQuery(
        since=since, until=until, bbox=parse_bbox(bbox),
        countries=tuple(country or ()), admin1=tuple(admin1 or ()),
        event_types=tuple(event_type or ()), sub_event_types=tuple(sub_event_type or ()),
        actor_names=_actor_names(store, config, actor or []), sources=tuple(source or ()),
        min_fatalities=min_fatalities, text=q or None,
    )  # fmt: skip


QueryDep = Annotated[EventQuery, Depends(event_query)]
T = TypeVar("T")


def cached(request: Request, key: Hashable, compute: Callable[[], T]) -> T:
    """An aggregate from the app's short-lived cache (dropped on every API write)."""
    return app_state(request).cache.get_or_compute(key, compute)


@router.get("/events", summary="Events matching the filters, one page")
def get_events(
    request: Request,
    store: StoreDep,
    filters: QueryDep,
    sort: Annotated[
        str | None, Query(description="Sort key, '-' prefix for descending.", max_length=40)
    ] = None,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    limit: Annotated[int | None, Query(ge=1, description=f"Capped at {MAX_PAGE_SIZE}.")] = None,
    format: Literal["json", "geojson", "csv"] = "json",  # noqa: A002
) -> Response:
    page = list_events(store, filters, sort=sort, cursor=cursor, limit=limit, with_total=False)
    if not cursor:
        cache = app_state(request).cache
        page.total = cache.get_or_compute(("count", filters), lambda: count_events(store, filters))
    return render_page(page, format)


@router.get("/events/{event_id}", summary="One event: fields, evidence, claims, merge history")
def get_event(store: StoreDep, event_id: Annotated[str, Path(max_length=200)]) -> JSONResponse:
    return JSONResponse(event_detail(store, event_id))


@router.get("/articles/{article_id}", summary="One article's text and the spans that fed events")
def get_article(store: StoreDep, article_id: Annotated[str, Path(max_length=500)]) -> JSONResponse:
    return JSONResponse(article_detail(store, article_id))


@router.get("/stats/timeline", summary="Event counts per day/week/month and event type")
def get_timeline(
    request: Request,
    store: StoreDep,
    filters: QueryDep,
    interval: Literal["day", "week", "month", "auto"] = "day",
) -> JSONResponse:
    key = ("timeline", filters, interval)
    return JSONResponse(cached(request, key, lambda: timeline(store, filters, interval)))


@router.get("/map", summary="Points, or grid cells binned by zoom when many events match")
def get_map(
    request: Request,
    store: StoreDep,
    filters: QueryDep,
    zoom: Annotated[int, Query(ge=0, le=MAX_ZOOM)] = 2,
) -> JSONResponse:
    data = cached(request, ("map", filters, zoom), lambda: map_data(store, filters, zoom))
    return JSONResponse(data)


@router.get("/sources", summary="Sources with their event and article counts")
def get_sources(request: Request, store: StoreDep) -> dict[str, Any]:
    return {"sources": cached(request, ("sources",), lambda: sources(store))}


@router.get("/facets", summary="Values the filter bar offers, with counts")
def get_facets(request: Request, store: StoreDep) -> dict[str, Any]:
    return cached(request, ("facets",), lambda: facets(store))


@router.get("/config", summary="What the web UI needs to know about this server")
def get_config(request: Request) -> dict[str, Any]:
    state = app_state(request)
    web = state.config.get("web", {})
    return {
        "version": __version__,
        "read_only": request.app.state.api_token is None,
        "tile_url": web.get("tile_url", ""),
        "tile_attribution": web.get("tile_attribution", ""),
        "max_page_size": MAX_PAGE_SIZE,
    }
