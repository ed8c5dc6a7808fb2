from __future__ import annotations

from pathlib import Path

import pytest

from polemos.geo import Gazetteer, country_info
from polemos.geo.gazetteer import cache_path


def test_gazetteer_candidates_best_first(gazetteer: Gazetteer) -> None:
    places = gazetteer.candidates("Aleppo")
    assert places, "Aleppo must be in the gazetteer"
    assert places[0].country_code == "SY"
    pops = [p.population for p in places]
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
