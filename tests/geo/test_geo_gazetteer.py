from __future__ import annotations

from pathlib import Path

import pytest

from polemos.geo import Gazetteer, country_info
from polemos.geo.gazetteer import cache_path


def test_gazetteer_candidates_best_first(gazetteer: Gazetteer) -> None:
    places = gazetteer.candidates("Aleppo")
    assert places, "Aleppo must be in the gazetteer"
    assert places[0].country_code == "SY"
    pops = [p.population for p in places if p.feature == "PPL"]
    assert pops == sorted(pops, reverse=True)


def test_gazetteer_city_fields(gazetteer: Gazetteer) -> None:
    cities = [p for p in gazetteer.candidates("Khan Shaykhun") if p.feature == "PPL"]
    assert cities
    city = cities[0]
    assert city.gazetteer_id.startswith("geonames:")
    assert city.country == "Syria" and city.iso_numeric == 760 and city.region == "Middle East"
    assert city.admin1 == "Idlib"
    assert 35.0 < city.latitude < 36.0 and 36.0 < city.longitude < 37.5


@pytest.mark.parametrize("name", ["Syria", "Syrian", "SY", "the Syrian"])
def test_gazetteer_country_by_name_demonym_or_code(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.country(name.removeprefix("the "))
    assert place is not None
    assert place.country_code == "SY" and place.feature == "PCLI"


def test_gazetteer_country_rejects_common_words(gazetteer: Gazetteer) -> None:
    assert gazetteer.country("They") is None
    assert gazetteer.country("Nigerian") is not None
    assert gazetteer.country("Nigerian").country_code == "NG"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("cc", "name", "expected"),
    [
        ("SY", "Hama", "Hama"),
        ("SY", "Hama province", "Hama"),
        ("SY", "Idleb", "Idlib"),
        ("SY", "Raqqa", "Raqqa"),
        ("SY", "Deir ez-Zor", "Deir ez-Zor"),
        ("IQ", "Nineveh", "Nineveh"),
        ("IQ", "Anbar province", "Anbar"),
        ("US", "Minnesota", "Minnesota"),
    ],
)
def test_gazetteer_admin1_lookup(gazetteer: Gazetteer, cc: str, name: str, expected: str) -> None:
    place = gazetteer.admin1(cc, name)
    assert place is not None
    assert place.name == expected and place.feature == "ADM1" and place.country_code == cc


def test_gazetteer_admin1_wrong_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.admin1("IQ", "Hama") is None


def test_gazetteer_second_load_reads_the_cache(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache_path(None).exists()

    def no_rebuild() -> None:
        raise AssertionError("the cached index should have been used")

    monkeypatch.setattr("polemos.geo.gazetteer.build_index", no_rebuild)
    again = Gazetteer.load()
    assert len(again) == len(gazetteer) > 200_000


def test_gazetteer_cache_path_keyed_by_version(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    assert path.parent == tmp_path
    assert "gnc" in path.name and path.suffix == ".pickle"


def test_country_info_table() -> None:
    assert country_info("SY") == ("Syria", 760, "Middle East")
    assert country_info("ng")[2] == "Western Africa"
    assert country_info("AF")[2] == "South Asia"
    assert country_info("AZ")[2] == "Caucasus and Central Asia"
    assert country_info("FR")[2] == "Europe"
    assert country_info("XX") == ("", None, "")


@pytest.mark.parametrize(
    ("name", "feature", "admin1", "admin2"),
    [
        ("Jabal Saman", "ADM2", "Aleppo", "Mount Simeon"),
        ("Maarrat al-Numan District", "ADM2", "Idlib", "Maarrat al-Nu'man"),
        ("Kafr Nobol", "ADM3", "Idlib", "Maarrat al-Nu'man"),
        ("Ariha", "ADM3", "Idlib", "Ariha"),
    ],
)
def test_gazetteer_syrian_districts_and_subdistricts(
    gazetteer: Gazetteer, name: str, feature: str, admin1: str, admin2: str
) -> None:
    places = [p for p in gazetteer.candidates(name) if p.feature == feature]
    assert places, f"{name} ({feature}) from the OpenSyria data"
    place = places[0]
    assert place.country_code == "SY" and place.admin1 == admin1 and place.admin2 == admin2
    assert place.population > 0


def test_gazetteer_cities_outrank_their_namesake_districts(gazetteer: Gazetteer) -> None:
    from polemos.geo import name_key

    rows = gazetteer.city_rows(name_key("Ariha"))
    features = [gazetteer.row_feature(r) for r in rows]
    assert features.index("PPL") < features.index("ADM2") < features.index("ADM3")
    pairs = zip(rows, features, strict=True)
    assert all(gazetteer.city_row(r)[6] == 0 for r, f in pairs if f != "PPL")


def test_gazetteer_syrian_city_admin2(gazetteer: Gazetteer) -> None:
    city = [p for p in gazetteer.candidates("Khan Shaykhun") if p.feature == "PPL"][0]
    assert city.admin2 == "Maarrat al-Nu'man"
    assert gazetteer.candidates("Minneapolis")[0].admin2 is None


def test_gazetteer_governorate_aliases_from_opensyria(gazetteer: Gazetteer) -> None:
    place = gazetteer.admin1("SY", "Al-Hasakah Governorate")
    assert place is not None and place.name == "Al-Hasakah"


@pytest.mark.parametrize(
    ("code", "lat", "lon"), [("US", 39.76, -98.5), ("SY", 35.0, 38.0), ("GB", 54.75844, -2.69531)]
)
def test_gazetteer_country_points_are_geonames(
    gazetteer: Gazetteer, code: str, lat: float, lon: float
) -> None:
    place = gazetteer.country(code)
    assert place is not None and (place.latitude, place.longitude) == (lat, lon)


def test_gazetteer_country_point_fallback(gazetteer: Gazetteer) -> None:
    andorra = gazetteer.country("AD")  # not in country_points.tsv: nearest city to centroid
    assert andorra is not None and 42.3 < andorra.latitude < 42.7
