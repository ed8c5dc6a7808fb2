"""The document's context for resolution: the countries and admin1 units a text names,
the places it pins down on its own (anchors) and its names' candidates by map cell, with the
admin1 tests that decide what joins the context ("Marea" is not Mara, Tanzania)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from polemos.errors import ConfigError
from polemos.geo.countries import CONSTITUENT_COUNTRY, constituent_country
from polemos.geo.evidence import (
    MINOR_ADMIN1_POPULATION,
    TRANSLITERATED_COUNTRIES,
    spelled_as_admin1,
    spelling,
)
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.homeland import implied_country
from polemos.geo.names import name_key
from polemos.geo.recognize import Toponym, country_mentions
from polemos.models import Place

MAX_CITY_CANDIDATES = 60
#: Names with a namesake in one country that make it part of the text's context.
MIN_SUPPORT = 3
BIG_CITY = 300_000
#: A city this big abroad keeps an admin1 unit's alias of its name out of the context.
ALIAS_CITY = 100_000
NEAR_KM = 120.0
REGION_KM = 350.0
NEAR_BONUS = 0.25
#: A candidate within ``PAIR_KM`` of a candidate of another name of the text.
PAIR_KM = 40.0

#: Territories that GeoNames keeps apart from the country that news reports them with:
#: "Gaza" in a story about Israel is in the Palestinian Territory (PS), not Mozambique.
JOINT_THEATRES: dict[str, tuple[str, ...]] = {
    "IL": ("PS",), "PS": ("IL",), "MA": ("EH",), "EH": ("MA",), "RS": ("XK",), "XK": ("RS",),
}  # fmt: skip
#: Share of a joint territory's weight that a country takes from it.
JOINT_WEIGHT = 0.5


@dataclass
class DocContext:
    """What a text says about where it happens: countries and admin1 units by weight, how
    often each name key occurs, its anchors and its names' candidates by map cell."""

    countries: Counter[str]
    admin1: Counter[str]
    key_counts: Counter[str] = field(default_factory=Counter)
    anchors: list[tuple[str, float, float]] = field(default_factory=list)
    #: Candidates of the text's names by 1-degree cell: (key, latitude, longitude).
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = field(default_factory=dict)
    #: Admin1 units ("US.OH") of the places the text pins down or resolves confidently.
    regions: dict[str, set[str]] = field(default_factory=dict)
    #: The text names its countries only by adjectives ("Irish" in a St. Patrick's Day story
    #: from Illinois): no reason to doubt a place that lies elsewhere.
    adjectives_only: bool = False
    #: Admin1 units the text names in a form that can only be the unit, with the forms as
    #: written: a state after a town or an abbreviation ("CAMP MURRAY, Wash."), "X province".
    stated_admin1: dict[str, set[str]] = field(default_factory=dict)
    #: The country a story is written in by its marks (``homeland.implied_country``); it
    #: counts only while the text names no country (``home_country``).
    home: str | None = None

    def near_namesakes(self, key: str, lat: float, lon: float) -> bool:
        """Some other name of the text has a candidate within ``PAIR_KM`` of this point
        ("Paris" and "Henry County": Paris, Tennessee lies in Henry County, Tennessee)."""
        cell_lat, cell_lon = math.floor(lat), math.floor(lon)
        for d_lat in (-1, 0, 1):
            for d_lon in (-1, 0, 1):
                for other, o_lat, o_lon in self.cells.get((cell_lat + d_lat, cell_lon + d_lon), ()):
                    if other != key and rough_km(lat, lon, o_lat, o_lon) <= PAIR_KM:
                        return True
        return False

    def near_anchor(self, key: str, lat: float, lon: float) -> float:
        """Bonus for a candidate close to an unambiguous place named elsewhere in the text."""
        best = 0.0
        for other, a_lat, a_lon in self.anchors:
            if other == key:
                continue
            km = rough_km(lat, lon, a_lat, a_lon)
            best = max(best, NEAR_BONUS if km <= NEAR_KM else 0.1 if km <= REGION_KM else 0.0)
        return best

    def local_namesake(
        self, gazetteer: Gazetteer, key: str, row_index: int, text: str = ""
    ) -> bool:
        """Another place named ``key`` lies in a state that the text names, or where its
        pinned places lie, and the place of ``row_index`` does not: "Dublin" in a story
        about Ohio is Dublin, Ohio, not the Irish capital. With ``text``, only a namesake
        spelled as ``text`` counts ("Paris" is not Perris, California)."""
        own = set(gazetteer.admin1_codes(key))  # "Washington" names a state, too
        spelled = spelling(text) if text else ""
        _gid, _name, _lat, _lon, cc, a1, _pop = gazetteer.city_row(row_index)
        if self._in_story(f"{cc}.{a1}", key):
            return False
        for row in gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]:
            _gid, name, _lat, _lon, cc, a1, _pop = gazetteer.city_row(row)
            code = f"{cc}.{a1}"
            local = row != row_index and code not in own and self._in_story(code, key)
            if local and (not spelled or spelling(name) == spelled):
                return True
        return False

    def _in_story(self, code: str, key: str) -> bool:
        """Admin1 ``code`` is named, or holds a place of the story named other than ``key``."""
        return bool(self.admin1[code]) or bool(self.regions.get(code, set()) - {key})

    def admin1_weight(self, code: str) -> float:
        """The unit's mentions over those of the text's most named unit (0 to 1)."""
        top = max(self.admin1.values(), default=0)
        return self.admin1[code] / top if top > 0 else 0.0

    def home_country(self) -> str | None:
        """The implied country, when the text names no country other than by adjectives."""
        return self.home if not self.countries or self.adjectives_only else None

    def country_weight(self, code: str) -> float:
        """The country's mentions over the most named country's (0 to 1); the implied
        country of a story that names none weighs 1."""
        if code == self.home_country():
            return 1.0
        if not self.countries:
            return 0.0
        top = max(self.countries.values())
        joint = max((self.countries[c] for c in JOINT_THEATRES.get(code, ())), default=0)
        return max(self.countries[code], JOINT_WEIGHT * joint) / top


def rough_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: good enough to tell 50 km from 500 km."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def build_context(
    gazetteer: Gazetteer, doc: Any, text: str, toponyms: list[Toponym], region: str | None = None
) -> DocContext:
    """The countries and admin1 units the text names (and the country most of its names
    point to), before anchors are added; ``region`` is the home of the article's source
    (``sources.region_of``), counted as one mention."""
    countries = Counter(country_mentions(doc, text, gazetteer))
    for top in toponyms:  # "UK", "USA": country mentions too short for country_mentions
        code = gazetteer.country_code(top.text) if len(top.text) <= 3 else None
        if code is not None and top.text.isupper() and not top.demonym:
            countries[code] += 1
    admin1: Counter[str] = Counter()
    stated: dict[str, set[str]] = {}
    bare: Bare = {}
    for top in toponyms:
        codes = gazetteer.admin1_codes(top.key)
        in_context = tuple(c for c in codes if c.split(".")[0] in countries)
        codes = in_context or codes
        if len(codes) != 1 or top.demonym or gazetteer.country_code(top.text):
            continue
        if top.admin or top.direction:
            admin1[codes[0]] += 1
            stated.setdefault(codes[0], set()).add(top.text)
        elif misspelled_admin1(gazetteer, top, codes[0]) or minor_admin1(gazetteer, codes[0]):
            continue  # "Marea" is not Mara, Tanzania; "Forest" not Guernsey's parish
        elif big_city_abroad(gazetteer, top.key, codes[0].split(".")[0]):
            continue  # "Gaza" names a city of Palestine as well as a Mozambican province
        elif not is_admin1_name(gazetteer, top, codes[0]) and big_city_abroad(
            gazetteer, top.key, codes[0].split(".")[0], ALIAS_CITY
        ):
            continue  # "Alexandria" (Virginia) is not Egypt's province by its alias
        elif top.label != "GAZ" or (
            top.qualifier is None and is_admin1_name(gazetteer, top, codes[0])
        ):
            admin1[codes[0]] += 1
            bare[top.key] = (codes[0], top.text)
    drop_lone_votes(gazetteer, admin1, bare, countries)
    if region:
        add_source_region(gazetteer, region, admin1, countries)
    for code in admin1:
        countries[code.split(".")[0]] += 1
    add_supported_countries(gazetteer, countries, toponyms)
    ctx = DocContext(countries, admin1, Counter(t.key for t in toponyms))
    ctx.stated_admin1 = stated
    ctx.cells = candidate_cells(gazetteer, toponyms)
    admin1_not_countries(gazetteer, toponyms, ctx)
    ctx.adjectives_only = adjectives_only(gazetteer, toponyms, ctx)
    ctx.home = implied_country(text)
    add_covering_unit(gazetteer, toponyms, ctx)
    return ctx


def add_source_region(
    gazetteer: Gazetteer, region: str, admin1: Counter[str], countries: Counter[str]
) -> None:
    """The source's home region ("US.TX" or "SY") counts as one mention of it."""
    if "." in region:
        if not gazetteer.has_admin1(region):
            raise ConfigError(
                f"source region {region!r} is no admin1 unit of the gazetteer",
                hint="use a GeoNames admin1 code such as 'US.TX' or 'SY.10', or a country code",
            )
        admin1[region] += 1
        return
    country = gazetteer.country(region)
    if country is None or country.country_code is None:
        raise ConfigError(f"source region {region!r} is no country code of the gazetteer")
    countries[country.country_code] += 1


def adjectives_only(gazetteer: Gazetteer, toponyms: list[Toponym], ctx: DocContext) -> bool:
    """Every country of the context comes from a demonym alone: no name of the text and no
    admin1 unit of the context lies in it."""
    if not ctx.countries or ctx.admin1:
        return False
    named = {gazetteer.country_code(t.text) for t in toponyms if not t.demonym}
    return not named & set(ctx.countries)


#: Distinct names with a namesake in one admin1 unit that make it the story's region.
COVER_MIN_NAMES = 2
#: Sum of log10(people) by which the covering unit must beat the next unit.
COVER_MARGIN = 1.0
#: A name with a namesake this big is a world city's, not a town of the story's state.
COVER_MAX_POPULATION = 1_000_000


def add_covering_unit(gazetteer: Gazetteer, toponyms: list[Toponym], ctx: DocContext) -> None:
    """The admin1 unit that holds namesakes (spelled as the text) of two or more of the
    text's town names, and whose namesakes outweigh those of any other unit (by the sum of
    log10 of their people), joins the context when the text names no unit itself:
    "Crestwood" and "Paris" beside Chicago suburbs are in Illinois, "Alexandria",
    "Douglas County" and "Brandon" in Minnesota. Cities of a million people do not count."""
    if ctx.admin1:
        return
    cover, weight = _unit_weights(gazetteer, toponyms, ctx)
    ranked = sorted(weight.items(), key=lambda kv: -kv[1])[:2]
    if not ranked or cover[ranked[0][0]] < COVER_MIN_NAMES:
        return
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - COVER_MARGIN:
        return
    ctx.admin1[ranked[0][0]] += 1


def _unit_weights(
    gazetteer: Gazetteer, toponyms: list[Toponym], ctx: DocContext
) -> tuple[Counter[str], dict[str, float]]:
    """Per admin1 unit: how many of the text's town names it holds a namesake of (units
    holding only namesakes of world cities' names left out), and the sum of log10(people)
    of the most populous of those namesakes."""
    cover: Counter[str] = Counter()
    founding: set[str] = set()
    weight: dict[str, float] = {}
    for key, spelled in _town_names(gazetteer, toponyms).items():
        units: dict[str, float] = {}
        rows = [gazetteer.city_row(r) for r in gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]]
        rows = [row for row in rows if spelling(row[1]) in spelled]
        world = any(row[6] >= COVER_MAX_POPULATION for row in rows)
        for _gid, _name, _lat, _lon, cc, a1, pop in rows:
            if pop < COVER_MAX_POPULATION and (not ctx.countries or ctx.countries[cc]):
                code = f"{cc}.{a1}"
                units[code] = max(units.get(code, 0.0), math.log10(pop + 10))
        cover.update(units.keys())
        if not world:  # "London-based ... Toronto": world cities' names found no state
            founding.update(units.keys())
        for code, value in units.items():
            weight[code] = weight.get(code, 0.0) + value
    return cover, {code: w for code, w in weight.items() if code in founding}


def _town_names(gazetteer: Gazetteer, toponyms: list[Toponym]) -> dict[str, set[str]]:
    """Name key -> spellings of the text's names that are neither countries nor units."""
    names: dict[str, set[str]] = {}
    for top in toponyms:
        if top.demonym or top.street or gazetteer.country_code(top.text):
            continue
        if gazetteer.admin1_codes(top.key):
            continue
        names.setdefault(top.key, set()).add(spelling(top.text))
    return names


#: Name key -> (the admin1 unit its bare mentions voted for, the name as written).
Bare = dict[str, tuple[str, str]]
#: A unit with this many people votes for its country even when named after a town.
TOWN_UNIT = 500_000


def drop_lone_votes(
    gazetteer: Gazetteer, admin1: Counter[str], bare: Bare, countries: Counter[str]
) -> None:
    """A bare name of a unit named after its town that alone brings the unit's country into
    the context, while a town of that name lies in a country that the text's other names
    support, does not vote: "Nelson" beside "BC" is Nelson, British Columbia, not New
    Zealand's Nelson region ("Ontario", which names no town of Canada, still votes)."""
    support = Counter(countries)
    for code, count in admin1.items():
        support[code.split(".")[0]] += count
    for key, (code, text) in bare.items():
        cc = code.split(".")[0]
        if support[cc] > admin1[code] or countries[cc]:
            continue  # the unit's country has support of its own
        if gazetteer.admin1_place(code).population >= TOWN_UNIT:
            continue
        spelled = spelling(text)
        rows = map(gazetteer.city_row, gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES])
        found = {row[4] for row in rows if spelling(row[1]) == spelled}
        if cc in found and any(support[c] for c in found - {cc}):
            del admin1[code]  # a unit named after its town, and a town of the story's


def candidate_cells(
    gazetteer: Gazetteer, toponyms: list[Toponym]
) -> dict[tuple[int, int], list[tuple[str, float, float]]]:
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    spellings: dict[str, set[str]] = {}
    for top in toponyms:
        if not top.demonym:
            spellings.setdefault(top.key, set()).add(spelling(top.text))
    for key, spelled in spellings.items():
        for row in gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]:
            _gid, name, lat, lon, cc, _a1, _pop = gazetteer.city_row(row)
            if key_only(gazetteer, row, key, name, spelled) and cc not in TRANSLITERATED_COUNTRIES:
                continue  # "Anfield" meets Enfield only through the key: no neighbour of it
            cells.setdefault((math.floor(lat), math.floor(lon)), []).append((key, lat, lon))
    return cells


def key_only(gazetteer: Gazetteer, row: int, key: str, name: str, spelled: set[str]) -> bool:
    """The row's own name has the key but is spelled as no mention is ("Enfield" for
    "Anfield"); a row met through an alternate name is not judged."""
    return gazetteer.primary_key(row) == key and spelling(name) not in spelled


def admin1_not_countries(gazetteer: Gazetteer, toponyms: list[Toponym], ctx: DocContext) -> None:
    """ "Georgia" in a story about Atlanta is the state: its mentions move from the
    countries of the context to its admin1 units."""
    for key in {t.key for t in toponyms if not t.demonym}:
        top = next(t for t in toponyms if t.key == key)
        country = gazetteer.country_code(top.text)
        if country is None or not admin1_over_country(gazetteer, top, country, ctx):
            continue
        codes = [
            c for c in gazetteer.admin1_codes(key)
            if c.split(".")[0] != country and is_admin1_name(gazetteer, top, c)
        ]  # fmt: skip
        if len(codes) != 1:
            continue
        ctx.admin1[codes[0]] += ctx.key_counts[key]
        ctx.countries[country] -= ctx.key_counts[key]
        if ctx.countries[country] <= 0:
            del ctx.countries[country]


def add_supported_countries(
    gazetteer: Gazetteer, countries: Counter[str], toponyms: list[Toponym]
) -> None:
    """Add the country where most of the text's names have a namesake, when it beats the
    countries named: a passing "Jordan" must not push Indianapolis and Evansville out."""
    if not countries:
        return
    support: Counter[str] = Counter()
    for key in {t.key for t in toponyms if not t.demonym}:
        rows = gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]
        support.update({gazetteer.city_row(r)[4] for r in rows})
    best = max((support[cc] for cc in countries), default=0)
    for cc, keys in support.most_common(1):
        if cc not in countries and keys >= MIN_SUPPORT and keys > best:
            countries[cc] += 1


def story_anchors(
    gazetteer: Gazetteer, toponyms: list[Toponym], ctx: DocContext
) -> list[tuple[str, float, float]]:
    """Places the text pins down on its own: one candidate, or qualified by a state."""
    anchors = []
    for top in toponyms:
        if top.demonym or gazetteer.admin1_codes(top.key):
            continue
        rows = gazetteer.city_rows(top.key)
        pinned = qualified_rows(gazetteer, top, rows) if top.qualifier else []
        if len(rows) == 1 or len(pinned) == 1:
            _gid, _name, lat, lon, cc, a1, _pop = gazetteer.city_row((pinned or rows)[0])
            if not ctx.countries or ctx.countries[cc]:
                anchors.append((top.key, lat, lon))
                ctx.regions.setdefault(f"{cc}.{a1}", set()).add(top.key)
    return anchors


def constituent_place(gazetteer: Gazetteer, text: str) -> Place | None:
    """ "English" is England, "Welsh" Wales: the admin1 unit of the UK's country that
    ``text`` is the adjective of, else None."""
    name = constituent_country(text)
    for code in gazetteer.admin1_codes(name_key(name)) if name else ():
        if code.split(".")[0] == CONSTITUENT_COUNTRY:
            return gazetteer.admin1_place(code)
    return None


def big_city_abroad(
    gazetteer: Gazetteer, key: str, country: str, population: int = BIG_CITY
) -> bool:
    """A city of ``population`` people outside ``country`` owns the name ``key``."""
    for row in gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]:
        _gid, _name, _lat, _lon, cc, _a1, pop = gazetteer.city_row(row)
        if cc != country and pop >= population and gazetteer.primary_key(row) == key:
            return True
    return False


def minor_admin1(gazetteer: Gazetteer, code: str) -> bool:
    return gazetteer.admin1_place(code).population < MINOR_ADMIN1_POPULATION


def is_admin1_name(gazetteer: Gazetteer, top: Toponym, code: str) -> bool:
    """``top`` spells the admin1's own name ("Texas", not "Tex" nor a namesake city; "Marea"
    is not Mara, Tanzania, though their name keys meet)."""
    return spelled_as_admin1(gazetteer, code, top.text)


def misspelled_admin1(gazetteer: Gazetteer, top: Toponym, code: str) -> bool:
    """The name key is the admin1's own, its letters are not ("Marea" for Mara)."""
    own_key = name_key(gazetteer.admin1_place(code).name) == top.key
    return own_key and not is_admin1_name(gazetteer, top, code)


def admin1_over_country(gazetteer: Gazetteer, top: Toponym, country: str, ctx: DocContext) -> bool:
    """ "Georgia" is the US state when the text is about the US and not about Georgia."""
    if top.admin:
        return bool(gazetteer.admin1_codes(top.key))
    own = ctx.key_counts[top.key]
    others = ctx.countries[country] - own
    for code in gazetteer.admin1_codes(top.key):
        cc = code.split(".")[0]
        if cc == country or not is_admin1_name(gazetteer, top, code):
            continue
        if ctx.countries[cc] > max(others, 0) or (
            sum(ctx.countries.values()) <= own
            and names_inside(gazetteer, top.key, code, country, ctx)
        ):
            return True
    return False


def names_inside(gazetteer: Gazetteer, key: str, code: str, country: str, ctx: DocContext) -> bool:
    """With no country named, the text's other names lie in admin1 ``code`` and none in
    ``country`` ("ATLANTA - Georgia residents": the state)."""
    inside = False
    for other in (k for k in ctx.key_counts if k != key):
        for row in gazetteer.city_rows(other)[:MAX_CITY_CANDIDATES]:
            _gid, _name, _lat, _lon, cc, a1, _pop = gazetteer.city_row(row)
            if cc == country:
                return False
            inside = inside or f"{cc}.{a1}" == code
    return inside


def qualified_rows(gazetteer: Gazetteer, top: Toponym, rows: Sequence[int]) -> list[int]:
    """Rows inside the state or country named after a comma ("Paris, Tenn.")."""
    qual = top.qualifier
    if qual is None:
        return []
    codes = set(gazetteer.admin1_codes(qual.key))
    country = gazetteer.country_code(qual.text)
    kept = []
    for row in rows:
        _gid, _name, _lat, _lon, cc, a1, _pop = gazetteer.city_row(row)
        if f"{cc}.{a1}" in codes or cc == country:
            kept.append(row)
    return kept
