"""The ``polemos`` command line: thin wrappers over library calls.

Library errors (``PolemosError``) become a one-line message on stderr and exit code 1;
``--strict`` runs exit 2 when any input was rejected; any run exits 2 when every input was
rejected (nothing was processed).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from polemos import __version__
from polemos.config import load_config
from polemos.errors import PolemosError, UsageError
from polemos.runner import RunSummary
from polemos.store.base import EventFilter, Store

app = typer.Typer(
    name="polemos",
    help="Turn news reports about armed conflict into an evidence-carrying event dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build and query the offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")

DbOption = Annotated[str | None, typer.Option("--db", help="Database file (default ./polemos.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD for inputs that carry none."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 2 when any input is rejected.")]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", min=1, help="Extraction processes.")
]
PathsArgument = Annotated[
    list[Path], typer.Argument(help="Files, directories or quoted glob patterns to read.")
]
EngineOption = Annotated[
    str | None, typer.Option("--engine", help="Where extraction runs: local or ray.")
]
AddressOption = Annotated[
    str | None,
    typer.Option("--address", help="Ray cluster to join: auto or HOST:PORT (ray engine)."),
]
ResumeOption = Annotated[
    bool, typer.Option("--resume", help="Skip inputs already stored; finish an interrupted run.")
]


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML configuration file.")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a setting: section.key=value.")
    ] = None,
) -> None:
    """Polemos command line."""
    ctx.obj = {"config_path": config, "overrides": set_ or []}


def _config(ctx: typer.Context) -> dict[str, Any]:
    return load_config(ctx.obj["config_path"], ctx.obj["overrides"])


def guarded(function: Callable[[], T]) -> T:
    """Run ``function``; turn library errors into a message and exit code 1."""
    try:
        return function()
    except PolemosError as error:
        err.print(f"Error: {error}", markup=False)
        raise typer.Exit(error.exit_code) from None


@contextmanager
def opened_store(
    config: dict[str, Any], db: str | None, *, must_exist: bool = False
) -> Iterator[Store]:
    from polemos.store import open_store

    url = db or config["store"]["db"]
    if must_exist and "://" not in url and not Path(url).exists():
        raise UsageError(f"database {url} does not exist", hint="run `polemos run PATH...` first")
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: expected a date YYYY-MM-DD, got {value!r}") from None


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int | None], None]]:
    if not enabled:
        yield lambda stage, done, total: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _print_summary(summary: RunSummary, as_json: bool) -> None:
    if as_json:
        out.print(json.dumps(summary.as_dict(), ensure_ascii=False), markup=False)
        return
    out.print(
        f"articles: {summary.articles_new} new, {summary.articles_known} already stored, "
        f"{summary.duplicates} near-duplicates; rejected: {len(summary.rejections)}; "
        f"extracted: {summary.extracted} articles, {summary.reports} reports; "
        f"events: {summary.events}",
        markup=False,
    )
    for rejection in summary.rejections:
        out.print(
            f"rejected {rejection.origin}: [{rejection.code}] {rejection.reason}", markup=False
        )


def _print_throughput(summary: RunSummary, as_json: bool) -> None:
    if as_json or not summary.extracted:
        return
    err.print(
        f"throughput: {summary.articles_per_second:.1f} articles/s ({summary.extracted} "
        f"extracted in {summary.seconds:.1f} s; engine {summary.engine}, "
        f"{summary.workers} worker{'s' if summary.workers > 1 else ''})",
        markup=False,
    )


def _finish(summary: RunSummary, strict: bool) -> None:
    """Exit 2 when inputs were rejected and ``--strict`` is set or nothing was read at all."""
    read = summary.articles_new + summary.articles_known
    if summary.rejections and (strict or read == 0):
        raise typer.Exit(2)


@app.command()
def run(
    ctx: typer.Context,
    paths: PathsArgument,
    db: DbOption = None,
    published: PublishedOption = None,
    workers: WorkersOption = None,
    engine: EngineOption = None,
    address: AddressOption = None,
    resume: ResumeOption = False,
    strict: StrictOption = False,
    as_json: JsonOption = False,
) -> None:
    """Ingest PATHs, extract events and merge them (the whole pipeline)."""
    from polemos.engine import engine_name, engine_options
    from polemos.runner import run as run_pipeline

    def go() -> RunSummary:
        config = _config(ctx)
        name, options = engine_name(config, engine), engine_options(config, workers, address)
        when = _parse_date(published, "--published")
        with opened_store(config, db) as store, _progress(not as_json) as progress:
            return run_pipeline(
                store, paths, config, when, progress, engine=name, options=options,
                resume=resume,
            )  # fmt: skip

    summary = guarded(go)
    _print_summary(summary, as_json)
    _print_throughput(summary, as_json)
    _finish(summary, strict)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: PathsArgument,
    db: DbOption = None,
    published: PublishedOption = None,
    resume: ResumeOption = False,
    strict: StrictOption = False,
    as_json: JsonOption = False,
) -> None:
    """Read PATHs into the database without extracting events."""
    from polemos.runner import ingest_paths

    def go() -> RunSummary:
        config = _config(ctx)
        when = _parse_date(published, "--published")
        with opened_store(config, db) as store, _progress(not as_json) as progress:
            return ingest_paths(store, paths, config, when, progress=progress, resume=resume)

    summary = guarded(go)
    _print_summary(summary, as_json)
    _finish(summary, strict)


@app.command()
def extract(
    ctx: typer.Context,
    db: DbOption = None,
    workers: WorkersOption = None,
    engine: EngineOption = None,
    address: AddressOption = None,
    reprocess: Annotated[
        bool,
        typer.Option(
            "--reprocess", help="Also re-code articles coded by an older pipeline version."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract events from stored articles never coded (--reprocess: or coded by an older
    version), then merge; unchanged events keep their ids."""
    from polemos.engine import engine_name, engine_options
    from polemos.pipeline import Extractor
    from polemos.runner import extract_pending, merge_store

    def go() -> RunSummary:
        config = _config(ctx)
        name, options = engine_name(config, engine), engine_options(config, workers, address)
        with (
            opened_store(config, db, must_exist=True) as store,
            _progress(not as_json) as progress,
        ):
            summary = extract_pending(
                store, Extractor(config), options.workers, progress=progress, engine=name,
                address=options.address, reprocess=reprocess,
            )  # fmt: skip
            return merge_store(store, config, summary)

    summary = guarded(go)
    _print_summary(summary, as_json)
    _print_throughput(summary, as_json)


@app.command()
def events(
    ctx: typer.Context,
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="Only this country.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name contains this.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Until this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List merged events."""
    from polemos.report import event_dicts, events_table

    def go() -> list[Any]:
        config = _config(ctx)
        filters = EventFilter(
            since=_parse_date(since, "--since"), until=_parse_date(until, "--until"),
            country=country, event_type=event_type, actor=actor, limit=limit,
        )  # fmt: skip
        with opened_store(config, db, must_exist=True) as store:
            return list(store.iter_events(filters))

    found = guarded(go)
    if as_json:
        out.print(json.dumps(event_dicts(found), ensure_ascii=False), markup=False)
    else:
        out.print(events_table(found))


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="acled-csv, jsonl, geojson or parquet.")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Output file (default stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export merged events."""
    from polemos.export import export_events

    def go() -> int:
        config = _config(ctx)
        with opened_store(config, db, must_exist=True) as store:
            return export_events(store.iter_events(), fmt, out_path, sys.stdout.buffer)

    count = guarded(go)
    if out_path is not None:
        err.print(f"wrote {count} events to {out_path}", markup=False)


@app.command()
def demo(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Run the pipeline on the bundled sample articles and print the events."""
    from polemos.report import event_dicts, events_table
    from polemos.samples import run_demo

    def go() -> tuple[RunSummary, list[Any]]:
        return run_demo(_config(ctx), db)

    summary, found = guarded(go)
    if as_json:
        out.print(json.dumps(event_dicts(found), ensure_ascii=False), markup=False)
        return
    _print_summary(summary, False)
    out.print(events_table(found))


@app.command()
def doctor(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Check the spaCy model, gazetteer and database; say how to fix what is missing."""
    from polemos.doctor import run_checks

    checks = guarded(lambda: run_checks(_config(ctx), db))
    if as_json:
        out.print(json.dumps([c.__dict__ for c in checks], ensure_ascii=False), markup=False)
    else:
        for check in checks:
            mark = "ok  " if check.ok else "FAIL"
            fix = f" -> {check.fix}" if check.fix and not check.ok else ""
            out.print(f"{mark} {check.name}: {check.detail}{fix}", markup=False)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
    task: Annotated[str, typer.Argument(help="Evaluation task, e.g. events.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL file (shared/gold format).")],
    as_json: JsonOption = False,
) -> None:
    """Score the pipeline against a gold file."""
    from polemos.evaluate import evaluate as run_eval
    from polemos.evaluate import format_scores

    scores = guarded(lambda: run_eval(task, gold, _config(ctx)))
    if as_json:
        out.print(json.dumps(scores, ensure_ascii=False), markup=False)
    else:
        out.print(format_scores(scores), markup=False)


@app.command()
def geoparse(
    ctx: typer.Context,
    paths: PathsArgument,
    fmt: Annotated[str, typer.Option("--format", help="Output format (jsonl).")] = "jsonl",
) -> None:
    """Print the toponyms of each input document with their resolved places (JSONL)."""
    from polemos.geo.geoparse import geoparse_paths

    def go() -> int:
        if fmt != "jsonl":
            raise UsageError(f"--format: only jsonl is supported, got {fmt!r}")
        config = _config(ctx)
        rejected = 0
        for item in geoparse_paths(paths, config):
            if isinstance(item, dict):
                out.print(json.dumps(item, ensure_ascii=False), markup=False)
            else:
                rejected += 1
                err.print(f"rejected {item.origin}: [{item.code}] {item.reason}", markup=False)
        return rejected

    guarded(go)


@gazetteer_app.command("build")
def gazetteer_build(ctx: typer.Context) -> None:
    """Compile the gazetteer index from the installed GeoNames data."""
    from polemos.pipeline import load_gazetteer

    count = guarded(lambda: len(load_gazetteer(_config(ctx))))
    out.print(f"gazetteer ready: {count} names", markup=False)


def _cache_dir(config: dict[str, Any]) -> Path | None:
    cache = config["geo"]["cache_dir"]
    return Path(cache) if cache else None


@gazetteer_app.command("import")
def gazetteer_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help="GeoNames dump: allCountries.zip, SY.zip, XX.txt, alternateNamesV2."),
    ],
) -> None:
    """Import a full GeoNames dump (or alternate names) into the local gazetteer."""
    from polemos.geo.imports import import_geonames

    summary = guarded(lambda: import_geonames(file, _cache_dir(_config(ctx))))
    out.print(summary.describe(), markup=False)


@gazetteer_app.command("add")
def gazetteer_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Place name as written in the news.")],
    lat: Annotated[float, typer.Option(help="Latitude (WGS84).")],
    lon: Annotated[float, typer.Option(help="Longitude (WGS84).")],
    country: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2 country code.")],
    alias: Annotated[list[str] | None, typer.Option(help="Another spelling (repeatable).")] = None,
    admin1: Annotated[str | None, typer.Option(help="Province/governorate name.")] = None,
    feature: Annotated[str, typer.Option(help="GeoNames feature code, e.g. PPL, MT.")] = "PPL",
    source: Annotated[str | None, typer.Option(help="Where the coordinates come from.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Supplement file to append to.")
    ] = None,
) -> None:
    """Add a place (front-line village, terrain) to a user supplement file."""
    from polemos.geo.supplement import SupplementEntry, add_supplement_entry

    def go() -> Path:
        configured = _config(ctx)["geo"]["supplement_files"]
        target = file or (Path(configured[0]) if configured else None)
        if target is None:
            raise UsageError("no supplement file", hint="pass --file or set geo.supplement_files")
        entry = SupplementEntry(
            name=name, lat=lat, lon=lon, country=country.upper(), aliases=tuple(alias or ()),
            admin1=admin1, feature=feature, source=source,
        )  # fmt: skip
        add_supplement_entry(target, entry)
        return target

    target = guarded(go)
    out.print(f"added {name} to {target}", markup=False)


@gazetteer_app.command("search")
def gazetteer_search(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name to look up (any spelling).")],
    as_json: JsonOption = False,
) -> None:
    """Look a name up in the gazetteer (GeoNames, imports and supplements)."""
    from polemos.geo.supplement import search
    from polemos.pipeline import load_gazetteer

    places = guarded(lambda: search(load_gazetteer(_config(ctx)), name))
    if as_json:
        out.print(
            json.dumps([p.model_dump(mode="json") for p in places], ensure_ascii=False),
            markup=False,
        )
        return
    for place in places:
        where = ", ".join(p for p in (place.admin1, place.country) if p)
        point = f"{place.latitude:.5f},{place.longitude:.5f}"
        line = f"{place.gazetteer_id}\t{place.name}\t{where}\t{place.feature}\t{point}"
        out.print(f"{line}\tpop {place.population}", markup=False)
    if not places:
        out.print(f"no place named {name!r}", markup=False)


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes.")] = 1,
) -> None:
    """Serve the HTTP API and the web UI (writes need POLEMOS_API_TOKEN)."""
    from polemos.api.serve import serve as run_server

    def go() -> None:
        config = _config(ctx)
        with opened_store(config, db, must_exist=True):
            pass  # a missing or unreadable database fails here, before the server starts
        run_server(db or config["store"]["db"], config, host, port, workers, log=err.print)

    guarded(go)


@app.command()
def version() -> None:
    """Print the Polemos version."""
    out.print(f"polemos {__version__}", markup=False)


def _register_command_groups() -> None:
    """Command groups that live in their own modules."""
    from polemos.cli_actors import actors_app
    from polemos.cli_review import merges_app

    app.add_typer(actors_app, name="actors")
    app.add_typer(merges_app, name="merges")
    from polemos.cli_explain import register_event_commands

    register_event_commands(app)


_register_command_groups()
