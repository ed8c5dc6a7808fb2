"""Exports: ACLED CSV, JSON Lines, GeoJSON and Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from polemos.errors import UsageError
from polemos.export import EXPORTERS, PARQUET_SCHEMA, export_events
from polemos.models import ACLED_COLUMNS, Event, Evidence

ARABIC = "قُتل ثلاثة مدنيين في قصف على حلب"


def _event(event_id: str, **extra: Any) -> Event:
    fields: dict[str, Any] = {
        "event_id_cnty": event_id,
        "event_date": date(2024, 3, 1),
        "year": 2024,
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Syria (2000-2024)",
        "inter1": 1,
        "actor2": "Civilians (Syria)",
        "inter2": 7,
        "interaction": 17,
        "civilian_targeting": "Civilian targeting",
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin1": "Aleppo",
        "location": "Aleppo",
        "latitude": 36.2021,
        "longitude": 37.1343,
        "geo_precision": 1,
        "source": 'Example, "Quoted" News',
        "notes": f"On 1 March 2024, shelling hit Aleppo.\n{ARABIC}",
        "fatalities": 3,
        "timestamp": 1709300000,
        "evidence": [
            Evidence(article_id="art_1", field="notes", start=0, end=len(ARABIC), text=ARABIC),
            Evidence(article_id="art_1", field="location", start=29, end=35, text="Aleppo"),
        ],
        "article_ids": ["art_1", "art_2"],
    }
    fields.update(extra)
    return Event(**fields)


EVENTS = [
    _event("SYR1"),
    _event("SYR2", event_date=None, year=None, latitude=None, longitude=None, inter2=None,
           geo_precision=None, evidence=[], article_ids=[], actor2="", notes=""),
]  # fmt: skip


def _export(fmt: str, events: list[Event]) -> bytes:
    out = io.BytesIO()
    assert EXPORTERS.get(fmt)(events, out) == len(events)
    return out.getvalue()


def test_export_formats_registered() -> None:
    assert EXPORTERS.names() == ["acled-csv", "geojson", "jsonl", "parquet"]


def test_export_csv_header_and_values() -> None:
    data = _export("acled-csv", EVENTS)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) == 3
    first = dict(zip(ACLED_COLUMNS, rows[1], strict=True))
    assert first["event_date"] == "2024-03-01"
    assert first["latitude"] == "36.2021"
    assert first["source"] == 'Example, "Quoted" News'
    assert first["notes"] == EVENTS[0].notes
    second = dict(zip(ACLED_COLUMNS, rows[2], strict=True))
    assert second["event_date"] == second["year"] == second["latitude"] == ""
    assert second["inter2"] == second["geo_precision"] == ""
    assert second["fatalities"] == "3"


def _from_jsonl(line: dict[str, Any]) -> Event:
    return Event.model_validate(line)


def test_export_jsonl_round_trip() -> None:
    lines = _export("jsonl", EVENTS).decode("utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert list(records[0]) == [*ACLED_COLUMNS, "evidence", "article_ids"]
    assert [_from_jsonl(r) for r in records] == EVENTS
    assert records[0]["evidence"][0] == {
        "article_id": "art_1", "field": "notes", "start": 0, "end": len(ARABIC), "text": ARABIC,
    }  # fmt: skip
    assert ARABIC in lines[0]  # ensure_ascii=False


def test_export_geojson_valid() -> None:
    collection = json.loads(_export("geojson", EVENTS).decode("utf-8"))
    assert collection["type"] == "FeatureCollection"
    first, second = collection["features"]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    assert first["properties"]["evidence_count"] == 2
    assert first["properties"]["notes"] == EVENTS[0].notes
    assert set(ACLED_COLUMNS) <= set(first["properties"])
    assert second["geometry"] is None
    assert second["properties"]["evidence_count"] == 0


def test_export_geojson_nonfinite_coordinates() -> None:
    weird = _event("X", latitude=float("nan"), longitude=1.0)
    feature = json.loads(_export("geojson", [weird]))["features"][0]
    assert feature["geometry"] is None
    assert feature["properties"]["latitude"] is None


def test_export_parquet_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export_events(iter(EVENTS), "parquet", path, io.BytesIO()) == 2
    table = pq.read_table(path)
    assert table.schema.equals(PARQUET_SCHEMA)
    rows = table.to_pylist()
    assert [Event.model_validate(row) for row in rows] == EVENTS
    assert rows[0]["event_date"] == date(2024, 3, 1)
    assert rows[0]["evidence"][0]["text"] == ARABIC


def test_export_parquet_needs_file() -> None:
    with pytest.raises(UsageError, match="--out"):
        export_events(EVENTS, "parquet", None, io.BytesIO())


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl", "geojson", "parquet"])
def test_export_empty_is_valid(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"empty.{fmt}"
    assert export_events([], fmt, path, io.BytesIO()) == 0
    data = path.read_bytes()
    if fmt == "acled-csv":
        assert list(csv.reader(io.StringIO(data.decode("utf-8")))) == [list(ACLED_COLUMNS)]
    elif fmt == "jsonl":
        assert data == b""
    elif fmt == "geojson":
        assert json.loads(data) == {"type": "FeatureCollection", "features": []}
    else:
        table = pq.read_table(path)
        assert table.num_rows == 0
        assert table.schema.equals(PARQUET_SCHEMA)


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl", "geojson"])
def test_export_stdout_unicode(fmt: str) -> None:
    stdout = io.BytesIO()
    assert export_events(EVENTS, fmt, None, stdout) == 2
    assert ARABIC in stdout.getvalue().decode("utf-8")
    assert not stdout.closed


def test_export_atomic_file_write(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("previous export\n")

    def broken() -> Any:
        yield EVENTS[0]
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        export_events(broken(), "jsonl", path, io.BytesIO())
    assert path.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]
    assert export_events(EVENTS, "jsonl", path, io.BytesIO()) == 2
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


def test_export_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        export_events(EVENTS, "jsonl", tmp_path / "nope" / "x.jsonl", io.BytesIO())
