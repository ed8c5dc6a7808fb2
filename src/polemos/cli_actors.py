"""``polemos actors ...``: query and extend the actor graph of a database.

Thin wrappers over ``polemos.graph``; registered on the main app by ``polemos.cli``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from xml.sax.saxutils import escape, quoteattr

import typer

from polemos.cli import DbOption, JsonOption, _config, _parse_date, guarded, opened_store, out
from polemos.errors import UsageError

actors_app = typer.Typer(help="Query and extend the actor graph.", no_args_is_help=True)
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Only names and relations valid on this date.")
]


@actors_app.command("list")
def actors_list(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every actor with its type, country and number of events."""
    from polemos.graph import list_actors

    def go() -> list[dict[str, Any]]:
        config = _config(ctx)
        with opened_store(config, db) as store:
            return list_actors(store, config)

    found = guarded(go)
    if as_json:
        out.print(json.dumps(found, ensure_ascii=False), markup=False)
        return
    for actor in found:
        where = actor["country"] or "-"
        line = f"{actor['id']}\t{actor['name']}\t{actor['type_label']}\t{where}"
        typer.echo(f"{line}\t{actor['events']} events")  # tab-separated, unexpanded


@actors_app.command("show")
def actors_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Actor id, name, alias or acronym.")],
    as_of: AsOfOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An actor's names, aliases and relations (as they stood on --as-of)."""
    from polemos.graph import show_actor

    def go() -> dict[str, Any]:
        config = _config(ctx)
        day = _parse_date(as_of, "--as-of")
        with opened_store(config, db) as store:
            return show_actor(store, name, day, config)

    view = guarded(go)
    if as_json:
        out.print(json.dumps(view, ensure_ascii=False), markup=False)
        return
    for line in format_actor(view):
        out.print(line, markup=False)


def format_actor(view: dict[str, Any]) -> list[str]:
    """Human-readable lines for one actor view."""
    when = f" (as of {view['as_of']}: {view['name_as_of']})" if view["as_of"] else ""
    lines = [f"{view['name']} [{view['id']}]{when}", f"type: {view['type']} {view['type_label']}"]
    lines.append(f"country: {view['country'] or '-'}")
    names = [_alias_text(a) for a in view["aliases"]]
    lines.append("aliases: " + "; ".join(names))
    for relation in view["relations"]:
        lines.append("  " + _relation_text(relation))
    return lines


def _alias_text(alias: dict[str, Any]) -> str:
    span = _interval(alias["valid_from"], alias["valid_to"])
    return alias["name"] + (f" ({span})" if span else "")


def _interval(start: str | None, end: str | None) -> str:
    if not start and not end:
        return ""
    return f"{start or '…'} – {end or '…'}"


def _relation_text(relation: dict[str, Any]) -> str:
    arrow = "<-" if relation["direction"] == "incoming" else "->"
    span = _interval(relation["valid_from"], relation["valid_to"])
    origin = relation["origin"] + (
        f" via {relation['derived_from']}" if relation["derived_from"] else ""
    )
    quote = relation["evidence"][0]["text"] if relation["evidence"] else relation["source"]
    text = f"{relation['type']} {arrow} {relation['target_name']} [{span or 'undated'}] {origin}"
    if relation["disagrees_with"]:
        text += " (disputed)"
    return f"{text}: {quote}"


@actors_app.command("graph")
def actors_graph(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="json or graphml.")] = "json",
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """The whole actor graph (relations valid on --as-of) as JSON or GraphML."""
    from polemos.graph import actor_graph

    def go() -> dict[str, Any]:
        if fmt not in ("json", "graphml"):
            raise UsageError(f"unknown graph format {fmt!r}", hint="use json or graphml")
        config = _config(ctx)
        with opened_store(config, db) as store:
            return actor_graph(store, _parse_date(as_of, "--as-of"), config)

    graph = guarded(go)
    text = json.dumps(graph, ensure_ascii=False) if fmt == "json" else to_graphml(graph)
    out.print(text, markup=False)


def to_graphml(graph: dict[str, Any]) -> str:
    """GraphML for an ``actor_graph`` result (edges keep type and dates)."""
    keys = [("name", "node"), ("actor_type", "node"), ("type", "edge"), ("valid_from", "edge"),
            ("valid_to", "edge"), ("origin", "edge")]  # fmt: skip
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']  # fmt: skip
    lines += [f'  <key id="{k}" for="{f}" attr.name="{k}" attr.type="string"/>' for k, f in keys]
    lines.append('  <graph id="actors" edgedefault="directed">')
    for node in graph["nodes"]:
        data = _data(name=node["name"], actor_type=node["type"])
        lines.append(f"    <node id={quoteattr(node['id'])}>{data}</node>")
    for edge in graph["edges"]:
        data = _data(type=edge["type"], valid_from=edge["valid_from"],
                     valid_to=edge["valid_to"], origin=edge["origin"])  # fmt: skip
        ends = f"source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}"
        lines.append(f"    <edge {ends}>{data}</edge>")
    return "\n".join([*lines, "  </graph>", "</graphml>"])


def _data(**values: Any) -> str:
    return "".join(
        f'<data key="{key}">{escape(str(value))}</data>'
        for key, value in values.items()
        if value is not None
    )


@actors_app.command("import")
def actors_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Actor YAML file (format of actors.yaml).")],
    db: DbOption = None,
) -> None:
    """Keep an actor file in the database; its actors are used from the next extraction."""
    from polemos.graph import import_actor_file

    def go() -> int:
        config = _config(ctx)
        with opened_store(config, db) as store:
            return import_actor_file(store, path, config)

    count = guarded(go)
    out.print(f"imported {count} actors from {path}", markup=False)


@actors_app.command("add")
def actors_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Canonical (ACLED-style) name.")],
    inter: Annotated[int, typer.Option("--type", min=1, max=8, help="ACLED actor type 1-8.")],
    actor_id: Annotated[str | None, typer.Option("--id", help="Id (default from name).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 country code.")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name.")] = None,
    acronym: Annotated[list[str] | None, typer.Option("--acronym", help="Acronym.")] = None,
    source: Annotated[str | None, typer.Option(help="Where this knowledge comes from.")] = None,
    db: DbOption = None,
) -> None:
    """Add an actor to the database's graph (used from the next extraction)."""
    from polemos.graph import add_actor, slug

    entry: dict[str, Any] = {"id": actor_id or slug(name), "name": name, "inter": inter}
    optional = {"country": country, "aliases": alias, "acronyms": acronym, "source": source}
    entry.update({key: value for key, value in optional.items() if value})

    def go() -> dict[str, Any]:
        config = _config(ctx)
        with opened_store(config, db) as store:
            return add_actor(store, entry, config)

    view = guarded(go)
    out.print(f"added {view['name']} [{view['id']}]", markup=False)
