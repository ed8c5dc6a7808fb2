"""Namesakes and regions (session 7): spelling against the name key, famous cities with short
keys, "southern Mexico", "Tacoma, Washington", lists after a comma, names of several words
that begin with a stop word or a direction, unplaceable heads of longer names, name days,
and the shipped Eastern Ghouta and Korean Peninsula. Sentences written for the tests."""

from __future__ import annotations

from collections import Counter

from tests.geo.conftest import GeocodeFn
from tests.geo.placefind import by_text, place_of

from polemos.geo import Gazetteer
from polemos.geo.context import DocContext
from polemos.geo.geocoder import _Choice, _unsupported
from polemos.geo.toponym import Toponym


def test_geo_namesakes_spelled_city_beats_key_only_namesake(geocode: GeocodeFn) -> None:
    text = "He asked the Rome police captain who handled his case in Lagos, Nigeria."
    place = place_of(geocode(text), "Rome")
    assert (place.country_code, place.name) == ("IT", "Rome")


def test_geo_namesakes_local_namesake_must_be_spelled_as_the_text(gazetteer: Gazetteer) -> None:
    ctx = DocContext(Counter(), Counter())
    rows = gazetteer.city_rows("paris")
    french = next(r for r in rows if gazetteer.city_row(r)[4] == "FR")
    ctx.regions["US.CA"] = {"riverside"}  # Perris, California shares the key "paris"
    assert ctx.local_namesake(gazetteer, "paris", french)
    assert not ctx.local_namesake(gazetteer, "paris", french, "Paris")


def test_geo_namesakes_direction_before_country_keeps_the_country(geocode: GeocodeFn) -> None:
    text = (
        "Migrants camped in Matias Romero, Oaxaca, Mexico, on Wednesday. The caravan left "
        "southern Mexico on buses."
    )
    places = [rp for rp in geocode(text) if rp.mention.span.text == "Mexico"]
    assert places and all(rp.place is not None for rp in places)
    assert {rp.place.feature for rp in places if rp.place is not None} == {"PCLI"}


def test_geo_namesakes_state_after_a_town_is_the_state(geocode: GeocodeFn) -> None:
    text = "A baker from Tacoma, Washington shares tips for Christmas cookies."
    place = place_of(geocode(text), "Washington")
    assert (place.country_code, place.feature) == ("US", "ADM1")


def test_geo_namesakes_list_after_a_comma_is_no_qualifier(geocode: GeocodeFn) -> None:
    text = "After stops in Washington, New York and Boston, the crown prince flew home."
    place = place_of(geocode(text), "Washington")
    assert place.name == "Washington" and place.admin1 != "New York"


def test_geo_namesakes_regions_of_several_words_stay_whole(geocode: GeocodeFn) -> None:
    text = "The search area in the Indian Ocean was large; rates grew in South America."
    places = by_text(geocode(text))
    assert place_of(list(places.values()), "Indian Ocean").name == "Indian Ocean"
    assert place_of(list(places.values()), "South America").name == "South America"
    assert "Indian" not in places and "America" not in places


def test_geo_namesakes_stop_word_inside_a_known_name(geocode: GeocodeFn) -> None:
    place = place_of(geocode("The Abu Dhabi-based agency said on Thursday."), "Abu Dhabi")
    assert place.country_code == "AE"


def test_geo_namesakes_unplaceable_head_of_longer_name(gazetteer: Gazetteer) -> None:
    unplaced = _Choice(None, 0.0, 1, "no candidate in the document's countries")
    text = "Story Elementary School students"
    story = Toponym(0, 5, "Story", "sturi", "GAZ", cues=["cue"])
    assert _unsupported(story, unplaced, text)
    assert not _unsupported(story, unplaced, "near Story.")
    county_text = "Guernsey County Courthouse"
    county = Toponym(0, 15, "Guernsey County", "guarnsaycuunty", "GPE", cues=["cue"])
    assert not _unsupported(county, unplaced, county_text)


def test_geo_namesakes_name_day_is_no_place(geocode: GeocodeFn) -> None:
    places = by_text(geocode("Crowds in Indianapolis marked St. Patrick's Day on Tuesday."))
    assert "St. Patrick" not in places and "Indianapolis" in places


def test_geo_namesakes_shipped_regions(geocode: GeocodeFn) -> None:
    text = (
        "Syria said the operation in Eastern Ghouta is almost done. China says the Korean "
        "Peninsula should be denuclearized."
    )
    places = by_text(geocode(text))
    ghouta, korea = places["Eastern Ghouta"], places["Korean Peninsula"]
    assert ghouta.place is not None and ghouta.place.country_code == "SY"
    assert korea.place is not None and korea.place.name == "Korean Peninsula"
    assert ghouta.geo_precision == 3 and korea.geo_precision == 3
