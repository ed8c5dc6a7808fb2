"""The command line on ``--db postgresql://...``: same summary and events as on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from polemos.cli import app

runner = CliRunner()


def _without_timestamps(listed: str) -> list[dict[str, object]]:
    """Events as JSON, less the ``timestamp`` (the time of the run)."""
    return [{k: v for k, v in event.items() if k != "timestamp"} for event in json.loads(listed)]


def _run_and_list(
    db: str, articles_dir: Path
) -> tuple[dict[str, object], list[dict[str, object]], str]:
    run = runner.invoke(app, ["run", str(articles_dir), "--db", db,
                              "--published", "2017-02-10", "--json"])  # fmt: skip
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    for timing in ("seconds", "articles_per_second"):
        summary.pop(timing, None)
    listed = runner.invoke(app, ["events", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    table = runner.invoke(app, ["events", "--db", db, "--country", "syria"])
    assert table.exit_code == 0, table.output
    return summary, _without_timestamps(listed.stdout), table.stdout


def test_postgres_cli_run_and_events_match_sqlite(
    pg_url: str, articles_dir: Path, tmp_path: Path
) -> None:
    on_sqlite = _run_and_list(str(tmp_path / "p.db"), articles_dir)
    on_postgres = _run_and_list(pg_url, articles_dir)
    assert on_postgres == on_sqlite
    summary, listed, _ = on_postgres
    assert summary["articles_new"] == 3 and summary["rejected"] == 0
    assert len(listed) == summary["events"] and len(listed) > 0
    again = runner.invoke(app, ["run", str(articles_dir), "--db", pg_url, "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["articles_known"] == 3


def test_postgres_cli_bad_server_is_one_error_line() -> None:
    url = "postgresql://ann:hunter2@127.0.0.1:1/polemos?connect_timeout=2"
    result = runner.invoke(app, ["events", "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot open database postgresql://ann:***@127.0.0.1:1/polemos?connect_timeout=2: "
    )
    assert result.stderr.endswith(
        "(check that the server runs and the URL names an existing database)\n"
    )
    assert "hunter2" not in result.output
    assert result.stderr.count("\n") == 1
