"""One sense per discourse and the rules of session 9: a name placed in one mention is a
place in its others, a name qualified once is that place throughout, "D.C." on its own,
"University of North Carolina", states listed together, "UK" in the context, and names met
only through the name key. Sentences written for the tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.tokens import Span
from tests.geo.conftest import GeocodeFn, make_article
from tests.geo.placefind import place_of

from polemos.geo import Geocoder
from polemos.geo.context import DocContext
from polemos.geo.discourse import SHARED, echoes, share_qualified
from polemos.geo.evidence import person_words
from polemos.geo.toponym import Toponym


def _mentions(places: list[Any], text: str) -> list[Any]:
    return [rp for rp in places if rp.mention.span.text == text]


def test_geo_discourse_echo_reports_every_mention_of_a_placed_name(geocode: GeocodeFn) -> None:
    text = (
        "Gainesville police arrested a man on Friday. Another Gainesville business, the "
        "bakery on Main, was robbed. Gainesville said it would add patrols."
    )
    found = _mentions(geocode(text), "Gainesville")
    assert [rp.mention.span.start for rp in found] == [0, 53, 107]
    assert {rp.place.gazetteer_id for rp in found if rp.place} == {
        found[0].place.gazetteer_id if found[0].place else ""
    }


def test_geo_discourse_echoes_skip_people_and_unplaced_names() -> None:
    kept = Toponym(0, 6, "Dublin", "dublin", label="GPE", known=True, strong=True)
    titled = Toponym(30, 36, "Dublin", "dublin", known=True)
    named = Toponym(50, 56, "Dublin", "dublin", known=True)
    surname = Toponym(70, 76, "Dublin", "dublin", known=True, surname=True)
    other = Toponym(90, 95, "Salem", "salem", known=True)
    text = "Dublin" + " " * 19 + "Gov. " + "Dublin" + " " * 44
    echoed = echoes([titled, named, surname, other], [kept], {(50, 56)}, text)
    assert echoed == []  # "Gov. Dublin", a person's name right here, a surname, a new name
    plain = Toponym(120, 126, "Dublin", "dublin", known=True)
    assert echoes([plain], [kept], set(), text + " " * 60) == [plain]
    assert plain.echo


@dataclass
class _FakeChoice:
    reason: str | None
    row: int | None


def test_geo_discourse_share_qualified_needs_one_qualified_place() -> None:
    tops = [Toponym(i * 10, i * 10 + 5, "Xtown", "xtown") for i in range(3)]
    choices = [_FakeChoice("qualified", 7), _FakeChoice(None, 9), _FakeChoice(None, 7)]
    shared = share_qualified(tops, choices, "qualified")
    assert [c.row for c in shared] == [7, 7, 7] and shared[1].reason == SHARED
    two_ways = [_FakeChoice("qualified", 7), _FakeChoice("qualified", 8), _FakeChoice(None, 9)]
    assert [c.row for c in share_qualified(tops, two_ways, "qualified")] == [7, 8, 9]


def test_geo_discourse_qualified_name_is_that_place_throughout(geocode: GeocodeFn) -> None:
    text = (
        "Springfield, Ohio — The school board met on Monday. Springfield's finances are "
        "tight, and Springfield voters will decide in May."
    )
    found = _mentions(geocode(text), "Springfield")
    assert len(found) == 3
    assert all(rp.place is not None and rp.place.admin1 == "Ohio" for rp in found)


def test_geo_discourse_dc_on_its_own(geocode: GeocodeFn) -> None:
    places = geocode("She moved to D.C. after college and works in Northwest D.C. now.")
    found = _mentions(places, "D.C.")
    assert len(found) == 2
    assert all(rp.place is not None and rp.place.admin1 == "District of Columbia" for rp in found)


def test_geo_discourse_compass_word_inside_a_longer_name(geocode: GeocodeFn) -> None:
    places = geocode("He played basketball at the University of North Carolina for two years.")
    place = place_of(places, "North Carolina")
    assert place.country_code == "US" and place.feature == "ADM1"
    assert not _mentions(places, "Carolina")


def test_geo_discourse_state_listed_beside_a_state(geocode: GeocodeFn) -> None:
    places = geocode("Tech jobs went to western states such as California or Washington.")
    assert place_of(places, "Washington").feature == "ADM1"
    places = geocode("He backed Oregon and Washington laws that allow it.")
    assert place_of(places, "Washington").admin1 == "Washington"
    places = geocode("Flights between New York and Washington were cut.")  # two cities
    assert place_of(places, "Washington").admin1 == "District of Columbia"
    places = geocode("People came from as far as Texas and Washington, D.C., to see him.")
    assert place_of(places, "Washington").admin1 == "District of Columbia"


def test_geo_discourse_uk_and_names_met_through_the_key(geocode: GeocodeFn) -> None:
    text = "Fans of Liverpool clashed with police before the match at Anfield, UK, against "
    text += "Manchester City."
    places = geocode(text)
    assert place_of(places, "Liverpool").country_code == "GB"
    assert place_of(places, "Manchester").country_code == "GB"


def test_geo_discourse_big_city_beats_small_namesake_in_named_state(geocode: GeocodeFn) -> None:
    places = geocode("The Irish beat UConn in Columbus, Ohio, and will face Louisville on Sunday.")
    assert place_of(places, "Louisville").admin1 == "Kentucky"


def test_geo_discourse_alias_of_a_province_stays_out_of_context(geocode: GeocodeFn) -> None:
    text = (
        "When Alexandria police found the body, detectives in Alexandria and Virginia state "
        "police began a search."
    )
    for rp in _mentions(geocode(text), "Alexandria"):
        assert rp.place is not None and rp.place.admin1 == "Virginia"


def test_geo_discourse_continent_adjectives(nlp: Any, geocoder: Geocoder) -> None:
    text = "North American leaders met Central American envoys and South American ministers."
    places = geocoder.geocode(nlp(text), make_article(text), demonyms=True)
    assert place_of(places, "North American").name == "North America"
    assert place_of(places, "South American").name == "South America"
    central = _mentions(places, "Central American")
    assert len(central) == 1 and central[0].place is None  # no point of its own


def test_geo_discourse_institution_is_no_person() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Alexandria Police said Ray Hopkins and the Abuja Chamber of Commerce agreed.")
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),  # Alexandria Police
        Span(doc, 3, 5, label="PERSON"),  # Ray Hopkins
        Span(doc, 7, 11, label="PERSON"),  # Abuja Chamber of Commerce
    ]
    assert person_words(doc) == frozenset({"Ray", "Hopkins"})


def test_geo_discourse_main_state_weighs_most() -> None:
    ctx = DocContext(Counter({"US": 6}), Counter({"US.IN": 5, "US.KY": 1}))
    assert ctx.admin1_weight("US.IN") == 1.0
    assert ctx.admin1_weight("US.KY") == 0.2
    assert ctx.admin1_weight("US.OH") == 0.0
    assert DocContext(Counter(), Counter()).admin1_weight("US.IN") == 0.0
