"""Actor endpoints over the actor-graph library (``polemos.graph``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from polemos.api.detail import optional_function
from polemos.api.errors import ApiError
from polemos.api.state import app_state, get_store
from polemos.store.base import Store

router = APIRouter(prefix="/api/actors")
StoreDep = Annotated[Store, Depends(get_store)]


def graph_function(name: str) -> Callable[..., Any]:
    found = optional_function("polemos.graph", name)
    if found is None:
        raise ApiError(503, "not_available", f"the actor graph library has no {name}() yet")
    return found


@router.get("", summary="Every actor with aliases and event counts")
def get_actors(request: Request, store: StoreDep) -> dict[str, Any]:
    actors = graph_function("list_actors")(store, config=app_state(request).config)
    return {"actors": list(actors)}


@router.get("/graph", summary="Actors and their relations as nodes and edges")
def get_actor_graph(
    request: Request,
    store: StoreDep,
    as_of: Annotated[date | None, Query(description="Relations valid on this date.")] = None,
) -> dict[str, Any]:
    graph: dict[str, Any] = graph_function("actor_graph")(
        store, as_of=as_of, config=app_state(request).config
    )
    return graph


@router.get("/{actor_id}", summary="One actor: aliases and relations (valid on as_of)")
def get_actor(
    request: Request,
    store: StoreDep,
    actor_id: Annotated[str, Path(max_length=300)],
    as_of: Annotated[date | None, Query(description="Relations valid on this date.")] = None,
) -> dict[str, Any]:
    actor: dict[str, Any] = graph_function("show_actor")(
        store, actor_id, as_of=as_of, config=app_state(request).config
    )
    return actor
