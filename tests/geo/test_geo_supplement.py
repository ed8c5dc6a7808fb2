"""User supplements (YAML/CSV): validation, appending, and merging into the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemos.geo import Gazetteer, name_key
from polemos.geo.supplement import (
    SupplementEntry,
    SupplementError,
    add_supplement_entry,
    load_supplement,
    search,
)

YAML_TEXT = """\
# front-line places missing from GeoNames
- name: Tell Mannas
  aliases: [Talmenes, Tal Mannas]
  lat: 35.5947
  lon: 36.6944
  country: SY
  admin1: Idlib
  feature: PPL
  source: seed article, checked on a map
- name: Jabal al-Zawiya
  lat: 35.70
  lon: 36.50
  country: sy
  admin1: Idlib province
  feature: T.MTS
"""

CSV_TEXT = """\
name,aliases,lat,lon,country,admin1,feature,source
Lahaya,Lahaia|Al-Lahaya,35.36,36.61,SY,Hama,PPL,note
Itria,,35.13,37.77,SY,Hama,PPL,
"""


def test_load_yaml_supplement(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text(YAML_TEXT, "utf-8")
    tell, jabal = load_supplement(path)
    assert tell.name == "Tell Mannas" and tell.aliases == ("Talmenes", "Tal Mannas")
    assert (tell.lat, tell.lon, tell.country, tell.admin1) == (35.5947, 36.6944, "SY", "Idlib")
    assert tell.source == "seed article, checked on a map"
    assert jabal.country == "SY" and jabal.feature == "T.MTS"
    assert tell.gazetteer_id == f"supplement:sy-{name_key('Tell Mannas')}"


def test_load_csv_supplement(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(CSV_TEXT, "utf-8")
    lahaya, itria = load_supplement(path)
    assert lahaya.aliases == ("Lahaia", "Al-Lahaya") and lahaya.admin1 == "Hama"
    assert itria.aliases == () and itria.source is None and itria.feature == "PPL"


@pytest.mark.parametrize(
    ("suffix", "text", "message"),
    [
        (".yaml", "- name: A\n  lat: 1\n  lon: 2\n  country: SY\n- name: B\n", "entry 2: lat must"),
        (".yaml", "- name: A\n  lat: 95\n  lon: 2\n  country: SY\n", "lat 95.0 is outside"),
        (".yaml", "- name: A\n  lat: 1\n  lon: 2\n  country: Syria\n", "not an ISO 3166-1"),
        (".yaml", "- name: A\n  lat: 1\n  lon: 2\n  country: SY\n  colour: red\n", "unknown field"),
        (".yaml", "- name: A\n  lat: 1\n  lon: 2\n  country: SY\n  feature: a hill\n", "feature"),
        (".yaml", "name: A\n", "expected a YAML list"),
        (".yaml", "- [unclosed\n", "not valid YAML"),
        (".csv", "name,lat,lon,country\nA,1,2,SY\nB,1,2,XX\n", r"bad\.csv: line 3: country"),
        (".csv", "name,lat\nA,1\n", "CSV header lacks country, lon"),
    ],
)
def test_supplement_errors_name_file_and_row(
    tmp_path: Path, suffix: str, text: str, message: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, "utf-8")
    with pytest.raises(SupplementError, match=message):
        load_supplement(path)


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_add_supplement_entry_creates_and_appends(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "sub" / f"mine{suffix}"
    first = SupplementEntry("Latmin", 35.3261, 36.6447, "SY", ("Al-Lataminah",), "Hama")
    second = SupplementEntry("Itria", 35.13, 37.77, "SY", feature="PPL", source="map")
    add_supplement_entry(path, first)
    add_supplement_entry(path, second)
    assert load_supplement(path) == [first, second]
    if suffix == ".yaml":
        assert path.read_text("utf-8").startswith("# Polemos gazetteer supplement")


def test_gazetteer_merges_supplements(cache_dir: Path, tmp_path: Path) -> None:
    yaml_path = tmp_path / "places.yaml"
    yaml_path.write_text(YAML_TEXT, "utf-8")
    csv_path = tmp_path / "places.csv"
    csv_path.write_text(CSV_TEXT, "utf-8")
    gaz = Gazetteer.load(cache_dir=cache_dir, supplement_files=[yaml_path, csv_path])

    tell = gaz.candidates("Talmenes")[0]
    assert tell.gazetteer_id == f"supplement:sy-{name_key('Tell Mannas')}"
    assert tell.name == "Tell Mannas" and tell.country == "Syria" and tell.admin1 == "Idlib"
    assert tell.admin2 is not None and tell.feature == "PPL"
    assert gaz.candidates("Jabal al-Zawiya")[0].feature == "MTS"
    syrian = [p for p in search(gaz, "Lahaia") if p.country_code == "SY"]  # (La Haye: NL)
    assert syrian[0].name == "Lahaya" and syrian[0].gazetteer_id.startswith("supplement:")
    assert gaz.city_rows(name_key("Itria")), "the geocoder's lookup sees supplement entries"
    assert any(gaz.city_row(row)[1] == "Itria" for _, row in gaz.fuzzy_keys("SY"))
    assert len(gaz) == len(Gazetteer.load(cache_dir=cache_dir)) + 4


def test_supplement_wins_ties_with_namesakes_in_its_country(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "places.yaml"
    add_supplement_entry(path, SupplementEntry("Kafranbel", 35.62, 36.57, "SY", admin1="Idlib"))
    add_supplement_entry(path, SupplementEntry("Aleppo", 30.0, -90.0, "US"))
    gaz = Gazetteer.load(cache_dir=cache_dir, supplement_files=[path])
    rows = gaz.city_rows(name_key("Kafranbel"))
    assert gaz.city_place(rows[0]).gazetteer_id.startswith("supplement:")
    assert gaz.city_row(rows[0])[6] >= max(gaz.city_row(r)[6] for r in rows[1:])
    assert gaz.candidates("Kafranbel")[0].gazetteer_id.startswith("supplement:")
    # a namesake in another country does not lift it above the Syrian city
    aleppo = gaz.candidates("Aleppo")
    city = [p for p in aleppo if p.feature == "PPL"]
    assert city[0].country_code == "SY"
