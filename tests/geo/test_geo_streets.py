"""Street and square names never resolve to the place inside their name ("Oxford Street" is
not Oxford); a street lies in the city named beside it, or in the story's city, with
precision 2. Sentences written for the tests."""

from __future__ import annotations

from tests.geo.conftest import GeocodeFn

from polemos.geo.streets import is_address, street_city, street_spans
from polemos.models import ResolvedPlace


def placed(places: list[ResolvedPlace]) -> list[tuple[str, str | None, int]]:
    """(text, name of the place, precision) of each toponym."""
    return [
        (rp.mention.span.text, rp.place.name if rp.place else None, rp.geo_precision)
        for rp in places
    ]


def spanned(text: str) -> list[str]:
    return [text[start:end] for start, end in street_spans(text)]


def test_geo_streets_spans_of_english_and_romance_street_names() -> None:
    assert spanned("Crowds filled Oxford Street and Tahrir Square.") == [
        "Oxford Street", "Tahrir Square",
    ]  # fmt: skip
    assert spanned("A bomb hit Calle del Correo, Madrid.") == ["Calle del Correo"]
    assert spanned("Shots on Rue de Rivoli in Paris.") == ["Rue de Rivoli"]
    assert spanned("On Haifa Street police fired.") == ["Haifa Street"]


def test_geo_streets_spans_leave_county_roads_saints_and_longer_names() -> None:
    assert spanned("The crash closed Otter Tail County Road 80 near Perham.") == []
    assert spanned("Lebanon Street Superintendent Joe Smith spoke.") == []
    assert spanned("He was shot In St. Louis on Monday.") == []
    assert spanned("Harare’s Third Street was closed.") == ["Third Street"]


def test_geo_streets_city_beside_the_street() -> None:
    text = "Haifa Street in Baghdad and Oxford Street, London; Harare's Third Street."
    spans = [(0, 12), (16, 23), (28, 41), (43, 49), (51, 57), (60, 72)]
    assert [text[s:e] for s, e in spans][-2:] == ["Harare", "Third Street"]
    assert street_city(text, spans, 0) == 1
    assert street_city(text, spans, 2) == 3
    assert street_city(text, spans, 5) == 4
    assert street_city("Oxford Street was shut.", [(0, 13)], 0) is None


def test_geo_streets_address_is_not_a_toponym() -> None:
    text = "He lived at 1935 Orchard St. near Oxford Street."
    assert is_address(text, text.index("Orchard"))
    assert not is_address(text, text.index("Oxford"))


def test_geo_streets_street_alone_is_not_its_namesake_city(geocode: GeocodeFn) -> None:
    assert geocode("Crowds gathered on Oxford Street on Saturday.") == []
    assert geocode("Gunmen opened fire in Oxford Road.") == []


def test_geo_streets_street_lies_in_the_city_beside_it(geocode: GeocodeFn) -> None:
    places = geocode("A bomb exploded on Calle del Correo, Madrid, killing two.")
    assert placed(places) == [("Calle del Correo", "Madrid", 2), ("Madrid", "Madrid", 1)]
    assert places[0].place is not None and places[0].place.country_code == "ES"
    places = geocode("The clash happened on Baghdad Street in Damascus.")
    assert placed(places) == [("Baghdad Street", "Damascus", 2), ("Damascus", "Damascus", 1)]


def test_geo_streets_conflict_streets_lie_in_the_story_city(geocode: GeocodeFn) -> None:
    text = "Baghdad was tense. A car bomb hit Haifa Street and Palestine Street."
    places = geocode(text)
    assert [p[0] for p in placed(places)] == ["Baghdad", "Haifa Street", "Palestine Street"]
    for rp in places:
        assert rp.place is not None and rp.place.country_code == "IQ", rp
    assert [rp.geo_precision for rp in places] == [1, 2, 2]


def test_geo_streets_county_road_keeps_its_county(geocode: GeocodeFn) -> None:
    places = geocode("The crash closed Otter Tail County Road 80 near Perham.")
    assert placed(places)[0][0] == "Otter Tail County"
    assert places[0].place is not None and places[0].place.admin1 == "Minnesota"
