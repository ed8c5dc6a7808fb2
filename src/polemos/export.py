"""Export events as ACLED CSV, JSON Lines, GeoJSON or Parquet.

Each exporter is a function ``(events, out) -> count`` registered in ``EXPORTERS`` under
its format name; it streams ``events`` to the binary file ``out`` (UTF-8 for the text
formats) and returns how many it wrote.  ``export_events`` writes to a file atomically
(temporary file + rename) or to stdout.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from polemos.errors import UsageError
from polemos.models import ACLED_COLUMNS, Event
from polemos.registry import Registry

Exporter = Callable[[Iterable[Event], BinaryIO], int]
EXPORTERS: Registry[Exporter] = Registry("export format")

#: Formats that cannot be streamed to stdout.
NEEDS_FILE = frozenset({"parquet"})
PARQUET_BATCH = 10_000


def _evidence(event: Event) -> list[dict[str, Any]]:
    return [e.model_dump() for e in event.evidence]


def _record(event: Event) -> dict[str, Any]:
    """The ACLED columns in ACLED order, then ``evidence`` and ``article_ids``."""
    row = event.acled_row()
    row["evidence"] = _evidence(event)
    row["article_ids"] = list(event.article_ids)
    return row


@contextlib.contextmanager
def _text(out: BinaryIO) -> Iterator[io.TextIOWrapper]:
    """A UTF-8 text view of ``out`` that leaves ``out`` open afterwards."""
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


# -- ACLED CSV -------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    return "" if value is None else value


@EXPORTERS.register("acled-csv")
def write_acled_csv(events: Iterable[Event], out: BinaryIO) -> int:
    """ACLED's columns in ACLED's order; dates ``YYYY-MM-DD``; empty cells for None."""
    count = 0
    with _text(out) as text:
        writer = csv.writer(text)
        writer.writerow(ACLED_COLUMNS)
        for event in events:
            row = event.acled_row()
            writer.writerow([_csv_value(row[column]) for column in ACLED_COLUMNS])
            count += 1
    return count


# -- JSON Lines ------------------------------------------------------------------------


@EXPORTERS.register("jsonl")
def write_jsonl(events: Iterable[Event], out: BinaryIO) -> int:
    """One JSON object per line: ACLED keys in order, ``evidence``, ``article_ids``."""
    count = 0
    for event in events:
        line = json.dumps(_record(event), ensure_ascii=False)
        out.write(line.encode("utf-8") + b"\n")
        count += 1
    return count


# -- GeoJSON ---------------------------------------------------------------------------


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _feature(event: Event) -> dict[str, Any]:
    geometry = None
    if _finite(event.longitude) and _finite(event.latitude):
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    properties = event.acled_row()
    for key in ("latitude", "longitude"):
        if not _finite(properties[key]):
            properties[key] = None
    properties["evidence_count"] = len(event.evidence)
    return {"type": "Feature", "id": event.event_id_cnty, "geometry": geometry,
            "properties": properties}  # fmt: skip


@EXPORTERS.register("geojson")
def write_geojson(events: Iterable[Event], out: BinaryIO) -> int:
    """A FeatureCollection of Points (``[longitude, latitude]``; null geometry if unknown)."""
    out.write(b'{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        text = json.dumps(_feature(event), ensure_ascii=False, allow_nan=False)
        out.write((",\n" if count else "\n").encode("utf-8") + text.encode("utf-8"))
        count += 1
    out.write(b"\n]}\n")
    return count


# -- Parquet ---------------------------------------------------------------------------

EVIDENCE_TYPE = pa.struct(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("field", pa.string(), nullable=False),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
    ]
)

_INT_COLUMNS = {
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
    "fatalities",
}  # fmt: skip


def _parquet_type(column: str) -> pa.DataType:
    if column == "event_date":
        return pa.date32()
    if column == "timestamp":
        return pa.int64()
    if column in _INT_COLUMNS:
        return pa.int32()
    if column in ("latitude", "longitude"):
        return pa.float64()
    return pa.string()


PARQUET_SCHEMA = pa.schema(
    [pa.field(column, _parquet_type(column)) for column in ACLED_COLUMNS]
    + [
        pa.field("evidence", pa.list_(EVIDENCE_TYPE)),
        pa.field("article_ids", pa.list_(pa.string())),
    ]
)


def _parquet_row(event: Event) -> dict[str, Any]:
    row: dict[str, Any] = {column: getattr(event, column) for column in ACLED_COLUMNS}
    row["evidence"] = _evidence(event)
    row["article_ids"] = list(event.article_ids)
    return row


def _batches(events: Iterable[Event]) -> Iterator[list[Event]]:
    iterator = iter(events)
    while batch := list(islice(iterator, PARQUET_BATCH)):
        yield batch


@EXPORTERS.register("parquet")
def write_parquet(events: Iterable[Event], out: BinaryIO) -> int:
    """Parquet with ``PARQUET_SCHEMA``: typed ACLED columns, evidence as list<struct>."""
    count = 0
    with pq.ParquetWriter(out, PARQUET_SCHEMA) as writer:
        for batch in _batches(events):
            rows = [_parquet_row(event) for event in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA))
            count += len(batch)
    return count


# -- entry point -----------------------------------------------------------------------


def _write_atomically(path: Path, write: Callable[[BinaryIO], int]) -> int:
    """Write through ``write`` to a temporary file beside ``path``, then rename it."""
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"cannot write '{path}': directory '{parent}' does not exist")
    temp = parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        # os.open with mode 0o666 honours the umask, as a plain open() would.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise UsageError(f"cannot write '{path}': {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return count


def export_events(
    events: Iterable[Event], fmt: str, out_path: Path | None, stdout: BinaryIO
) -> int:
    """Write ``events`` as ``fmt`` to ``out_path`` (atomically) or ``stdout``; the count."""
    exporter = EXPORTERS.get(fmt)
    if out_path is None:
        if fmt in NEEDS_FILE:
            raise UsageError(
                f"the {fmt} format cannot be written to stdout",
                hint="give an output file with --out",
            )
        count = exporter(events, stdout)
        stdout.flush()
        return count
    return _write_atomically(Path(out_path), lambda out: exporter(events, out))
