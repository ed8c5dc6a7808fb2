"""``polemos doctor``: check that every offline resource is installed and usable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_model(config: dict[str, Any]) -> Check:
    from polemos.nlp import MODEL_HINTS, load_pipeline

    name = config["nlp"]["model"]
    try:
        nlp = load_pipeline(name)
    except PolemosError as error:
        return Check(
            "spaCy model", False, str(error.message), MODEL_HINTS.get(name, error.hint or "")
        )
    return Check(
        "spaCy model", True, f"{name} {nlp.meta.get('version', '?')} ({', '.join(nlp.pipe_names)})"
    )


def check_gazetteer(config: dict[str, Any]) -> Check:
    from polemos.pipeline import load_gazetteer

    try:
        gazetteer = load_gazetteer(config)
    except (PolemosError, OSError) as error:
        return Check("gazetteer", False, str(error), "run `polemos gazetteer build`")
    return Check("gazetteer", True, f"{len(gazetteer)} names indexed")


def check_actors(config: dict[str, Any]) -> Check:
    from polemos.actors import load_actor_graph

    try:
        graph = load_actor_graph(config["actors"]["extra_files"])
    except PolemosError as error:
        return Check("actor graph", False, str(error), "fix the actor file named above")
    return Check(
        "actor graph", True, f"{len(graph.actors)} actors, {len(graph.alias_index)} aliases"
    )


def check_database(config: dict[str, Any], db: str | None) -> Check:
    from polemos.store import open_store

    url = db or config["store"]["db"]
    if "://" not in url and not Path(url).exists():
        return Check("database", True, f"{url} does not exist yet (created on first run)")
    try:
        store = open_store(url)
    except PolemosError as error:
        return Check("database", False, str(error), "pass --db with a Polemos database file")
    try:
        stats = store.stats()
    finally:
        store.close()
    detail = (f"{url}: schema v{stats.schema_version}, {stats.articles} articles, "
              f"{stats.events} events, {stats.rejections} rejections")  # fmt: skip
    return Check("database", True, detail)


def run_checks(config: dict[str, Any], db: str | None) -> list[Check]:
    return [
        check_model(config),
        check_gazetteer(config),
        check_actors(config),
        check_database(config, db),
    ]
