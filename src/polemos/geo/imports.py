"""Import GeoNames dumps (``allCountries.zip``, ``SY.zip``, ``alternateNamesV2``) into a
persistent SQLite layer beside the compiled gazetteer index.

The layer (``gazetteer-imports.sqlite`` in the cache directory) is read lazily by
``Gazetteer.load``: a name key is looked up there on demand, so even a full
``allCountries`` import costs disk, not memory.  Re-importing a file is idempotent
(places are keyed by geonameid, names by (key, geonameid)).
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

from polemos.errors import PolemosError
from polemos.geo.index import (
    ARABIC_SCRIPT_COUNTRIES,
    alternate_key,
    default_cache_dir,
    load_index,
)
from polemos.geo.names import name_key

STORE_NAME = "gazetteer-imports.sqlite"
#: GeoNames feature classes kept: admin, water, parks/areas, populated places, spots, terrain.
KEPT_CLASSES = frozenset("AHLPST")
#: alternateNames "languages" that are not names (links, codes, postal codes...).
_NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "fr_1793", "tcid"})
#: GeoNames feature codes of a country as a whole (independent, dependent, freely associated,
#: semi-independent, section of one, territory), the first preferred.
COUNTRY_FEATURES = ("PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR")
_BATCH = 5000
_PROBE_LINES = 50  # lines read before deciding a file is not a GeoNames dump
_MAX_REPORTED = 100  # malformed line numbers kept in a summary

_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    gid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    fclass TEXT NOT NULL, fcode TEXT NOT NULL, cc TEXT NOT NULL, admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, gid INTEGER NOT NULL, PRIMARY KEY (key, gid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS places_cc ON places (cc, fclass);
CREATE TABLE IF NOT EXISTS imports (
    path TEXT PRIMARY KEY, kind TEXT, lines INTEGER, imported INTEGER, at REAL
);
"""


class GazetteerImportError(PolemosError):
    """A file given to ``polemos gazetteer import`` is not a readable GeoNames dump."""


@dataclass
class ImportSummary:
    """What one import did: counts, and the first malformed line numbers."""

    path: str
    kind: str  # "geoname" or "alternateNames"
    lines: int = 0
    imported: int = 0  # places (geoname) or names (alternateNames) written
    skipped: int = 0  # feature class not kept / name of an unknown place / not a name
    malformed: int = 0
    malformed_lines: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def bad(self, line_no: int) -> None:
        self.malformed += 1
        if len(self.malformed_lines) < _MAX_REPORTED:
            self.malformed_lines.append(line_no)

    def describe(self) -> str:
        what = "places" if self.kind == "geoname" else "names"
        text = (
            f"{self.path}: {self.imported} {what} imported from {self.lines} lines "
            f"({self.skipped} skipped, {self.malformed} malformed) in {self.seconds:.1f}s"
        )
        if self.malformed_lines:
            shown = ", ".join(str(n) for n in self.malformed_lines[:20])
            more = " ..." if self.malformed > 20 else ""
            text += f"; malformed lines: {shown}{more}"
        return text


# (geonameid, name, lat, lon, feature class, feature code, country, admin1 code, population)
ImportedPlace = tuple[int, str, float, float, str, str, str, str, int]
_PLACE_COLUMNS = "gid, name, lat, lon, fclass, fcode, cc, admin1, population"


class ImportLayer:
    """Read-only, lazy access to the import store (one SQLite file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    @classmethod
    def open(cls, path: Path) -> ImportLayer | None:
        return cls(path) if path.exists() else None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = open_store(self.path, readonly=True)
        return self._conn

    def lookup(self, key: str, limit: int = 100) -> list[tuple[int, ImportedPlace | None]]:
        """``(geonameid, imported place or None)`` of the names with ``key``, most populous
        first (None: a name added to a place of the compiled index)."""
        columns = ", ".join(f"p.{c.strip()}" for c in _PLACE_COLUMNS.split(","))
        sql = (f"SELECT n.gid, {columns} FROM names n LEFT JOIN places p ON p.gid = n.gid "
               "WHERE n.key=? ORDER BY COALESCE(p.population, 0) DESC LIMIT ?")  # fmt: skip
        rows = self._db().execute(sql, (key, limit)).fetchall()
        return [(row[0], tuple(row[1:]) if row[1] is not None else None) for row in rows]

    def place(self, gid: int) -> ImportedPlace | None:
        sql = f"SELECT {_PLACE_COLUMNS} FROM places WHERE gid=?"
        row = self._db().execute(sql, (gid,)).fetchone()
        return tuple(row) if row else None

    def country_places(self, country_code: str, limit: int) -> list[ImportedPlace]:
        """Populated places of a country, most populous first."""
        sql = (f"SELECT {_PLACE_COLUMNS} FROM places WHERE cc=? AND fclass='P' "
               "ORDER BY population DESC LIMIT ?")  # fmt: skip
        return [tuple(r) for r in self._db().execute(sql, (country_code, limit))]

    def unit_point(self, country_code: str, admin1: str | None = None) -> ImportedPlace | None:
        """GeoNames' own feature for a country (``admin1`` None: an independent political
        entity, else a dependent one or territory) or for one of its admin1 units, the most
        populous if several; None if no imported dump holds it."""
        if admin1 is None:
            codes = ", ".join("?" * len(COUNTRY_FEATURES))
            sql = (
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE cc=? AND fclass='A' "
                f"AND fcode IN ({codes}) ORDER BY fcode<>'PCLI', population DESC LIMIT 1"
            )
            params: tuple[str, ...] = (country_code, *COUNTRY_FEATURES)
        else:
            sql = (
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE cc=? AND fclass='A' "
                "AND fcode='ADM1' AND admin1=? ORDER BY population DESC LIMIT 1"
            )
            params = (country_code, admin1)
        row = self._db().execute(sql, params).fetchone()
        return tuple(row) if row else None

    def count(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM places").fetchone()[0])

    def __getstate__(self) -> dict[str, object]:  # a connection does not pickle
        return {"path": self.path, "_conn": None}


def store_path(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / STORE_NAME


def open_store(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
        conn.executescript(_SCHEMA)
    return conn


# ----------------------------------------------------------------------------- reading


@contextmanager
def _open_text(path: Path) -> Iterator[IO[str]]:
    """The dump as a text stream: a ``.txt`` file, or the main ``.txt`` member of a zip."""
    if not path.is_file():
        raise GazetteerImportError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            member = _zip_member(path, archive)
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        return
    with path.open(encoding="utf-8", newline="\n") as handle:
        yield handle


def _zip_member(path: Path, archive: zipfile.ZipFile) -> str:
    texts = [
        info for info in archive.infolist()
        if info.filename.endswith(".txt") and "readme" not in info.filename.casefold()
        and "iso-languagecodes" not in info.filename
    ]  # fmt: skip
    if not texts:
        raise GazetteerImportError(f"{path}: zip holds no GeoNames .txt file")
    same_stem = [info for info in texts if Path(info.filename).stem == path.stem]
    return (same_stem or sorted(texts, key=lambda i: -i.file_size))[0].filename


def _lines(handle: IO[str], path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        for line_no, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if line and not line.startswith("#"):
                yield line_no, line.split("\t")
    except UnicodeDecodeError as exc:
        raise GazetteerImportError(f"{path}: not a UTF-8 GeoNames dump ({exc.reason})") from exc


def _place_row(cols: list[str]) -> tuple[object, ...] | None:
    """A ``places`` row from the 19 columns of a geoname line, or None if malformed."""
    if len(cols) != 19 or not cols[0].isdigit() or not cols[1]:
        return None
    try:
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(cols[6]) > 1:
        return None
    gid = int(cols[0])
    return (gid, cols[1], lat, lon, cols[6], cols[7], cols[8], cols[10], cols[11], population)


def _alt_row(cols: list[str]) -> tuple[int, str, str] | None:
    """``(geonameid, language, name)`` of an alternateNames(V2) line, or None."""
    if len(cols) not in (8, 10) or not cols[0].isdigit() or not cols[1].isdigit() or not cols[3]:
        return None
    if any(flag not in ("", "1", "0") for flag in cols[4:8]):
        return None
    return int(cols[1]), cols[2], cols[3]


def _detect(path: Path) -> str:
    """``geoname`` or ``alternateNames``, from the first lines of the file."""
    with _open_text(path) as handle:
        for index, (_no, cols) in enumerate(_lines(handle, path)):
            if _place_row(cols) is not None:
                return "geoname"
            if _alt_row(cols) is not None:
                return "alternateNames"
            if index >= _PROBE_LINES:
                break
    raise GazetteerImportError(
        f"{path}: not a GeoNames dump",
        hint="expected the tab-separated 'geoname' (19 columns) or alternateNames format",
    )


# ----------------------------------------------------------------------------- writing


@lru_cache(maxsize=262_144)
def usable_name(name: str, country_code: str = "") -> str:
    """The key of an alternate name worth indexing ('' to skip it)."""
    return alternate_key(name, country_code if country_code in ARABIC_SCRIPT_COUNTRIES else "")


def _name_rows(gid: int, cc: str, names: list[str]) -> set[tuple[str, int]]:
    rows = set()
    for position, name in enumerate(dict.fromkeys(names)):
        key = name_key(name) if position == 0 else usable_name(name, cc)
        if key:
            rows.add((key, gid))
    return rows


def _import_places(conn: sqlite3.Connection, path: Path, summary: ImportSummary) -> None:
    places: list[tuple[object, ...]] = []
    names: set[tuple[str, int]] = set()
    with _open_text(path) as handle:
        for line_no, cols in _lines(handle, path):
            summary.lines = line_no
            row = _place_row(cols)
            if row is None:
                summary.bad(line_no)
                continue
            if row[4] not in KEPT_CLASSES:
                summary.skipped += 1
                continue
            places.append(row)
            names |= _name_rows(int(cols[0]), cols[8], [cols[1], cols[2], *cols[3].split(",")])
            if len(places) >= _BATCH:
                _flush(conn, places, names, summary)
        _flush(conn, places, names, summary)


def _flush(
    conn: sqlite3.Connection,
    places: list[tuple[object, ...]],
    names: set[tuple[str, int]],
    summary: ImportSummary,
) -> None:
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", sorted(names))
    summary.imported += len(places)
    places.clear()
    names.clear()


def _import_alternates(
    conn: sqlite3.Connection, path: Path, summary: ImportSummary, known: dict[int, str]
) -> None:
    batch: set[tuple[str, int]] = set()
    with _open_text(path) as handle:
        for line_no, cols in _lines(handle, path):
            summary.lines = line_no
            row = _alt_row(cols)
            if row is None:
                summary.bad(line_no)
                continue
            gid, language, name = row
            cc = None if language in _NOT_NAMES else known.get(gid) or _stored_country(conn, gid)
            key = usable_name(name, cc) if cc is not None else ""
            if not key:
                summary.skipped += 1
                continue
            batch.add((key, gid))
            if len(batch) >= _BATCH:
                summary.imported += _add_names(conn, batch)
        summary.imported += _add_names(conn, batch)


def _stored_country(conn: sqlite3.Connection, gid: int) -> str | None:
    row = conn.execute("SELECT cc FROM places WHERE gid=?", (gid,)).fetchone()
    return str(row[0]) if row else None


def _add_names(conn: sqlite3.Connection, batch: set[tuple[str, int]]) -> int:
    before = conn.total_changes
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", sorted(batch))
    batch.clear()
    return conn.total_changes - before


def _base_countries(cache_dir: Path | None) -> dict[int, str]:
    """Country code of every place of the compiled index, by geonameid."""
    return {row[0]: row[4] for row in load_index(cache_dir).cities if row[0]}


def import_geonames(path: Path, cache_dir: Path | None = None) -> ImportSummary:
    """Import a GeoNames ``geoname`` or ``alternateNames(V2)`` dump (``.txt`` or ``.zip``).

    Places go to the persistent import layer of ``cache_dir``; alternate names are added
    to places already known (the built-in index or an earlier import).  Malformed lines
    are counted and listed in the summary; a file that is not a GeoNames dump raises
    ``GazetteerImportError``.
    """
    path = Path(path)
    started = time.perf_counter()
    kind = _detect(path)
    summary = ImportSummary(path=str(path), kind=kind)
    known = _base_countries(cache_dir) if kind == "alternateNames" else {}
    conn = open_store(store_path(cache_dir))
    try:
        with conn:
            if kind == "geoname":
                _import_places(conn, path, summary)
            else:
                _import_alternates(conn, path, summary, known)
            conn.execute(
                "INSERT OR REPLACE INTO imports VALUES (?,?,?,?,?)",
                (str(path.resolve()), kind, summary.lines, summary.imported, time.time()),
            )
    except sqlite3.DatabaseError as exc:
        raise GazetteerImportError(
            f"{store_path(cache_dir)}: import store unusable: {exc}"
        ) from exc
    finally:
        conn.close()
    summary.seconds = time.perf_counter() - started
    return summary


def imported_files(cache_dir: Path | None = None) -> list[tuple[str, str, int]]:
    """``(path, kind, rows imported)`` of every file imported into ``cache_dir``."""
    path = store_path(cache_dir)
    if not path.exists():
        return []
    conn = open_store(path, readonly=True)
    try:
        return [tuple(row) for row in conn.execute("SELECT path, kind, imported FROM imports")]
    finally:
        conn.close()


# ----------------------------------------------------------------------------- OpenSyria


def convert_opensyria(source: Path, target: Path, admin1_codes: dict[str, str]) -> int:
    """Convert the OpenSyria admin gazetteer (JSONL, CC BY 4.0) to the package TSV.

    ``admin1_codes`` maps the name key of a governorate to its GeoNames admin1 code.
    Returns the number of rows written.
    """
    records = [json.loads(line)["meta"] for line in source.read_text("utf-8").splitlines()]
    by_id = {rec_id: rec for rec_id, rec in zip(_ids(source), records, strict=True)}
    levels = {"governorate": "ADM1", "district": "ADM2", "subdistrict": "ADM3"}
    lines = []
    for rec in records:
        gov = by_id[rec["governorate"]] if rec["governorate"] else rec
        district = by_id[rec["district"]]["name_en"] if rec["district"] else ""
        if rec["level"] == "district":
            district = rec["name_en"]
        code = admin1_codes[name_key(gov["name_en"])]
        aliases = [n for n in rec["all_names"] if n not in (rec["name_en"], rec["name_ar"])]
        ids = rec["external_ids"]
        fields = [
            levels[rec["level"]], ids["ochaPcode"], code, district, rec["name_en"],
            rec["name_ar"], f"{rec['lat']:.5f}", f"{rec['lon']:.5f}",
            str(rec.get("population") or 0), ids.get("geonames") or "", "|".join(aliases),
        ]  # fmt: skip
        lines.append("\t".join(f.replace("\t", " ") for f in fields))
    header = target.read_text("utf-8").split("\n#END-HEADER\n")[0] if target.exists() else ""
    target.write_text(f"{header}\n#END-HEADER\n" + "\n".join(lines) + "\n", "utf-8")
    return len(lines)


def _ids(source: Path) -> list[str]:
    return [json.loads(line)["id"] for line in source.read_text("utf-8").splitlines()]
