"""`polemos serve`: a thin wrapper that checks the database before starting uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from polemos.api import serve as serve_module
from polemos.cli import app

runner = CliRunner()


def test_api_cli_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = runner.invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: database {missing} does not exist (run `polemos run PATH...` first)\n"
    )


def test_api_cli_serve_passes_its_options_to_uvicorn(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def fake_run(app_or_path: Any, **options: Any) -> None:
        calls.append({"app": app_or_path, **options})

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.delenv("POLEMOS_API_TOKEN", raising=False)
    result = runner.invoke(app, ["serve", "--db", str(demo_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert "Polemos on http://127.0.0.1:8123/" in result.stderr
    assert "read-only" in result.stderr


def test_api_cli_serve_with_workers_uses_the_factory(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda target, **kw: calls.append({"target": target, **kw}))
    monkeypatch.setenv("POLEMOS_SERVE_STORE", "")
    monkeypatch.setenv("POLEMOS_SERVE_CONFIG", "")
    result = runner.invoke(app, ["serve", "--db", str(demo_db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert calls[0]["target"] == "polemos.api.serve:app_from_env"
    assert calls[0]["workers"] == 2 and calls[0]["factory"] is True
    built = serve_module.app_from_env()
    assert built.state.polemos.stores.url == str(demo_db)
