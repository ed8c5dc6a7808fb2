"""``polemos merges ...``, ``polemos changes``, ``polemos correct``, ``polemos sources``.

Thin wrappers over ``polemos.review`` and ``polemos.sources``; registered on the main app
by ``polemos.cli``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from polemos.cli import DbOption, JsonOption, _config, app, guarded, opened_store, out
from polemos.errors import UsageError

merges_app = typer.Typer(help="Review and override how reports were merged.", no_args_is_help=True)
NoteOption = Annotated[str, typer.Option("--note", help="Why (kept in the merge history).")]


def _emit(value: Any, as_json: bool, lines: list[str]) -> None:
    if as_json:
        out.print(json.dumps(value, ensure_ascii=False), markup=False)
        return
    for line in lines:
        out.print(line, markup=False)


@merges_app.command("list")
def merges_list(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Events merged from several reports, with the merge score."""
    from polemos.review import list_merges

    def go() -> list[dict[str, Any]]:
        with opened_store(_config(ctx), db, must_exist=True) as store:
            return list_merges(store, limit)

    found = guarded(go)
    lines = [
        f"{m['event_id']}  {m['event_date']}  {m['sub_event_type']}  {m['location']}  "
        f"{m['reports']} reports  score {m['score']}  [{m['sources']}]"
        for m in found
    ]
    _emit(found, as_json, lines or ["no merged events"])


@merges_app.command("show")
def merges_show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="Event id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An event's reports side by side, and its merge history."""
    from polemos.review import show_merge

    def go() -> dict[str, Any]:
        with opened_store(_config(ctx), db, must_exist=True) as store:
            return show_merge(store, event_id)

    view = guarded(go)
    _emit(view, as_json, _merge_lines(view))


def _merge_lines(view: dict[str, Any]) -> list[str]:
    event = view["event"]
    head = f"{event['event_id_cnty']}  {event['event_date']}  {event['sub_event_type']}  "
    lines = [head + f"{event['location']}  fatalities {event['fatalities']}  tags: {event['tags']}"]
    for report in view["reports"]:
        fields = report["fields"]
        lines.append(
            f"  report {report['report_id']} ({report['source']}, {report['article_id']}): "
            f"{fields.get('event_date')} {fields.get('location')} "
            f"fatalities {fields.get('fatalities')}"
        )
    for item in view["history"]:
        score = "" if item["score"] is None else f" score {item['score']}"
        lines.append(f"  {item['at']} {item['action']} by {item['by']}{score}: "
                     + "; ".join(item["reasons"]))  # fmt: skip
    return lines


@merges_app.command("split")
def merges_split(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="Event id.")],
    article_id: Annotated[str, typer.Argument(help="Article whose reports leave the event.")],
    note: NoteOption = "",
    db: DbOption = None,
) -> None:
    """Take one article's reports out of an event, for good (survives re-runs)."""
    from polemos.review import split_event

    def go() -> list[str]:
        config = _config(ctx)
        with opened_store(config, db, must_exist=True) as store:
            return split_event(store, event_id, article_id, config, note)

    out.print("events now: " + ", ".join(guarded(go)), markup=False)


@merges_app.command("join")
def merges_join(
    ctx: typer.Context,
    event_a: Annotated[str, typer.Argument(help="Event id that stays.")],
    event_b: Annotated[str, typer.Argument(help="Event id merged into it.")],
    note: NoteOption = "",
    db: DbOption = None,
) -> None:
    """Merge two events into one, for good (survives re-runs)."""
    from polemos.review import join_events

    def go() -> str:
        config = _config(ctx)
        with opened_store(config, db, must_exist=True) as store:
            return join_events(store, event_a, event_b, config, note)

    out.print(f"joined into {guarded(go)}", markup=False)


def parse_since(value: str) -> int:
    """Epoch seconds from an integer or an ISO date/time (UTC when no zone is given)."""
    if value.isdigit():
        return int(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--since {value!r} is neither epoch seconds nor an ISO date/time",
            hint="e.g. 2026-11-22T10:00:00",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


@app.command()
def changes(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="Epoch seconds or ISO time.")] = "0",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The change feed: events created, updated or deleted after --since."""
    from polemos.review import changes_since

    def go() -> list[dict[str, Any]]:
        moment = parse_since(since)
        with opened_store(_config(ctx), db, must_exist=True) as store:
            return changes_since(store, moment)

    found = guarded(go)
    lines = [f"{c['at']}\t{c['change']}\t{c['event_id']}\t{','.join(c['fields'])}" for c in found]
    if as_json:
        _emit(found, True, [])
        return
    for line in lines:
        typer.echo(line)


@app.command()
def correct(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="Event id.")],
    field: Annotated[str, typer.Argument(help="Field name, e.g. fatalities.")],
    value: Annotated[str, typer.Argument(help="New value (JSON for numbers/null).")],
    note: NoteOption = "",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Correct one field of a merged event, for good (survives re-runs)."""
    from polemos.review import correct_field

    def go() -> dict[str, Any]:
        config = _config(ctx)
        with opened_store(config, db, must_exist=True) as store:
            return correct_field(store, event_id, field, _value(value), note, config)

    event = guarded(go)
    _emit(event, as_json, [f"{event_id}: {field} = {event[field]!r}"])


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


@app.command()
def sources(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """The source registry with article and event counts."""
    from polemos.sources import list_sources

    def go() -> list[dict[str, Any]]:
        with opened_store(_config(ctx), db, must_exist=True) as store:
            return list_sources(store)

    found = guarded(go)
    if as_json:
        _emit(found, True, [])
        return
    for item in found:
        party = "party" if item["party"] else "-"
        scale = item["source_scale"] or "-"
        typer.echo(f"{item['name']}\t{scale}\t{party}\t{item['articles']}\t{item['events']}")
