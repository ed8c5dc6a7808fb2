"""Macro-regions: a named part of a continent ("North Africa") stands at the continent's
point; a region that no continent holds ("the Middle East", "the Balkans") is kept whole
and reported unresolved, never as a hamlet of that name. Sentences written for the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.geo.conftest import GeocodeFn, make_article
from tests.geo.placefind import by_text

from polemos.geo import Gazetteer, Geocoder
from polemos.geo.countries import MACRO_REGIONS, macro_region, unplaced_region
from polemos.geo.supplement import SupplementEntry, add_supplement_entry


def test_geo_regions_unplaced_region_names() -> None:
    assert unplaced_region("Middle East") and unplaced_region("the Middle East")
    assert unplaced_region("Balkans") and unplaced_region("Latin America")
    assert not unplaced_region("Africa") and not unplaced_region("Maryland")


def test_geo_regions_part_of_continent_is_the_continent() -> None:
    africa, asia = MACRO_REGIONS["Africa"], MACRO_REGIONS["Asia"]
    assert macro_region("North Africa") == macro_region("Sub-Saharan Africa") == africa
    assert macro_region("Southeast Asia") == macro_region("South-East Asia") == asia
    assert macro_region("South Africa") is None  # a country, not a part of Africa
    assert macro_region("Central America") is None  # not a part of the United States


def test_geo_regions_middle_east_is_not_a_hamlet(geocode: GeocodeFn) -> None:
    places = by_text(geocode("Oil prices rose after fighting spread across the Middle East."))
    assert "Middle East" in places
    found = places["Middle East"]
    assert found.place is None and found.geo_precision == 3, found


def test_geo_regions_part_of_continent_is_kept_whole(geocode: GeocodeFn) -> None:
    text = "Fighters from North Africa and the Balkans travelled to South Africa."
    places = by_text(geocode(text))
    assert set(places) == {"North Africa", "Balkans", "South Africa"}
    north = places["North Africa"]
    assert north.place is not None and north.place.name == "Africa", north
    assert north.geo_precision == 3
    assert places["Balkans"].place is None
    south = places["South Africa"].place
    assert south is not None and south.country_code == "ZA", south


def test_geo_regions_supplement_entry_places_the_region(
    cache_dir: Path, tmp_path: Path, nlp: Any
) -> None:
    path = tmp_path / "places.yaml"  # a user's entry; the point is made up for the test
    add_supplement_entry(path, SupplementEntry("Middle East", 29.0, 41.0, "SA"))
    geocoder = Geocoder(Gazetteer.load(cache_dir=cache_dir, supplement_files=[path]))
    text = "Oil prices rose after fighting spread across the Middle East."
    places = by_text(geocoder.geocode(nlp(text), make_article(text)))
    place = places["Middle East"].place
    assert place is not None and place.gazetteer_id.startswith("supplement:"), place
    assert (place.latitude, place.longitude) == (29.0, 41.0)
