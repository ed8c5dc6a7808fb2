"""Geocoder quality rules: names inside longer runs, admin units, seed places, supplements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.geo.conftest import GeocodeFn, make_article

from polemos.geo import Gazetteer, Geocoder
from polemos.geo.admin import trimmed_box_middle
from polemos.geo.names import name_key, sound_key
from polemos.models import ResolvedPlace

SEEDS = Path("/work/shared/seeds")

FRONT_LINE = (
    "Rebels shelled Latmin, Lahaya and the village of Itria in northern Hama, then moved "
    "shelled Tell Mannas near Maarat al-Numan in Idlib province and camps in Jabal al-Zawiya."
)

SUPPLEMENT = """\
- name: Tell Mannas
  aliases: [Talmenes]
  lat: 35.5947
  lon: 36.6944
  country: SY
  admin1: Idlib
  feature: PPL
  source: written in the test
- name: Latmin
  aliases: [Al-Lataminah]
  lat: 35.3261
  lon: 36.6447
  country: SY
  admin1: Hama
  feature: PPL
- name: Lahaya
  lat: 35.36
  lon: 36.61
  country: SY
  admin1: Hama
  feature: PPL
- name: Itria
  lat: 35.13
  lon: 37.77
  country: SY
  admin1: Hama
  feature: PPL
- name: Jabal al-Zawiya
  lat: 35.70
  lon: 36.50
  country: SY
  admin1: Idlib
  feature: T.MTS
"""


def by_text(places: list[ResolvedPlace]) -> dict[str, ResolvedPlace]:
    return {rp.mention.span.text: rp for rp in places}


def test_geo_quality_name_inside_organisation_run(geocode: GeocodeFn) -> None:
    found = by_text(geocode("Patrons of Six Flags Over Texas can buy beer today."))
    texas = found["Texas"].place
    assert texas is not None and texas.feature == "ADM1" and texas.country_code == "US"
    assert "Six Flags Over Texas" not in found


def test_geo_quality_generic_nouns_are_not_places(geocode: GeocodeFn) -> None:
    found = by_text(geocode("He found the rent at the Cedar Street location affordable."))
    assert "Street" not in found and "Cedar Street" not in found


def test_geo_quality_name_heads_are_not_cut_off(geocode: GeocodeFn) -> None:
    found = by_text(geocode("Rebels advanced near Tell Mannas in Idlib province, Syria."))
    assert "Tell" not in found
    tell = found["Tell Mannas"]
    assert tell.place is None or (tell.place.admin1 == "Idlib" and tell.geo_precision == 3)


def test_geo_quality_saint_abbreviation_joins_the_name(geocode: GeocodeFn) -> None:
    found = by_text(geocode("The company moved its offices to St. Louis, Missouri."))
    place = found["St. Louis"].place
    assert place is not None and place.country_code == "US" and place.admin1 == "Missouri"


def test_geo_quality_surname_is_not_a_place(geocode: GeocodeFn) -> None:
    text = "Finance director Ray Hopkins presented the budget. Hopkins said revenue fell."
    assert "Hopkins" not in by_text(geocode(text))


def test_geo_quality_us_county_resolves_to_admin2(geocode: GeocodeFn) -> None:
    found = by_text(geocode("Deputies in Rapides Parish, Louisiana, arrested two men."))
    parish = found["Rapides Parish"].place
    assert parish is not None and parish.feature == "ADM2"
    assert parish.country_code == "US" and parish.admin1 == "Louisiana"


def test_geo_quality_admin1_outside_us_and_syria(geocode: GeocodeFn) -> None:
    found = by_text(geocode("Floods hit Punjab province in Pakistan on Monday."))
    punjab = found["Punjab"]
    assert punjab.place is not None and punjab.place.feature == "ADM1"
    assert punjab.place.country_code == "PK" and punjab.geo_precision == 3


def test_geo_quality_admin1_name_beats_alternate_city_name(geocode: GeocodeFn) -> None:
    found = by_text(geocode("Wildfires spread across Montana on Friday."))
    montana = found["Montana"].place
    assert montana is not None and montana.feature == "ADM1" and montana.country_code == "US"


def test_geo_quality_country_point_from_geonames_table(gazetteer: Gazetteer) -> None:
    united_states = gazetteer.country("United States")
    assert united_states is not None
    assert (united_states.latitude, united_states.longitude) == (39.76, -98.5)
    tuvalu = gazetteer.country("TV")  # no override row: the packaged countryinfo centre
    assert tuvalu is not None and (tuvalu.latitude, tuvalu.longitude) != (0.0, 0.0)


def test_geo_quality_name_keys_meet_transliterations() -> None:
    assert sound_key(name_key("Hanasher")) == sound_key(name_key("Khanasir")) == "hnsr"
    assert name_key("St. Petersburg") == name_key("Saint Petersburg")
    assert name_key("Khan Shaykhun") == name_key("Han Sheikhun")
    assert name_key("Донецк") == name_key("Donetsk")
    assert name_key("خان شيخون") == "hanshyhun"  # Arabic script writes no short vowels


def test_geo_quality_arabic_script_finds_the_place(gazetteer: Gazetteer) -> None:
    arabic = gazetteer.candidates("خان شيخون")[0]
    assert arabic.gazetteer_id == gazetteer.candidates("Han Sheikhun")[0].gazetteer_id
    assert arabic.country_code == "SY" and arabic.admin1 == "Idlib"
    assert gazetteer.candidates("Донецк")[0].country_code == "UA"


def test_geo_quality_trimmed_box_middle_ignores_outliers() -> None:
    points = [(10.0 + i / 100, 20.0 + i / 100) for i in range(100)] + [(80.0, 170.0)]
    lat, lon = trimmed_box_middle(points)
    assert 10.0 < lat < 11.0 and 20.0 < lon < 21.0


def _front_line(geocoder: Geocoder, nlp: Any) -> dict[str, ResolvedPlace]:
    return by_text(geocoder.geocode(nlp(FRONT_LINE), make_article(FRONT_LINE)))


def test_geo_quality_front_line_places_without_supplement(geocode: GeocodeFn) -> None:
    found = by_text(geocode(FRONT_LINE))
    assert found["Maarat al-Numan"].place is not None
    provinces = {"Latmin": "Hama", "Lahaya": "Hama", "Itria": "Hama", "Tell Mannas": "Idlib"}
    for name, province in provinces.items():
        place = found[name].place if name in found else None
        assert place is None or (place.admin1 == province and found[name].geo_precision == 3)
    for rp in found.values():  # nothing snaps to a namesake outside Syria
        assert rp.place is None or rp.place.country_code == "SY"


def test_geo_quality_front_line_places_with_supplement(
    cache_dir: Path, tmp_path: Path, nlp: Any
) -> None:
    path = tmp_path / "front_line.yaml"
    path.write_text(SUPPLEMENT, "utf-8")
    gazetteer = Gazetteer.load(cache_dir=cache_dir, supplement_files=[path], with_imports=False)
    found = _front_line(Geocoder(gazetteer), nlp)
    expected = {"Latmin": 35.3261, "Lahaya": 35.36, "Itria": 35.13, "Tell Mannas": 35.5947}
    for name, latitude in expected.items():
        place = found[name].place
        assert place is not None and place.gazetteer_id.startswith("supplement:"), name
        assert place.latitude == latitude and place.country_code == "SY"
    zawiya = found["Jabal al-Zawiya"].place
    assert zawiya is not None and zawiya.feature == "MTS"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")
def test_geo_quality_seed_places_resolve(geocode: GeocodeFn) -> None:
    places: dict[str, ResolvedPlace] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        places.update(by_text(geocode(path.read_text("utf-8"))))
    expected = {
        "Maarat al-Numan": "Idlib", "Kafr Zeita": "Hama", "Morek": "Hama",
        "Taibet Imam": "Hama", "Han Sheikhun": "Idlib", "Hanasher": "Aleppo",
        "Hama": "Hama", "Idlib": "Idlib", "Aleppo": "Aleppo",
    }  # fmt: skip
    for name, admin1 in expected.items():
        place = places[name].place
        assert place is not None and place.country_code == "SY", name
        assert place.admin1 == admin1, name
    hanasher = places["Hanasher"].place
    assert hanasher is not None and hanasher.gazetteer_id == "geonames:168351"  # Khanasir
    for name in ("Latmin", "Lahya", "Itria", "Tell Mannas"):
        rp = places.get(name)
        assert rp is None or rp.place is None or rp.geo_precision == 3, name
