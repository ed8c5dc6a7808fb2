"""Engines, inputs at scale and ``--resume`` on the local engine (Ray: test_engine_ray.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from polemos.cli import app
from polemos.config import load_config
from polemos.engine import ENGINES, EngineOptions, engine_name, engine_options, open_engine
from polemos.engine.inputs import blank_known_records, expand_paths, iter_items
from polemos.errors import RegistryError
from polemos.models import Article, Rejection
from polemos.runner import ingest_paths, run
from polemos.store import open_store

cli = CliRunner()
PUBLISHED = date(2017, 2, 10)
BODY = (
    "On February 9, Jund al-Aqsa captured the town of Kafr Zeita in northern Hama province "
    "after clashes with the Free Syrian Army, local sources said. About 30 fighters were "
    "killed and some 100 others were taken prisoner. Rebel commanders said they would try "
    "to retake Kafr Zeita in the coming days.\n"
)


class Interrupted(Exception):
    """Stands for a crash in the middle of a run."""


def corpus(directory: Path) -> Path:
    """JSONL shards with ids, text files, and a syndicated copy after its original."""
    shards = directory / "shards"
    shards.mkdir(parents=True)
    for shard in range(2):
        lines = []
        for number in range(5):
            day = 1 + shard * 5 + number
            text = (
                f"Report {shard}-{number}\n\nOn February {day}, Jund al-Aqsa shelled Morek with "
                f"mortars. Police arrested {number + 2} suspected members of ISIS in Kirkuk on "
                f"February {day}."
            )
            record = {"id": f"s{shard}-{number}", "text": text,
                      "meta": {"published": "2017-02-12", "source": f"Wire {shard}"}}  # fmt: skip
            lines.append(json.dumps(record))
        (shards / f"part-{shard:03}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    texts = directory / "texts"
    texts.mkdir()
    (texts / "a-original.txt").write_text("Rebels lose Kafr Zeita\n\n" + BODY, "utf-8")
    (texts / "b-copy.txt").write_text("Jund al-Aqsa takes town\n\n" + BODY, "utf-8")
    return directory


def state(db: Path) -> dict[str, Any]:
    """Articles, reports and events (without timestamps) of a database."""
    store = open_store(str(db))
    try:
        articles = sorted(
            (row["id"], row["duplicate_of"], row["extracted_version"])
            for row in store.query("SELECT id, duplicate_of, extracted_version FROM articles")
        )
        reports = [r.model_dump_json() for r in store.iter_reports()]
        events = [e.model_copy(update={"timestamp": 0}) for e in store.iter_events()]
    finally:
        store.close()
    return {"articles": articles, "reports": reports, "events": events}


def run_into(db: Path, paths: list[Path], **options: Any) -> Any:
    store = open_store(str(db))
    try:
        config = load_config(environ={}, overrides=["pipeline.batch_size=2"])
        return run(store, paths, config, PUBLISHED, **options)
    finally:
        store.close()


def test_engine_registry_names_local_and_ray() -> None:
    assert ENGINES.names() == ["local", "ray"]
    with pytest.raises(RegistryError, match="unknown engine 'spark'"):
        ENGINES.get("spark")


def test_engine_options_fall_back_to_configuration() -> None:
    config = load_config(environ={}, overrides=["pipeline.workers=3", "engine.name=ray",
                                                "engine.address=auto"])  # fmt: skip
    assert engine_options(config) == EngineOptions(workers=3, address="auto")
    assert engine_options(config, 2, "10.0.0.5:6379") == EngineOptions(2, "10.0.0.5:6379")
    assert engine_name(config) == "ray" and engine_name(config, "local") == "local"
    assert engine_name(load_config(environ={})) == "local"


def test_engine_local_without_batches_loads_nothing() -> None:
    config = load_config(environ={})
    with open_engine("local", config, EngineOptions(workers=2)) as engine:
        assert list(engine.extract([])) == []
        assert engine.extractor._nlp is None  # type: ignore[attr-defined]


def test_engine_inputs_expand_quoted_globs(tmp_path: Path) -> None:
    directory = corpus(tmp_path / "in")
    pattern = str(directory / "shards" / "*.jsonl")
    found = list(expand_paths([pattern, str(directory / "nothing-*.jsonl")]))
    assert found[:2] == sorted((directory / "shards").glob("*.jsonl"))
    assert found[2] == Rejection(origin=str(directory / "nothing-*.jsonl"), code="unreadable",
                                 reason="no file matches this pattern")  # fmt: skip
    recursive = list(expand_paths([str(directory / "**" / "*.txt")]))
    assert [p.name for p in recursive if isinstance(p, Path)] == ["a-original.txt", "b-copy.txt"]


def test_engine_blank_known_records_keeps_line_offsets() -> None:
    data = b'{"id": "a", "text": "x"}\n{"id": 7, "text": "y"}\nnot json\n{"id": "c"}'
    blanked, count = blank_known_records(data, {"a", "7"})
    assert count == 2 and len(blanked) == len(data)
    assert blanked.split(b"\n")[2:] == [b"not json", b'{"id": "c"}']
    assert blanked.split(b"\n")[0].strip() == b"" and blanked.split(b"\n")[1].strip() == b""


def test_engine_resume_skips_stored_records_before_reading(tmp_path: Path) -> None:
    directory = corpus(tmp_path / "in")
    shard = directory / "shards" / "part-000.jsonl"
    config = load_config(environ={})
    items = list(iter_items([shard], config, PUBLISHED, known={"s0-0", "s0-3"}))
    assert [i.id for i in items if isinstance(i, Article)] == ["s0-1", "s0-2", "s0-4"]
    assert [i.origin for i in items] == [f"{shard}:2", f"{shard}:3", f"{shard}:5"]
    every = {f"s0-{n}" for n in range(5)}
    assert list(iter_items([shard], config, PUBLISHED, known=every)) == []


def test_engine_interrupted_run_resumes_to_the_same_events(tmp_path: Path) -> None:
    directory = corpus(tmp_path / "in")
    paths = [directory / "texts", directory / "shards"]
    run_into(tmp_path / "whole.db", paths)
    seen = 0

    def crash_after_six(stage: str, done: int, total: int | None) -> None:
        nonlocal seen
        seen += stage == "ingest"
        if seen == 6:
            raise Interrupted

    with pytest.raises(Interrupted):
        run_into(tmp_path / "resumed.db", paths, progress=crash_after_six)
    partial = state(tmp_path / "resumed.db")
    assert len(partial["articles"]) == 6
    assert any(version is None for _, duplicate, version in partial["articles"] if not duplicate)
    summary = run_into(tmp_path / "resumed.db", paths, resume=True)
    assert (summary.articles_new, summary.articles_known) == (6, 6)
    assert summary.extracted == 11 - sum(1 for a in partial["articles"] if a[2] and not a[1])
    assert state(tmp_path / "resumed.db") == state(tmp_path / "whole.db")


def test_engine_resume_of_a_finished_run_changes_nothing(tmp_path: Path) -> None:
    directory = corpus(tmp_path / "in")
    paths = [directory / "texts", str(directory / "shards" / "*.jsonl")]
    first = run_into(tmp_path / "p.db", paths, options=EngineOptions(workers=2))
    before = state(tmp_path / "p.db")
    again = run_into(tmp_path / "p.db", paths, resume=True)
    assert (first.articles_new, first.duplicates, first.extracted) == (12, 1, 11)
    assert (again.articles_new, again.articles_known, again.extracted) == (0, 12, 0)
    assert state(tmp_path / "p.db") == before


def test_engine_cli_run_resume_after_partial_ingest(tmp_path: Path) -> None:
    directory = corpus(tmp_path / "in")
    whole = run_into(tmp_path / "whole.db", [directory])
    db = tmp_path / "p.db"
    store = open_store(str(db))
    try:
        ingest_paths(store, [directory / "shards" / "part-000.jsonl"], load_config(environ={}))
    finally:
        store.close()
    result = cli.invoke(app, ["run", str(directory), "--db", str(db), "--resume",
                              "--published", "2017-02-10", "--engine", "local"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "articles: 7 new, 5 already stored, 1 near-duplicates; rejected: 0; "
        f"extracted: 11 articles, {whole.reports} reports; events: {whole.events}\n"
    )
    assert state(db) == state(tmp_path / "whole.db")
    throughput = result.stderr.strip()
    assert throughput.startswith("throughput: ") and " articles/s (11 extracted in " in throughput
    assert throughput.endswith(" s; engine local, 1 worker)")


def test_engine_cli_unknown_engine_is_an_error(tmp_path: Path) -> None:
    result = cli.invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "p.db"),
                              "--engine", "spark"])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown engine 'spark' (known: local, ray)\n"
    assert not (tmp_path / "p.db").exists()
