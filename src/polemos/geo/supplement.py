"""User-editable gazetteer supplements: front-line villages and terrain missing from GeoNames.

A supplement is a YAML list of mappings or a CSV file with the columns
``name, aliases, lat, lon, country, admin1, feature, source`` (CSV aliases separated by
``|``; ``feature`` a GeoNames code such as ``PPL``, ``T.MT`` or ``ADM3``; ``country`` an
ISO 3166-1 alpha-2 code).  ``Gazetteer.load(supplement_files=[...])`` lays the entries
over the index with ids ``supplement:<country>-<name key>``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from polemos.errors import PolemosError
from polemos.geo.countries import country_info
from polemos.geo.names import name_key

if TYPE_CHECKING:
    from polemos.geo.gazetteer import Gazetteer
    from polemos.models import Place

COLUMNS = ("name", "aliases", "lat", "lon", "country", "admin1", "feature", "source")
_FEATURE = re.compile(r"^(?:[AHLPRSTUV]\.)?[A-Z][A-Z0-9]{0,5}$")
_YAML_SUFFIXES = (".yaml", ".yml")
_HEADER = "# Polemos gazetteer supplement: " + ", ".join(COLUMNS) + "\n"


class SupplementError(PolemosError):
    """A supplement file (or one of its rows) is invalid."""


@dataclass(frozen=True)
class SupplementEntry:
    """One place added by the user."""

    name: str
    lat: float
    lon: float
    country: str
    aliases: tuple[str, ...] = ()
    admin1: str | None = None
    feature: str = "PPL"
    source: str | None = None
    population: int = 0

    @property
    def key(self) -> str:
        return f"{self.country.lower()}-{name_key(self.name)}"

    @property
    def gazetteer_id(self) -> str:
        return f"supplement:{self.key}"

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"name": self.name}
        if self.aliases:
            record["aliases"] = list(self.aliases)
        record.update(lat=self.lat, lon=self.lon, country=self.country)
        record.update({k: v for k, v in (("admin1", self.admin1), ("feature", self.feature),
                                          ("source", self.source)) if v})  # fmt: skip
        if self.population:
            record["population"] = self.population
        return record


def feature_code(feature: str) -> str:
    """The GeoNames feature code of ``PPL``, ``T.MT`` or ``P.PPLA``: ``PPL``, ``MT``, ``PPLA``."""
    return feature.rsplit(".", 1)[-1]


# ----------------------------------------------------------------------------- parsing


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return str(value).strip()


def _number(record: dict[str, Any], name: str, low: float, high: float) -> float:
    value = record.get(name)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{name} {number} is outside [{low:g}, {high:g}]")
    return number


def _aliases(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split("|") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"aliases must be a list or '|'-separated text, got {value!r}")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _country(record: dict[str, Any]) -> str:
    code = (_text(record, "country") or "").upper()
    if not code:
        raise ValueError("country (ISO 3166-1 alpha-2 code) is required")
    if len(code) != 2 or not country_info(code)[0]:
        raise ValueError(f"country {code!r} is not an ISO 3166-1 alpha-2 code")
    return code


def entry_from_record(record: Any) -> SupplementEntry:
    """Validate one mapping (YAML item or CSV row); raises ValueError with the reason."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a mapping with {', '.join(COLUMNS)}, got {record!r}")
    unknown = set(record) - set(COLUMNS) - {"population"}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    name = _text(record, "name")
    if not name or not name_key(name):
        raise ValueError("name is required")
    feature = (_text(record, "feature") or "PPL").upper()
    if not _FEATURE.match(feature):
        raise ValueError(f"feature {feature!r} is not a GeoNames code such as PPL, T.MT, ADM3")
    population = record.get("population") or 0
    if not str(population).isdigit():
        raise ValueError(f"population must be a whole number, got {population!r}")
    return SupplementEntry(
        name=name,
        lat=_number(record, "lat", -90, 90),
        lon=_number(record, "lon", -180, 180),
        country=_country(record),
        aliases=_aliases(record.get("aliases")),
        admin1=_text(record, "admin1"),
        feature=feature,
        source=_text(record, "source"),
        population=int(population),
    )


def _yaml_records(path: Path, text: str) -> list[tuple[int, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SupplementError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("places"), list):
        data = data["places"]
    if not isinstance(data, list):
        raise SupplementError(f"{path}: expected a YAML list of places (name, lat, lon, ...)")
    return list(enumerate(data, 1))


def _csv_records(path: Path, text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "lat", "lon", "country"} - set(reader.fieldnames or ())
    if missing:
        raise SupplementError(
            f"{path}: CSV header lacks {', '.join(sorted(missing))}",
            hint="columns: " + ", ".join(COLUMNS),
        )
    return [(reader.line_num, {k: v for k, v in row.items() if k}) for row in reader]


def load_supplement(path: Path | str) -> list[SupplementEntry]:
    """The entries of a YAML or CSV supplement; ``SupplementError`` names file and row."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SupplementError(f"{path}: cannot read supplement: {exc}") from exc
    is_yaml = path.suffix.casefold() in _YAML_SUFFIXES
    records = _yaml_records(path, text) if is_yaml else _csv_records(path, text)
    entries = []
    for row, record in records:
        try:
            entries.append(entry_from_record(record))
        except ValueError as exc:
            where = "entry" if is_yaml else "line"
            raise SupplementError(f"{path}: {where} {row}: {exc}") from None
    return entries


# ----------------------------------------------------------------------------- writing


def add_supplement_entry(path: Path | str, entry: SupplementEntry) -> None:
    """Append ``entry`` to a supplement file (YAML, or CSV by suffix), creating it.

    An entry with the same country and name key as an earlier one replaces it on load.
    """
    path = Path(path)
    if path.exists():
        load_supplement(path)  # refuse to append to an invalid file
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.casefold() == ".csv":
        _append_csv(path, entry)
        return
    text = path.read_text("utf-8") if path.exists() else _HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    if text.strip() and yaml.safe_load(text) == []:
        text = "\n".join(line for line in text.splitlines() if line.strip() != "[]") + "\n"
    block = yaml.safe_dump([entry.as_record()], allow_unicode=True, sort_keys=False)
    path.write_text(text + block, "utf-8")


def _append_csv(path: Path, entry: SupplementEntry) -> None:
    new = not path.exists() or not path.read_text("utf-8").strip()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(COLUMNS)
        aliases = "|".join(entry.aliases)
        admin1, source = entry.admin1 or "", entry.source or ""
        writer.writerow([entry.name, aliases, entry.lat, entry.lon, entry.country, admin1,
                         entry.feature, source])  # fmt: skip


def search(gazetteer: Gazetteer, name: str) -> list[Place]:
    """Every place named ``name`` (``polemos gazetteer search NAME``), best first."""
    places = gazetteer.candidates(name)
    words = name.split()
    if not places and len(words) > 1 and words[-1].casefold() in ("province", "governorate"):
        places = gazetteer.candidates(" ".join(words[:-1]))
    return places
