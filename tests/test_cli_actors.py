"""``polemos actors ...`` commands: exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from polemos.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_actors_show_json_as_of(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    code, stdout, _ = _run("actors", "show", "LAA", "--as-of", "2017-03-01", "--db", db, "--json")
    view = json.loads(stdout)
    assert code == 0
    assert set(view) >= {"id", "name", "type", "aliases", "relations"}
    assert (view["id"], view["name_as_of"], view["type"]) == ("jund_al_aqsa", "Liwa al-Aqsa", 2)
    kinds = {(r["type"], r["target"]) for r in view["relations"]}
    assert ("pledged_allegiance_to", "islamic_state") in kinds


def test_cli_actors_show_text_first_lines(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    code, stdout, _ = _run("actors", "show", "HTS", "--db", db)
    assert code == 0
    assert stdout.splitlines()[:3] == [
        "Hayat Tahrir al-Sham [hayat_tahrir_al_sham]",
        "type: 2 Rebel group",
        "country: SY",
    ]


def test_cli_actors_show_unknown_is_a_clean_error(tmp_path: Path) -> None:
    code, stdout, stderr = _run("actors", "show", "Nobody Brigade", "--db", str(tmp_path / "p.db"))
    assert (code, stdout) == (1, "")
    assert stderr == "Error: no actor named 'Nobody Brigade' (see `polemos actors list`)\n"


def test_cli_actors_show_bad_date(tmp_path: Path) -> None:
    code, _, stderr = _run(
        "actors", "show", "HTS", "--as-of", "2017-13-01", "--db", str(tmp_path / "p.db")
    )
    assert code != 0 and "--as-of" in stderr


def test_cli_actors_add_then_list(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    code, stdout, _ = _run("actors", "add", "Jaish al-Nasr", "--type", "2", "--country", "SY",
                           "--alias", "Army of Victory", "--db", db)  # fmt: skip
    assert (code, stdout) == (0, "added Jaish al-Nasr [jaish_al_nasr]\n")
    code, stdout, _ = _run("actors", "list", "--db", db)
    assert "jaish_al_nasr\tJaish al-Nasr\tRebel group\tSY\t0 events" in stdout.splitlines()


def test_cli_actors_import_and_graphml(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n  - {id: sham_legion, name: Faylaq al-Sham, inter: 2,\n"
        "     relations: [{type: allied_with, target: ahrar_al_sham, from: '2015-03'}]}\n",
        "utf-8",
    )
    code, stdout, _ = _run("actors", "import", str(path), "--db", db)
    assert (code, stdout) == (0, f"imported 1 actors from {path}\n")
    code, stdout, _ = _run("actors", "graph", "--format", "graphml", "--db", db)
    assert code == 0 and stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<edge source="sham_legion" target="ahrar_al_sham">' in stdout


def test_cli_actors_graph_rejects_unknown_format(tmp_path: Path) -> None:
    code, _, stderr = _run("actors", "graph", "--format", "dot", "--db", str(tmp_path / "p.db"))
    assert code == 1
    assert stderr == "Error: unknown graph format 'dot' (use json or graphml)\n"
