"""A county of half a million people is a place without a cue, as a state is (session 10).
Sentences written for the tests."""

from __future__ import annotations

from tests.geo.conftest import GeocodeFn
from tests.geo.placefind import place_of

from polemos.geo import Gazetteer
from polemos.geo.evidence import big_county_name
from polemos.geo.names import name_key


def test_geo_counties_big_county_name(gazetteer: Gazetteer) -> None:
    assert big_county_name(gazetteer, "Lancashire", name_key("Lancashire"))
    assert not big_county_name(gazetteer, "Lancaster", name_key("Lancaster"))  # towns
    assert name_key("Kentt") == name_key("Kent")
    assert big_county_name(gazetteer, "Kent", name_key("Kent"))
    assert not big_county_name(gazetteer, "Kentt", name_key("Kentt"))  # spelled otherwise


def test_geo_counties_bare_county_found_and_placed(geocode: GeocodeFn) -> None:
    text = "Small businesses across Lancashire will get rent grants this year."
    place = place_of(geocode(text), "Lancashire")
    assert place.country_code == "GB" and place.feature == "ADM2", place
