"""The command line: exact messages and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from polemos import __version__
from polemos.cli import app
from polemos.models import ACLED_COLUMNS
from polemos.store import open_store

runner = CliRunner()


def test_cli_version_prints_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output == f"polemos {__version__}\n"


def test_cli_bad_published_date_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                 "--published", "10/02/2017"])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "Error: --published: expected a date YYYY-MM-DD, got '10/02/2017'\n"


def test_cli_unknown_setting_names_the_key(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--set", "nlp.colour=red", "events", "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert result.stderr == "Error: --set: unknown configuration key 'nlp.colour'\n"


def test_cli_non_database_file_is_refused_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_text("my notes, not a database\n", "utf-8")
    result = runner.invoke(app, ["events", "--db", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{target}' is not a SQLite database "
        "(it was left untouched; choose another --db path)\n"
    )
    assert target.read_text("utf-8") == "my notes, not a database\n"


def test_cli_read_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for command in (["events"], ["export", "--format", "jsonl"], ["extract"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: database {missing} does not exist (run `polemos run PATH...` first)\n"
        )
    assert not missing.exists()


def test_cli_parquet_needs_out(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    open_store(str(db)).close()
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "--out" in result.stderr


def test_cli_run_strict_exits_2_on_rejection(articles_dir: Path, tmp_path: Path) -> None:
    (articles_dir / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "p.db")
    args = ["run", str(articles_dir), "--db", db, "--published", "2017-02-10", "--json"]
    lenient = runner.invoke(app, args)
    assert lenient.exit_code == 0
    summary = json.loads(lenient.stdout)
    assert summary["articles_new"] == 3 and summary["rejected"] == 1
    assert summary["rejections"][0]["code"] == "empty"
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 2
    assert json.loads(strict.stdout)["articles_new"] == 0


def test_cli_run_then_export_every_format(articles_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    assert runner.invoke(app, ["run", str(articles_dir), "--db", db, "--published", "2017-02-10",
                               "--json"]).exit_code == 0  # fmt: skip
    csv_out = runner.invoke(app, ["export", "--format", "acled-csv", "--db", db])
    rows = list(csv.reader(io.StringIO(csv_out.stdout)))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) > 1
    lines = runner.invoke(app, ["export", "--format", "jsonl", "--db", db]).stdout.splitlines()
    first = json.loads(lines[0])
    assert list(first)[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert first["evidence"] and {"article_id", "field", "start", "end", "text"} <= set(
        first["evidence"][0]
    )
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", db, "--out", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 0
    assert result.stderr == f"wrote {len(lines)} events to {out}\n"
    listed = json.loads(runner.invoke(app, ["events", "--db", db, "--json"]).stdout)
    assert [e["event_id_cnty"] for e in listed] == [
        json.loads(line)["event_id_cnty"] for line in lines
    ]


def test_cli_doctor_reports_each_check(tmp_path: Path) -> None:
    result = runner.invoke(app, ["doctor", "--db", str(tmp_path / "new.db"), "--json"])
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert set(checks) == {"spaCy model", "gazetteer", "actor graph", "database"}
    assert result.exit_code == 0 and all(c["ok"] for c in checks.values())


def test_cli_doctor_names_fix_for_missing_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--set", "nlp.model=no_such_pipeline", "doctor", "--db",
                                 str(tmp_path / "new.db")])  # fmt: skip
    assert result.exit_code == 1
    assert "FAIL spaCy model: spaCy pipeline 'no_such_pipeline' is not installed" in result.stdout


def test_cli_demo_codes_the_seed_events() -> None:
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0
    events = json.loads(result.stdout)
    kafr = [e for e in events if e["location"] == "Kafr Zaytā"]
    assert len(kafr) == 1
    assert kafr[0]["actor1"] == "Jund al-Aqsa"
    assert kafr[0]["sub_event_type"] == "Non-state actor overtakes territory"
    assert (kafr[0]["event_date"], kafr[0]["fatalities"]) == ("2017-02-09", 30)
    assert kafr[0]["tags"].split("; ") == [
        "fatalities:disputed 30/40",
        "syndicated: Example Daily",
        "sources:multiple",
    ]
    assert {"Example Daily", "Example Wire", "SouthFront"} == set(kafr[0]["source"].split("; "))
    assert {e["field"] for e in kafr[0]["evidence"]} >= {
        "actor1",
        "location",
        "event_date",
        "fatalities",
    }


def test_cli_demo_codes_strike_release_and_protest_as_written() -> None:
    """The strike release's lede date reaches each place; tear gas makes the protest one with
    intervention (the demo samples are texts written for the demo)."""
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0
    events = json.loads(result.stdout)
    strikes = sorted((e["location"], e["event_date"], e["time_precision"]) for e in events
                     if e["sub_event_type"] == "Air/drone strike")  # fmt: skip
    assert strikes == [("Ar Raqqah", "2017-03-03", 1), ("Mosul", "2017-03-03", 1)]
    protests = [e for e in events if e["event_type"] == "Protests"]
    assert [(p["sub_event_type"], p["actor2"]) for p in protests] == [
        ("Protest with intervention", "Police Forces of Iraq")
    ]


def test_cli_run_exits_2_when_nothing_could_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = runner.invoke(app, ["run", str(missing), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1].startswith(f"rejected {missing}: [unreadable] ")


def test_cli_gazetteer_add_then_search_finds_the_village(tmp_path: Path) -> None:
    supplement = tmp_path / "villages.yaml"
    added = runner.invoke(app, ["gazetteer", "add", "Latmin", "--lat", "35.3", "--lon", "36.68",
                                "--country", "SY", "--admin1", "Hama", "--alias", "Lataminah",
                                "--source", "test fixture", "--file", str(supplement)])  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.stdout == f"added Latmin to {supplement}\n"
    found = runner.invoke(app, ["--set", f'geo.supplement_files=["{supplement}"]', "gazetteer",
                                "search", "Latmin", "--json"])  # fmt: skip
    assert found.exit_code == 0, found.output
    places = json.loads(found.stdout)
    assert places[0]["name"] == "Latmin" and places[0]["country_code"] == "SY"
    assert places[0]["gazetteer_id"].startswith("supplement:")


def test_cli_gazetteer_add_without_file_is_a_usage_error() -> None:
    result = runner.invoke(app, ["gazetteer", "add", "X", "--lat", "1", "--lon", "2",
                                 "--country", "SY"])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no supplement file (pass --file or set geo.supplement_files)\n"
    )


def test_cli_gazetteer_import_rejects_a_non_dump(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello\tworld\n", "utf-8")
    result = runner.invoke(app, ["gazetteer", "import", str(bogus)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bogus}")


def test_cli_geoparse_prints_one_record_per_document(tmp_path: Path) -> None:
    article = tmp_path / "hama.txt"
    article.write_text("Clashes were reported near Kafr Zeita in Hama province.\n", "utf-8")
    result = runner.invoke(app, ["geoparse", str(article)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    found = {t["text"]: t for t in record["toponyms"]}
    assert found["Kafr Zeita"]["country"] == "SY" and found["Kafr Zeita"]["admin1"] == "Hama"
    assert found["Kafr Zeita"]["geo_precision"] == 2
    text = article.read_text("utf-8")
    assert all(text[t["start"] : t["end"]] == t["text"] for t in record["toponyms"])


def test_cli_geoparse_refuses_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["geoparse", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --format: only jsonl is supported, got 'csv'\n"
