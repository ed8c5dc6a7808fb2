"""A word that spaCy reads as part of a person's name elsewhere in the text is still a place
right after "in" or "from" (session 10). Sentences written for the tests."""

from __future__ import annotations

from tests.geo.conftest import GeocodeFn

from polemos.geo.evidence import place_preposition_before


def test_geo_surnames_preposition_before_a_lone_word() -> None:
    text = "A woman from Lancaster won. The race in Sochi. In Lancaster, rain."
    assert place_preposition_before(text, 13, 22)
    assert place_preposition_before(text, 40, 45)
    assert not place_preposition_before(text, 50, 59)  # a sentence's first word


def test_geo_surnames_name_going_on_is_no_place() -> None:
    for text, word in (("a gift from Lancaster's family", "Lancaster"),
                       ("an offer from Stevens & Wilkinson", "Stevens"),
                       ("a trip in Michael Marshall's plane", "Michael")):  # fmt: skip
        start = text.index(word)
        assert not place_preposition_before(text, start, start + len(word)), text


def test_geo_surnames_town_after_from_despite_a_namesake_person(geocode: GeocodeFn) -> None:
    text = (
        "Paul Lancaster praised the students. A woman from Lancaster won the top award, "
        "and Lancaster officials said so."
    )
    found = [rp for rp in geocode(text) if rp.mention.span.text == "Lancaster"]
    assert [rp.mention.span.start for rp in found] == [text.index("from Lancaster") + 5]
    assert found[0].place is not None and found[0].place.name == "Lancaster"


def test_geo_surnames_possessive_after_from_stays_the_person(geocode: GeocodeFn) -> None:
    text = "The award went to Paul Lancaster. It was a gift from Lancaster's family."
    assert not [rp for rp in geocode(text) if rp.mention.span.text == "Lancaster"]
