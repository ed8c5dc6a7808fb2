"""The Ray engine gives exactly the local engine's events; retried or repeated batches add nothing.

One local Ray instance (2 CPUs, bound to 127.0.0.1) serves the whole module; each run starts
its own two worker actors, which load spaCy, the gazetteer and the actor graph once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import needs_gold
from typer.testing import CliRunner

from polemos.cli import app
from polemos.config import load_config
from polemos.engine import EngineOptions, open_engine
from polemos.engine.ray_engine import LOCAL_RAY
from polemos.pipeline import PIPELINE_VERSION
from polemos.runner import RunSummary, ingest_paths, merge_store, run, write_results
from polemos.samples import samples_path
from polemos.store import open_store

ray = pytest.importorskip("ray")
cli = CliRunner()
SEEDS = samples_path() / "seeds.jsonl"


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, logging_level=logging.WARNING, log_to_driver=False, **LOCAL_RAY)
    try:
        yield
    finally:
        ray.shutdown()


def content(db: Path) -> dict[str, Any]:
    """Articles, reports and events (every field but the run-time timestamp)."""
    store = open_store(str(db))
    try:
        articles = sorted(
            tuple(row)
            for row in store.query("SELECT id, duplicate_of, extracted_version FROM articles")
        )
        reports = [r.model_dump_json() for r in store.iter_reports()]
        events = [e.model_copy(update={"timestamp": 0}) for e in store.iter_events()]
    finally:
        store.close()
    return {"articles": articles, "reports": reports, "events": events}


def local_run(db: Path, paths: list[Path]) -> RunSummary:
    store = open_store(str(db))
    try:
        return run(store, paths, load_config(environ={}), engine="local")
    finally:
        store.close()


def test_engine_ray_cli_run_gives_the_local_events_on_seeds_and_gold(tmp_path: Path) -> None:
    paths = [SEEDS, needs_gold("events.dev.jsonl")]
    local = local_run(tmp_path / "local.db", paths)
    db = tmp_path / "ray.db"
    result = cli.invoke(app, ["run", *map(str, paths), "--db", str(db), "--engine", "ray",
                              "--workers", "2", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"engine": "ray", "workers": 2}' in result.stdout
    expected, got = content(tmp_path / "local.db"), content(db)
    assert local.events > 0 and len(got["events"]) == local.events
    assert got == expected


def test_engine_ray_repeated_and_retried_batches_duplicate_nothing(tmp_path: Path) -> None:
    local_run(tmp_path / "local.db", [SEEDS])
    config = load_config(environ={}, overrides=["pipeline.batch_size=1"])
    store = open_store(str(tmp_path / "ray.db"))
    try:
        ingest_paths(store, [SEEDS], config)
        articles = [store.get_article(i) for i in store.pending_articles(PIPELINE_VERSION)]
        batches = [[a] for a in articles if a is not None]
        repeated = [*batches, *batches, batches[0]]
        summary = RunSummary()
        with open_engine("ray", config, EngineOptions(workers=2)) as engine:
            results = engine.extract(repeated)
            write_results(store, [next(results)], PIPELINE_VERSION, summary)
            ray.kill(engine._actors[0], no_restart=False)  # type: ignore[attr-defined]
            write_results(store, results, PIPELINE_VERSION, summary)
        merge_store(store, config, summary)
    finally:
        store.close()
    assert summary.extracted == 2 * len(batches) + 1
    assert content(tmp_path / "ray.db") == content(tmp_path / "local.db")
